import Foundation
import Testing
import Workload
@testable import Console

/// Keys → actions → state and engine commands, without a terminal or an engine.
@Suite struct ReducerTests {
    static func synced(accounts: Int = 6, page: Int = 3) throws -> (ConsoleState, Snapshot) {
        let s = try ConsoleFixture.snapshot(accounts: accounts)
        var st = ConsoleState(faults: [FaultMenuEntry("drop", spec: "drop=0.2"), FaultMenuEntry("foreign", spec: "foreign={selected}")])
        st.sync(snapshot: s, pageSize: page)
        return (st, s)
    }

    static func press(_ st: inout ConsoleState, _ keys: Key...) -> [ConsoleCommand] {
        var out: [ConsoleCommand] = []
        for k in keys { if let a = KeyMap.action(for: k, in: st) { out += st.apply(a) } }
        return out
    }

    @Test func sortCycles() throws {
        var (st, s) = try Self.synced()
        var seen: [ConsoleState.Sort] = []
        for _ in 0..<6 {
            _ = Self.press(&st, .char("o"))
            seen.append(st.sort)
        }
        #expect(seen == [.status, .gap, .address, .inFlight, .lastResult, .natural])
        st.sort = .gap
        st.sync(snapshot: s, pageSize: 3)
        let gaps = AccountView.rows(s.accounts, sort: .gap, filter: "").map { abs($0.gap ?? 0) }
        #expect(gaps == gaps.sorted(by: >))
        #expect(AccountView.rows(s.accounts, sort: .address, filter: "").map(\.address) == s.accounts.map(\.address).sorted())
    }

    @Test func filterTypesAndEscClears() throws {
        var (st, s) = try Self.synced()
        _ = Self.press(&st, .char("/"), .char("d"), .char("i"), .char("v"))
        #expect(st.editingFilter && st.filter == "div")
        // While typing, letters are text, not commands.
        #expect(Self.press(&st, .char("p")).isEmpty)
        _ = Self.press(&st, .backspace, .enter)
        #expect(!st.editingFilter && st.filter == "div")
        st.sync(snapshot: s, pageSize: 3)
        #expect(Array(st.visible) == [ConsoleFixture.address(1)])
        #expect(st.selected == ConsoleFixture.address(1))
        _ = Self.press(&st, .escape)
        #expect(st.filter.isEmpty)
    }

    @Test func selectionAndScrollStayInBounds() throws {
        var (st, s) = try Self.synced(accounts: 10, page: 3)
        _ = Self.press(&st, .up, .up)
        #expect(st.selectedIndex == 0 && st.accountScroll == 0)
        _ = Self.press(&st, .down, .down, .down)
        #expect(st.selectedIndex == 3 && st.accountScroll == 1)
        _ = Self.press(&st, .pageDown, .pageDown, .pageDown, .pageDown)
        #expect(st.selectedIndex == 9 && st.accountScroll == 7)
        _ = Self.press(&st, .end, .down)
        #expect(st.selectedIndex == 9)
        _ = Self.press(&st, .home)
        #expect(st.selectedIndex == 0 && st.accountScroll == 0)
        // The selection follows the account, not the row, when the order changes.
        _ = Self.press(&st, .down, .down)
        let chosen = st.selected
        st.sort = .address
        st.sync(snapshot: s, pageSize: 3)
        #expect(st.selected == chosen)
        let i = try #require(st.selectedIndex)
        #expect(i >= st.accountScroll && i < st.accountScroll + 3)
    }

    @Test func healShowsPlanThenEnterConfirms() throws {
        var (st, _) = try Self.synced()
        let a = try #require(st.selected)
        #expect(Self.press(&st, .char("h")) == [.loadHealPlan(account: a)])
        #expect(st.overlay == .healConfirm(account: a, plan: nil))
        // Enter before the plan arrives does nothing to the engine.
        #expect(Self.press(&st, .enter).isEmpty)
        let plan = try ConsoleFixture.healPlan()
        _ = st.apply(.healPlanLoaded(account: a, plan: plan))
        #expect(st.overlay == .healConfirm(account: a, plan: plan))
        #expect(Self.press(&st, .enter) == [.heal(account: a)])
        #expect(st.overlay == nil)
    }

    @Test func escCancelsHeal() throws {
        var (st, _) = try Self.synced()
        _ = Self.press(&st, .char("h"))
        #expect(Self.press(&st, .escape).isEmpty)
        #expect(st.overlay == nil)
        #expect(st.flash == "heal cancelled")
    }

    @Test func strategyCyclesAndRateSteps() throws {
        var (st, _) = try Self.synced()
        #expect(st.strategy == .heal)
        #expect(Self.press(&st, .char("s")) == [.setStrategy(.none)])
        #expect(Self.press(&st, .char("s")) == [.setStrategy(.global)])
        #expect(st.targetRate == 50)
        #expect(Self.press(&st, .char("+")) == [.setRate(75)])
        #expect(Self.press(&st, .char("-"), .char("-")) == [.setRate(50), .setRate(30)])
        st.targetRate = 1
        #expect(Self.press(&st, .char("-")).isEmpty)
    }

    /// Against a real server, d, r and R act on the second press in a row only; another key in
    /// between disarms. On the embedded simulator they act at once.
    @Test func dangerousKeysAskForConfirmationOnARealServer() throws {
        var (st, _) = try Self.synced()
        let a = try #require(st.selected)
        st.realServer = true
        for (key, command) in [("d", ConsoleCommand.injectDivergence(account: a)), ("r", .resync(account: nil)), ("R", .resync(account: a))] {
            #expect(Self.press(&st, .char(Character(key))).isEmpty, "\(key) acted at once")
            #expect(st.flash?.contains("press \(key)") == true, "\(st.flash ?? "")")
            #expect(Self.press(&st, .char(Character(key))) == [command])
            // Armed, then another key: the next press arms again instead of acting.
            _ = Self.press(&st, .char(Character(key)))
            _ = Self.press(&st, .char("o"))
            #expect(Self.press(&st, .char(Character(key))).isEmpty)
            _ = Self.press(&st, .char("o"))
        }
    }

    /// `d` never targets the funder or the issuer: it says so and sends nothing.
    @Test func divergenceNeverTargetsTheFunderOrTheIssuer() throws {
        var (st, s) = try Self.synced()
        let funder = try JSONDecoder().decode(AccountRow.self, from: Data("""
            {"address":"rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh","cached_next_seq":9,"ledger_seq":9,"ledger_seq_current":9,"gap":0,"in_flight":0,
             "queued":0,"held":0,"status":"OK","generation":0,"missing":0,"role":"funder"}
            """.utf8))
        var snap = s
        snap.accounts.insert(funder, at: 0)
        st.sync(snapshot: snap, pageSize: 3)
        st.selected = funder.address
        #expect(Self.press(&st, .char("d")).isEmpty)
        #expect(st.flash?.contains("is the funder") == true, "\(st.flash ?? "")")
    }

    @Test func engineCommandsFromKeys() throws {
        var (st, _) = try Self.synced()
        let a = try #require(st.selected)
        #expect(Self.press(&st, .char("p")) == [.pause])
        st.paused = true
        #expect(Self.press(&st, .char("p")) == [.resume])
        #expect(Self.press(&st, .char("r")) == [.resync(account: nil)])
        #expect(Self.press(&st, .char("R")) == [.resync(account: a)])
        #expect(Self.press(&st, .char("d")) == [.injectDivergence(account: a)])
        #expect(Self.press(&st, .enter) == [.loadDetail(account: a)])
        #expect(Self.press(&st, .escape).isEmpty && st.overlay == nil)
        _ = Self.press(&st, .char("q"))
        #expect(st.quitRequested)
    }

    @Test func faultMenu() throws {
        var (st, _) = try Self.synced()
        _ = Self.press(&st, .char("x"))
        #expect(st.overlay == .faultMenu(selected: 0))
        _ = Self.press(&st, .down, .down)
        #expect(st.overlay == .faultMenu(selected: 1))
        #expect(Self.press(&st, .enter) == [.injectFault("foreign=\(st.selected!)")])
        // Without a simulator the key says why instead of doing nothing.
        var real = ConsoleState()
        #expect(Self.press(&real, .char("x")).isEmpty)
        #expect(real.overlay == nil && real.flash?.contains("embedded simulator") == true)
    }

    @Test func freezeAndFocus() throws {
        var (st, _) = try Self.synced()
        _ = Self.press(&st, .char("f"))
        #expect(st.frozen)
        _ = Self.press(&st, .tab)
        #expect(st.focus == .events)
        _ = Self.press(&st, .up, .up)
        #expect(st.eventScroll == 2 && st.selectedIndex == 0)
        _ = Self.press(&st, .end, .tab, .char("f"))
        #expect(st.eventScroll == 0 && st.focus == .accounts && !st.frozen)
    }

    @Test func displayWidthIgnoresLocale() {
        #expect(displayWidth("─┌▲▁█") == 5)
        #expect(displayWidth("日本") == 4)
        #expect(displayWidth("e\u{301}") == 1)
        var b = CellBuffer(width: 6, height: 1)
        #expect(b.write("a日b", x: 0, y: 0) == 4)
        #expect(b.line(0) == "a日b  ")
    }

    @Test func widgets() {
        #expect(Sparkline.render([0, 1, 2, 4, 8], width: 5) == " ▂▃▅█")
        #expect(Sparkline.render([1], width: 3) == "  █")
        #expect(Gauge(value: 1, capacity: 2480).filled(width: 20) == 1)
        #expect(Gauge(value: 0, capacity: 10).filled(width: 20) == 0)
        #expect(Gauge(value: 31, capacity: 124).filled(width: 20) == 5)
        let t = Table([.init("A", 5, priority: 9), .init("B", 10, flex: 1), .init("C", 5, priority: 1)], width: 16)
        #expect(t.widths == [5, 10, 0])
    }
}
