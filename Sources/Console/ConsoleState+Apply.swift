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
        // Keys that act on the selected account mean nothing while the events panel has focus.
        if focus == .events, Self.accountKeys.contains(action) {
            say("\(Self.keyName(action)) acts on the accounts panel: Tab moves the focus there")
            return []
        }
        return perform(action)
    }

    /// Account actions, which need the accounts panel focused.
    static let accountKeys: [ConsoleAction] = [.resyncSelected, .healSelected, .injectDivergence, .openDetail, .cycleSort, .reverseSort]

    static func keyName(_ a: ConsoleAction) -> String {
        switch a {
        case .resyncSelected: "R"
        case .healSelected: "h"
        case .injectDivergence: "d"
        case .openDetail: "Enter"
        case .cycleSort: "o"
        case .reverseSort: "O"
        default: "that key"
        }
    }

    /// The action, already confirmed where it needs it.
    mutating func perform(_ action: ConsoleAction) -> [ConsoleCommand] {
        switch action {
        case .togglePause:
            log("console", paused ? "resume requested" : "pause requested")
            say(paused ? "resume requested" : "pause requested (in-flight transactions still finish)")
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
            say("resync of \(AccountView.short(a, width: 12)) requested")
            return [.resync(account: a)]
        case .healSelected:
            guard let a = selected else { say("no account selected"); return [] }
            overlay = .healConfirm(account: a, plan: nil)
            overlayLoadedLedger = nil
            overlayLoadedAt = nil
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
            say("sort: \(sort.rawValue)\(sortReversed ? " (reversed)" : "") · O reverses")
        case .reverseSort:
            sortReversed.toggle()
            say("sort: \(sort.rawValue)\(sortReversed ? " reversed" : "")")
        case .beginFilter:
            editingFilter = true
        case .filterInput(let c):
            if focus == .events {
                eventFilter.append(c)
                eventScroll = 0
            } else {
                filter.append(c)
                accountScroll = 0
            }
        case .filterBackspace:
            if focus == .events {
                if !eventFilter.isEmpty { eventFilter.removeLast() }
            } else if !filter.isEmpty {
                filter.removeLast()
            }
        case .focusNext:
            focus = focus == .accounts ? .events : .accounts
            say(focus == .events ? "focus: events (↑↓ scroll, / filter, v details)" : "focus: accounts")
        case .toggleDetails:
            showDetails.toggle()
            say(showDetails ? "event log shows the per-account lines behind bulk actions" : "event log shows summaries only")
        case .beginCommand:
            command = ""
            completions = []
        case .commandInput(let c):
            command?.append(c)
            completions = []
        case .commandBackspace:
            if command?.isEmpty == true { command = nil } else { command?.removeLast() }
            completions = []
        case .complete:
            guard let line = command else { return [] }
            let (next, candidates) = CommandLine.complete(line, accounts: accounts)
            command = next
            completions = candidates.count > 1 ? candidates : []
            if candidates.isEmpty { say("nothing to complete") }
        case .export:
            say("exporting the snapshot and the screen…")
            return [.export]
        case .redraw:
            return [.redraw]
        case .unbound(let key):
            say("\(key) does nothing here; ? lists the keys")
        case .move(let m):
            move(m)
        case .openDetail:
            guard let a = selected else { say("no account selected"); return [] }
            overlay = .detail(account: a, nil)
            detailScroll = 0
            return [.loadDetail(account: a)]
        case .openCharts:
            overlay = .charts
        case .help:
            overlay = .help
            helpScroll = 0
        case .confirm:
            if editingFilter { editingFilter = false; return [] }
            if let line = command {
                command = nil
                completions = []
                return run(line)
            }
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
            if command != nil {
                command = nil
                completions = []
            } else if editingFilter {
                editingFilter = false
                if focus == .events { eventFilter = "" } else { filter = "" }
            } else if case .healConfirm = overlay {
                overlay = nil
                say("heal cancelled")
            } else if overlay != nil {
                overlay = nil
            } else if focus == .events, !eventFilter.isEmpty {
                eventFilter = ""
            } else if !filter.isEmpty {
                filter = ""
            } else {
                say("Esc: nothing to close")
            }
        case .quit:
            quitRequested = true
        case .healPlanLoaded(let a, let plan):
            if case .healConfirm(a, _) = overlay {
                overlay = .healConfirm(account: a, plan: plan)
                overlayLoadedLedger = ledger
                overlayLoadedAt = wallNow
            }
        case .detailLoaded(let d):
            if case .detail(d.address, _) = overlay {
                overlay = .detail(account: d.address, d)
                overlayLoadedLedger = ledger
                overlayLoadedAt = wallNow
            }
        case .activeFaults(let list):
            activeFaults = list
        case .notice(let text):
            log("console", text)
            say(text, frames: 60)
        case .faultResult(let text):
            log("fault", text)
            say(text)
        }
        clampScroll()
        return []
    }

    /// Runs a typed command. Typing it out is its own confirmation, even against a real server.
    mutating func run(_ line: String) -> [ConsoleCommand] {
        switch CommandLine.parse(line, accounts: accounts) {
        case .failure(let e):
            say(":\(line): \(e.description)", frames: 60)
            return []
        case .success(let parsed):
            switch parsed {
            case .goto(let a):
                if !visible.contains(a) { filter = "" }
                selected = a
                selectionMoved = true
                focus = .accounts
                say("selected \(a)")
            case .heal(let a):
                selected = a
                selectionMoved = true
                return perform(.healSelected)
            case .resyncAll: return perform(.resyncAll)
            case .resync(let a):
                selected = a
                selectionMoved = true
                return perform(.resyncSelected)
            case .rate(let r):
                targetRate = r
                say("target rate \(r == r.rounded() ? String(Int(r)) : String(r)) tx/s")
                return [.setRate(r)]
            case .strategy(let k):
                strategy = k
                say("strategy \(k.rawValue)")
                return [.setStrategy(k)]
            case .fault(let spec):
                guard !faults.isEmpty else { say("faults need the embedded simulator (this run is on a real server)"); return [] }
                return [.injectFault(spec.replacingOccurrences(of: "{selected}", with: selected ?? ""))]
            case .sort(let s):
                sort = s
                say("sort: \(s.rawValue)")
            case .filter(let text):
                if focus == .events { eventFilter = text } else { filter = text }
                say(text.isEmpty ? "filter cleared" : "filter \"\(text)\"")
            case .export: return perform(.export)
            case .pause:
                guard !paused else { say("already paused"); return [] }
                return perform(.togglePause)
            case .resume:
                guard paused else { say("already running"); return [] }
                return perform(.togglePause)
            case .help: return perform(.help)
            case .quit: quitRequested = true
            }
            clampScroll()
            return []
        }
    }

    private mutating func move(_ m: ConsoleAction.Move) {
        if overlay == .help {
            helpScroll = max(0, helpScroll + (m == .up ? -1 : m == .down ? 1 : m == .pageUp ? -10 : m == .pageDown ? 10 : 0))
            return
        }
        if case .detail = overlay {
            detailScroll = max(0, detailScroll + (m == .up ? 1 : m == .down ? -1 : m == .pageUp ? 10 : m == .pageDown ? -10 : 0))
            return
        }
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
