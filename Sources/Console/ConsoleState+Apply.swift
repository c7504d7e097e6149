import Foundation
import Workload

extension ConsoleState {
    /// The keys that change a real server's accounts, and what pressing them again confirms.
    static func confirmation(_ action: ConsoleAction) -> String? {
        switch action {
        case .injectDivergence: "d (inject a divergence)"
        case .resyncAll: "r (resync every account)"
        case .resyncSelected: "R (resync the account)"
        default: nil
        }
    }

    /// Rates `+`/`-` step through: round numbers an operator can read at a glance.
    static let rateSteps: [Double] = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000, 5_000]

    /// The reducer: changes the console state for `action` and returns what the engine must do.
    /// Never talks to the engine itself, so the screen never waits on it.
    public mutating func apply(_ action: ConsoleAction) -> [ConsoleCommand] {
        // Two presses in a row confirm; anything else in between disarms.
        let confirmed = armed == action
        armed = nil
        if realServer, let what = Self.confirmation(action), !confirmed {
            armed = action
            say("real server: press \(what) again to confirm (any other key cancels)", frames: 60)
            return []
        }
        switch action {
        case .togglePause:
            log("console", paused ? "resume requested" : "pause requested")
            return [paused ? .resume : .pause]
        case .toggleFreeze:
            frozen.toggle()
            say(frozen ? "view frozen (f to follow the engine again)" : "view follows the engine")
        case .resyncAll:
            log("resync", "resync of all accounts requested")
            say("resync all accounts")
            return [.resync(account: nil)]
        case .resyncSelected:
            guard let a = selected else { say("no account selected"); return [] }
            log("resync", "resync of \(AccountView.short(a, width: 12)) requested")
            return [.resync(account: a)]
        case .healSelected:
            guard let a = selected else { say("no account selected"); return [] }
            overlay = .healConfirm(account: a, plan: nil)
            return [.loadHealPlan(account: a)]
        case .injectDivergence:
            guard let a = selected else { say("no account selected"); return [] }
            if let role = operatorAccounts[a] {
                say("d targets workload accounts only: \(AccountView.short(a, width: 12)) is the \(role.rawValue)")
                return []
            }
            say("divergence injected on \(AccountView.short(a, width: 12))")
            return [.injectDivergence(account: a)]
        case .faultMenu:
            guard !faults.isEmpty else { say("faults need the embedded simulator (this run is on a real server)"); return [] }
            overlay = .faultMenu(selected: 0)
        case .cycleStrategy:
            let next = strategy.next
            strategy = next
            say("strategy \(next.rawValue)")
            return [.setStrategy(next)]
        case .rateUp, .rateDown:
            let up = action == .rateUp
            let next = up
                ? (Self.rateSteps.first { $0 > targetRate + 0.001 } ?? targetRate)
                : (Self.rateSteps.last { $0 < targetRate - 0.001 } ?? targetRate)
            guard next != targetRate else { say("rate already at its \(up ? "highest" : "lowest") step"); return [] }
            targetRate = next
            say("target rate \(Int(next)) tx/s")
            return [.setRate(next)]
        case .cycleSort:
            let all = Sort.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
            say("sort: \(sort.rawValue)")
        case .beginFilter:
            editingFilter = true
        case .filterInput(let c):
            filter.append(c)
            accountScroll = 0
        case .filterBackspace:
            if !filter.isEmpty { filter.removeLast() }
        case .focusNext:
            focus = focus == .accounts ? .events : .accounts
        case .move(let m):
            move(m)
        case .openDetail:
            guard let a = selected else { say("no account selected"); return [] }
            overlay = .detail(account: a, nil)
            return [.loadDetail(account: a)]
        case .help:
            overlay = .help
        case .confirm:
            if editingFilter { editingFilter = false; return [] }
            switch overlay {
            case .healConfirm(let a, let plan?):
                overlay = nil
                log("heal", "heal of \(AccountView.short(a, width: 12)) confirmed (\(plan.count) step\(plan.count == 1 ? "" : "s"))")
                return [.heal(account: a)]
            case .healConfirm:
                say("the heal plan is still loading")
            case .faultMenu(let i) where faults.indices.contains(i):
                overlay = nil
                return [.injectFault(faults[i].spec.replacingOccurrences(of: "{selected}", with: selected ?? ""))]
            default:
                overlay = nil
            }
        case .cancel:
            if editingFilter {
                editingFilter = false
                filter = ""
            } else if case .healConfirm = overlay {
                overlay = nil
                say("heal cancelled")
            } else if overlay != nil {
                overlay = nil
            } else if !filter.isEmpty {
                filter = ""
            }
        case .quit:
            quitRequested = true
        case .healPlanLoaded(let a, let plan):
            if case .healConfirm(a, _) = overlay { overlay = .healConfirm(account: a, plan: plan) }
        case .detailLoaded(let d):
            if case .detail(d.address, _) = overlay { overlay = .detail(account: d.address, d) }
        case .notice(let text):
            log("console", text)
        case .faultResult(let text):
            log("fault", text)
            say(text)
        }
        clampScroll()
        return []
    }

    private mutating func move(_ m: ConsoleAction.Move) {
        if case .faultMenu(let i) = overlay {
            let n = faults.count
            overlay = .faultMenu(selected: m == .up ? max(0, i - 1) : min(n - 1, i + 1))
            return
        }
        if overlay != nil { return }
        if focus == .events {
            switch m {
            case .up: eventScroll += 1
            case .down: eventScroll -= 1
            case .pageUp: eventScroll += 5
            case .pageDown: eventScroll -= 5
            case .home: eventScroll = eventCount
            case .end: eventScroll = 0
            }
            eventScroll = max(0, min(eventScroll, max(0, eventCount - 1)))
            return
        }
        guard !visible.isEmpty else { return }
        let i = selectedIndex ?? 0
        let j: Int
        switch m {
        case .up: j = i - 1
        case .down: j = i + 1
        case .pageUp: j = i - pageSize
        case .pageDown: j = i + pageSize
        case .home: j = 0
        case .end: j = visible.count - 1
        }
        selected = visible[max(0, min(visible.count - 1, j))]
        selectionMoved = true
    }
}
