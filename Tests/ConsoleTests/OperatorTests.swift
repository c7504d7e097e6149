import Foundation
import Testing
import Workload
@testable import Console

/// Operator ergonomics: the command line, feedback for every key, sorts, the event log's
/// filter and scroll-back, and a freeze that holds everything.
@Suite struct OperatorTests {
    static func type(_ st: inout ConsoleState, _ text: String) -> [ConsoleCommand] {
        var out: [ConsoleCommand] = []
        for c in text { out += ReducerTests.press(&st, .char(c)) }
        return out
    }

    @Test func gotoFindsAnAccountByPrefixAndClearsAFilterHidingIt() throws {
        var (st, s) = try ReducerTests.synced(accounts: 12)
        let target = s.accounts[9].address
        st.filter = s.accounts[0].address
        st.sync(snapshot: s, pageSize: 3)
        #expect(!st.visible.contains(target))
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "go")
        _ = ReducerTests.press(&st, .tab)
        #expect(st.command == "goto ")
        _ = Self.type(&st, String(target.prefix(7)))
        _ = ReducerTests.press(&st, .enter)
        st.sync(snapshot: s, pageSize: 3)
        #expect(st.command == nil && st.filter.isEmpty && st.selected == target && st.selectedIndex != nil)
        #expect(st.flash == "selected \(target)")
    }

    @Test func commandsParseAndRefuseInOneLine() {
        let accounts = ["rAlpha1", "rAlpha2", "rBeta"]
        #expect(CommandLine.parse("goto rB", accounts: accounts) == .success(.goto("rBeta")))
        #expect(CommandLine.parse("hea rAlpha2", accounts: accounts) == .success(.heal("rAlpha2")))
        #expect(CommandLine.parse("resync all", accounts: accounts) == .success(.resyncAll))
        #expect(CommandLine.parse("rate 200", accounts: accounts) == .success(.rate(200)))
        #expect(CommandLine.parse("strategy autofill", accounts: accounts) == .success(.strategy(.autofill)))
        #expect(CommandLine.parse("fault tel=0.05", accounts: accounts) == .success(.fault("tel=0.05")))
        #expect(CommandLine.parse("sort last", accounts: accounts) == .success(.sort(.lastResult)))
        for (bad, says) in [
            ("goto rAlpha", "2 accounts start with rAlpha"), ("goto rZ", "no account starts with rZ"), ("rate inf", "rate takes"),
            ("rate -1", "rate takes"), ("strategy fast", "strategy is one of"), ("frobnicate", "unknown command"), ("re x", "could be"), ("he rBeta", "could be heal, help"),
        ] {
            guard case .failure(let e) = CommandLine.parse(bad, accounts: accounts) else { Issue.record("\(bad) parsed"); continue }
            #expect(e.description.contains(says), "\(bad): \(e)")
        }
        // Completion: as far as the candidates agree, then the candidates.
        #expect(CommandLine.complete("st", accounts: accounts).line == "strategy ")
        #expect(CommandLine.complete("goto rA", accounts: accounts) == ("goto rAlpha", ["rAlpha1", "rAlpha2"]))
        #expect(CommandLine.complete("resync ", accounts: accounts).candidates == ["all"] + accounts)
        #expect(CommandLine.complete("strategy a", accounts: accounts).line == "strategy autofill")
    }

    @Test func typedCommandsSendTheirEngineCommands() throws {
        var (st, s) = try ReducerTests.synced()
        st.realServer = true
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "rate 250")
        #expect(ReducerTests.press(&st, .enter) == [.setRate(250)])
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "resync all")
        // Typed out in full, it is confirmed even against a real server.
        #expect(ReducerTests.press(&st, .enter) == [.resync(account: nil)])
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "heal \(s.accounts[2].address.prefix(8))")
        #expect(ReducerTests.press(&st, .enter) == [.loadHealPlan(account: s.accounts[2].address)])
        _ = ReducerTests.press(&st, .escape)
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "rate lots")
        #expect(ReducerTests.press(&st, .enter).isEmpty)
        #expect(st.flash?.hasPrefix(":rate lots: rate takes") == true)
        // Esc leaves the command line without running it.
        _ = ReducerTests.press(&st, .char(":"))
        _ = Self.type(&st, "quit")
        _ = ReducerTests.press(&st, .escape)
        #expect(st.command == nil && !st.quitRequested)
    }

    @Test func everyKeyGivesFeedback() throws {
        var (st, _) = try ReducerTests.synced()
        _ = ReducerTests.press(&st, .char("Z"))
        #expect(st.flash == "Z does nothing here; ? lists the keys")
        _ = ReducerTests.press(&st, .tab)
        #expect(st.focus == .events && st.flash?.hasPrefix("focus: events") == true)
        // Account keys say where they work instead of acting on an account the operator cannot see.
        #expect(ReducerTests.press(&st, .char("h")).isEmpty)
        #expect(st.flash == "h acts on the accounts panel: Tab moves the focus there")
        _ = ReducerTests.press(&st, .char("p"))
        #expect(st.flash?.hasPrefix("pause requested") == true)
        // The footer lists only keys that work in the events panel.
        let keys = Screen.footerKeys(st).map(\.0)
        #expect(keys.contains("v") && !keys.contains("h") && !keys.contains("d"))
        #expect(KeyMap.action(for: .function(10), in: st) == .quit && KeyMap.action(for: .function(1), in: st) == .help)
        #expect(KeyMap.action(for: .control("l"), in: st) == .redraw)
        #expect(st.apply(.redraw) == [.redraw] && st.apply(.export) == [.export])
    }

    @Test func statusSortPutsTroubleFirstIsStableAndReverses() throws {
        var (st, s) = try ReducerTests.synced(accounts: 14)
        _ = ReducerTests.press(&st, .down, .down)
        let selected = try #require(st.selected)
        st.sort = .status
        st.sync(snapshot: s, pageSize: 3)
        let rows = AccountView.rows(s.accounts, sort: .status, filter: "")
        let ranks = rows.map(AccountView.trouble)
        #expect(ranks == ranks.sorted(by: >) && rows.first?.status == .stuck)
        #expect(rows.last.map(AccountView.trouble) == 0)
        // The cursor follows its account, not its row.
        #expect(st.selected == selected)
        // Stable: the same input in another order sorts the same.
        #expect(AccountView.rows(s.accounts.reversed(), sort: .status, filter: "").map(\.address) == rows.map(\.address))
        _ = ReducerTests.press(&st, .char("O"))
        st.sync(snapshot: s, pageSize: 3)
        #expect(Array(st.visible) == Array(rows.map(\.address).reversed()) && st.selected == selected)
    }

    static func snapshot(events: [EngineEvent], total: Int, details: [EngineEvent] = [], detailsTotal: Int = 0, time: Double) throws -> Snapshot {
        var s = try ConsoleFixture.snapshot()
        s.time = Date(timeIntervalSince1970: time)
        s.events = events
        s.eventsTotal = total
        s.details = details
        s.detailsTotal = detailsTotal
        return s
    }

    static func event(_ n: Int, detail: Bool = false) -> EngineEvent {
        EngineEvent(time: Double(n), ledger: UInt32(100 + n / 10), kind: detail ? .resync : .heal, message: "event \(n)", detail: detail)
    }

    @Test func theArchiveKeepsTenThousandLinesTakenOnce() throws {
        var archive = EventArchive()
        var logged: [EngineEvent] = []
        // 12,000 events arrive 40 at a time; each snapshot carries the newest 100.
        for step in 0..<300 {
            for k in 0..<40 { logged.append(Self.event(step * 40 + k)) }
            archive.ingest(try Self.snapshot(events: Array(logged.suffix(100)), total: logged.count, time: Double(step)))
        }
        let lines = archive.visible(filter: "", details: false)
        #expect(lines.count == 10_000)
        #expect(lines.map(\.message) == logged.suffix(10_000).map(\.message), "each once, in order")
        // The filter matches kind or text.
        #expect(archive.visible(filter: "event 11999", details: false).count == 1)
        // A restarted engine (its total went back) starts over.
        archive.ingest(try Self.snapshot(events: [Self.event(1)], total: 1, time: 1_000))
        #expect(archive.visible(filter: "", details: false).last?.message == "event 1")
    }

    @Test func detailsFoldBehindTheirSummary() throws {
        var archive = EventArchive()
        let details = (0..<30).map { Self.event($0, detail: true) }
        let summary = EngineEvent(time: 40, ledger: 104, kind: .resync, message: "resynced 30 accounts, 2 were diverged")
        archive.ingest(try Self.snapshot(events: [summary], total: 1, details: details, detailsTotal: 30, time: 1))
        #expect(archive.visible(filter: "", details: false).map(\.message) == [summary.message])
        let all = archive.visible(filter: "", details: true)
        #expect(all.count == 31 && all.last?.message == summary.message && all.dropLast().allSatisfy(\.detail))
    }

    @Test func freezeHoldsEverythingAndCountsWhatWaits() throws {
        var feed = ConsoleFeed()
        let t0 = Date(timeIntervalSince1970: 0)
        var s = try Self.snapshot(events: [Self.event(1)], total: 1, time: 1)
        s.validatedIndex = 10
        feed.take(s, frozen: false, now: t0)
        feed.take(s, frozen: true, now: t0 + 1)
        let frozenHistory = feed.displayedHistory
        for i in 2...6 {
            var next = try Self.snapshot(events: (1...i).map { Self.event($0) }, total: i, time: Double(i))
            next.validatedIndex = UInt32(10 + i)
            next.byState[.validated] = 1_000 * i
            feed.take(next, frozen: true, now: t0 + Double(i))
        }
        #expect(feed.shown?.validatedIndex == 10 && feed.displayedHistory == frozenHistory)
        let status = feed.status(now: t0 + 8)
        #expect(status.frozenFor == 7 && status.updatesWaiting == 5)
        #expect(feed.log.visible(filter: "", details: false, end: status.logEnd).count == 1, "the log holds too")
        // Thawed: the newest of everything, nothing lost meanwhile.
        feed.take(nil, frozen: false, now: t0 + 9)
        #expect(feed.status(now: t0 + 9).frozenFor == nil)
        #expect(feed.log.visible(filter: "", details: false).count == 6 && feed.displayedHistory != frozenHistory)
        // The header says so.
        var st = ConsoleState()
        st.frozen = true
        st.feed = status
        st.sync(snapshot: s, pageSize: 10)
        let text = Screen(theme: .color).render(s, state: st, history: frozenHistory, width: 160, height: 48).text
        #expect(text.contains("FROZEN 7s, 5 updates waiting"))
    }
}

extension OperatorTests {
    /// The heal plan is re-read while open; its age shows, and a plan that stops arriving says STALE.
    @Test func healPlanSaysHowOldItIs() throws {
        var (st, s) = try ReducerTests.synced()
        let t0 = Date(timeIntervalSince1970: 1_000)
        st.wallNow = t0
        let a = try #require(st.selected)
        #expect(st.apply(.healSelected) == [.loadHealPlan(account: a)])
        _ = st.apply(.healPlanLoaded(account: a, plan: []))
        st.wallNow = t0 + 0.5
        var text = Screen(theme: .color).render(s, state: st, history: ConsoleFixture.history, width: 100, height: 30).text
        #expect(text.contains("as of ledger #1234, 0.5 s old (live)"))
        st.wallNow = t0 + 6
        text = Screen(theme: .color).render(s, state: st, history: ConsoleFixture.history, width: 100, height: 30).text
        #expect(text.contains("6.0 s old  STALE"))
        // A fresh reading makes it live again.
        _ = st.apply(.healPlanLoaded(account: a, plan: []))
        text = Screen(theme: .color).render(s, state: st, history: ConsoleFixture.history, width: 100, height: 30).text
        #expect(text.contains("0.0 s old (live)"))
    }
}

extension OperatorTests {
    /// The incremental order (previous frame's order, re-sorted by insertion) is exactly the
    /// full sort of each new snapshot, for every sort, as rows change under it.
    @Test(arguments: ConsoleState.Sort.allCases)
    func incrementalOrderEqualsAFullSort(sort: ConsoleState.Sort) throws {
        var s = try ConsoleFixture.snapshot(accounts: 300)
        var order = AccountOrder()
        var rng = SystemRandomNumberGenerator()
        for frame in 0..<40 {
            // A few rows change their gap, in-flight count and result each frame.
            var rows = s.accounts
            for _ in 0..<(frame % 7) {
                let i = Int.random(in: 0..<rows.count, using: &rng)
                var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(rows[i])) as! [String: Any]
                json["gap"] = Int.random(in: -3...9, using: &rng)
                json["in_flight"] = Int.random(in: 0...12, using: &rng)
                json["last_result"] = ["tesSUCCESS", "terPRE_SEQ", "telINSUF_FEE_P", NSNull()].randomElement(using: &rng)!
                json["status"] = ["OK", "DIVERGED", "STUCK", "HEALING"].randomElement(using: &rng)!
                rows[i] = try JSONDecoder().decode(AccountRow.self, from: JSONSerialization.data(withJSONObject: json))
            }
            s.accounts = rows
            order.update(rows, sort: sort, reversed: frame % 10 == 9, filter: "")
            let full = Self.fullSort(rows, sort: sort)
            #expect(Array(order) == (frame % 10 == 9 ? Array(full.reversed()) : full), "frame \(frame)")
            for (p, a) in order.enumerated() where p % 37 == 0 { #expect(order.position(of: a) == p) }
        }
    }

    /// The sort written the plain way, as the reference.
    static func fullSort(_ rows: [AccountRow], sort: ConsoleState.Sort) -> [String] {
        let sorted: [AccountRow]
        switch sort {
        case .natural: sorted = rows
        case .status: sorted = rows.sorted { (AccountView.trouble($0), abs($0.gap ?? 0), $1.address) > (AccountView.trouble($1), abs($1.gap ?? 0), $0.address) }
        case .gap: sorted = rows.sorted { (abs($0.gap ?? 0), $1.address) > (abs($1.gap ?? 0), $0.address) }
        case .address: sorted = rows.sorted { $0.address < $1.address }
        case .inFlight: sorted = rows.sorted { ($0.inFlight, $1.address) > ($1.inFlight, $0.address) }
        case .lastResult: sorted = rows.sorted { ($0.lastResult ?? "~", $0.address) < ($1.lastResult ?? "~", $1.address) }
        }
        return sorted.map(\.address)
    }
}

extension OperatorTests {
    /// Standing faults stay in the header, in red, until the simulator says they are cleared.
    @Test func activeFaultsAreListedInTheHeaderUntilCleared() throws {
        var (st, s) = try ReducerTests.synced()
        _ = st.apply(.activeFaults(["drop 20%", "telINSUF_FEE_P 5%"]))
        let buf = Screen(theme: .color).render(s, state: st, history: ConsoleFixture.history, width: 160, height: 48)
        #expect(buf.line(0).contains("FAULTS: drop 20% · telINSUF_FEE_P 5%"))
        let x = try #require(Array(buf.line(0)).firstIndex(of: "F"))
        #expect(buf[x, 0].style.foreground == .red && buf[x, 0].style.reverse)
        _ = st.apply(.activeFaults([]))
        #expect(!Screen(theme: .color).render(s, state: st, history: ConsoleFixture.history, width: 160, height: 48).line(0).contains("FAULTS"))
    }
}
