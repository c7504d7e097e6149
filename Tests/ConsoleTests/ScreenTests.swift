import Foundation
import Testing
import Workload
@testable import Console

/// Full-screen golden tests for a fixed snapshot, plus the style of the divergence cell.
@Suite struct ScreenTests {
    static func state(_ s: Snapshot, width: Int, height: Int, faults: [FaultMenuEntry] = []) -> ConsoleState {
        var st = ConsoleState(faults: faults)
        st.sync(snapshot: s, pageSize: ScreenLayout(width: width, height: height).accountPage)
        return st
    }

    static func render(_ s: Snapshot, _ st: ConsoleState, _ w: Int, _ h: Int, theme: Theme = .color) -> CellBuffer {
        Screen(theme: theme).render(s, state: st, history: ConsoleFixture.history, width: w, height: h)
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func dashboardGolden(size: (Int, Int)) throws {
        let s = try ConsoleFixture.snapshot()
        let buf = Self.render(s, Self.state(s, width: size.0, height: size.1), size.0, size.1)
        try Golden.check(buf.text, "dashboard-\(size.0)x\(size.1)")
    }

    @Test func healPlanOverlayGolden() throws {
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 80, height: 24)
        _ = st.apply(.move(.down))
        #expect(st.apply(.healSelected) == [.loadHealPlan(account: ConsoleFixture.address(1))])
        _ = st.apply(.healPlanLoaded(account: ConsoleFixture.address(1), plan: try ConsoleFixture.healPlan()))
        try Golden.check(Self.render(s, st, 80, 24).text, "heal-plan-80x24")
    }

    /// At the minimum size the help box is 78 columns inside; keys take 16 of them.
    @Test func helpFitsTheMinimumTerminal() throws {
        for (key, text) in Screen.helpLines {
            #expect(displayWidth(text) <= 80 - 2 - 17, "help for \(key) is cut at 80 columns: \(text)")
        }
        // At 80×24 the box scrolls: ↓ reaches the last column's line, and says there is more until then.
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 80, height: 24)
        _ = st.apply(.help)
        #expect(Self.render(s, st, 80, 24).text.contains("↓ more"))
        #expect(!Self.render(s, st, 80, 24).text.contains("ROLE"))
        for _ in 0..<Screen.helpLines.count { _ = st.apply(.move(.down)) }
        let bottom = Self.render(s, st, 80, 24).text
        #expect(bottom.contains("ROLE") && bottom.contains("workload, issuer or funder") && !bottom.contains("↓ more"))
    }

    @Test func chartsGolden() throws {
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 120, height: 40)
        _ = st.apply(.openCharts)
        let buf = Self.render(s, st, 120, 40)
        try Golden.check(buf.text, "charts-120x40")
        // The scale is a round number above the largest value (70 submitted → 100), labelled with its half.
        #expect(buf.text.contains("100┤") && buf.text.contains(" 50┤"))
        #expect(buf.text.contains("#1219") && buf.text.contains("#1234"), "the x axis names the first and last ledger")
    }

    @Test func helpOverlayGolden() throws {
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 100, height: 30)
        _ = st.apply(.help)
        try Golden.check(Self.render(s, st, 100, 30).text, "help-100x30")
    }

    @Test func detailOverlayGolden() throws {
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 120, height: 40)
        _ = st.apply(.openDetail)
        let entries = (0..<4).map {
            AccountDetail.Entry(
                sequence: 5_000 + UInt32($0), state: [.submitted, .queued, .held, .validated][$0], hash: String(repeating: "AB", count: 32),
                result: ["tesSUCCESS", "terQUEUED", "terPRE_SEQ", "tesSUCCESS"][$0], lastLedgerSequence: 1_254, attempts: 1, type: "Payment")
        }
        var d = AccountDetail(
            address: ConsoleFixture.address(0), nextSequence: 5_004, ledgerValidated: 5_000, ledgerCurrent: 5_001, status: .ok, generation: 0,
            entries: entries, plan: [])
        for i in 0..<30 {
            let last = i == 29
            let states: [String] = last ? ["SUBMITTED", "QUEUED"] : ["SUBMITTED", "VALIDATED"]
            d.timeline.append(.transaction(
                ledger: 1_200 + UInt32(i), sequence: 4_970 + UInt32(i), type: "Payment", hash: String(repeating: "CD", count: 32),
                states: states, result: last ? "terQUEUED" : "tesSUCCESS"))
        }
        d.timeline.insert(.mark(ledger: 1_202, kind: "heal", message: "rPT1Sj…4qmr healed in 2 ledgers, since ledger 1200"), at: 3)
        _ = st.apply(.detailLoaded(d))
        let text = Self.render(s, st, 120, 40).text
        try Golden.check(text, "detail-120x40")
        #expect(text.contains("SUBMITTED→QUEUED  terQUEUED"), "the newest transaction shows at the bottom")
        // Scrolling back reaches the heal mark.
        #expect(!text.contains("── heal"))
        for _ in 0..<30 { _ = st.apply(.move(.up)) }
        #expect(Self.render(s, st, 120, 40).text.contains("── heal"))
    }

    /// The divergence is unmistakable: a glyph in the text, red and bold in colour, reverse
    /// video in monochrome (so it reads without colour too).
    @Test func divergenceCellStyle() throws {
        let s = try ConsoleFixture.snapshot()
        let st = Self.state(s, width: 80, height: 24)
        for (theme, check) in [(Theme.color, { (c: CellStyle) in c.foreground == .red && c.bold }), (Theme.mono, { (c: CellStyle) in c.foreground == .normal && c.reverse && c.bold })] {
            let buf = Self.render(s, st, 80, 24, theme: theme)
            let y = try #require((0..<24).first { buf.line($0).contains("▲ DIVERGED") })
            let x = try #require(Array(buf.line(y)).firstIndex(of: "▲"))
            #expect(check(buf[x, y].style))
            #expect(buf.line(y).contains(String(ConsoleFixture.address(1).prefix(5))))
        }
    }

    /// An account the engine still calls OK, with a gap the transactions in flight do not
    /// explain (+5 with 1 in flight), shows "▲ GAP" in red and its GAP cell in red; an OK account
    /// whose gap is all in flight stays "· OK", its GAP cell plain. STUCK is red with its age.
    @Test func unexplainedGapIsNeverShownOK() throws {
        var s = try ConsoleFixture.snapshot()
        func row(_ address: String, gap: Int, inFlight: Int) throws -> AccountRow {
            try JSONDecoder().decode(AccountRow.self, from: Data("""
                {"address":"\(address)","cached_next_seq":900,"ledger_seq":\(899 - gap),"ledger_seq_current":\(900 - gap),"gap":\(gap),
                 "in_flight":\(inFlight),"queued":0,"held":0,"status":"OK","generation":0,"missing":0,"role":"workload"}
                """.utf8))
        }
        s.accounts[0] = try row(ConsoleFixture.address(0), gap: 5, inFlight: 1)
        s.accounts[3] = try row(ConsoleFixture.address(3), gap: 2, inFlight: 2)
        let buf = Self.render(s, Self.state(s, width: 160, height: 48), 160, 48)
        func cells(of address: String) throws -> (y: Int, line: String) {
            let y = try #require((0..<48).first { buf.line($0).contains(String(address.prefix(6))) && buf.line($0).contains("workload") })
            return (y, buf.line(y))
        }
        let bad = try cells(of: ConsoleFixture.address(0))
        #expect(bad.line.contains("▲ GAP") && !bad.line.contains("· OK"), "\(bad.line)")
        let glyph = try #require(Array(bad.line).firstIndex(of: "▲"))
        #expect(buf[glyph, bad.y].style.foreground == .red)
        let plus = try #require(Array(bad.line).firstIndex(of: "+"))
        #expect(buf[plus, bad.y].style.foreground == .red, "the unexplained +5 is not red")
        let fine = try cells(of: ConsoleFixture.address(3))
        #expect(fine.line.contains("· OK"), "\(fine.line)")
        let finePlus = try #require(Array(fine.line).firstIndex(of: "+"))
        #expect(buf[finePlus, fine.y].style.foreground != .red, "an explained gap is not trouble")
        let stuck = try #require((0..<48).first { buf.line($0).contains("! STUCK 7") })
        let bang = try #require(Array(buf.line(stuck)).firstIndex(of: "!"))
        #expect(buf[bang, stuck].style.foreground == .red)
    }

    /// "actual" in red after 3 ledgers under half the target, plain before.
    @Test func actualRateTurnsRedWhenFarBelowTarget() throws {
        var s = try ConsoleFixture.snapshot()
        for (ledgers, red) in [(2, false), (3, true)] {
            s.ledgersBelowHalfTarget = ledgers
            let buf = Self.render(s, Self.state(s, width: 160, height: 48), 160, 48)
            let y = try #require((0..<3).first { buf.line($0).contains(" actual ") })
            let x = try #require(buf.line(y).range(of: " actual ").map { buf.line(y).distance(from: buf.line(y).startIndex, to: $0.upperBound) })
            #expect((buf[x, y].style.foreground == .red) == red, "\(ledgers) ledgers below")
        }
    }

    /// With a wall clock (a real run), every event line carries its time beside its ledger:
    /// engine events from the engine's start plus their offset, the console's own from when
    /// they were logged.
    @Test func eventLinesCarryTheWallClock() throws {
        var s = try ConsoleFixture.snapshot()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        s.startedAt = start
        var st = Self.state(s, width: 160, height: 48)
        st.wallNow = start + 30
        _ = st.apply(.resyncAll)
        let text = Self.render(s, st, 160, 48).text
        for offset in [1.0, 6.0, 30.0] {
            #expect(text.contains(Screen.clock(start + offset) + " #"), "no \(Screen.clock(start + offset)) line")
        }
    }

    @Test func monochromeHasNoColour() throws {
        let s = try ConsoleFixture.snapshot()
        let buf = Self.render(s, Self.state(s, width: 80, height: 24), 80, 24, theme: .mono)
        for y in 0..<24 { for x in 0..<80 { #expect(buf[x, y].style.foreground == .normal) } }
    }

    @Test(arguments: [(79, 24), (80, 23), (60, 20), (20, 5)])
    func tooSmall(size: (Int, Int)) throws {
        let s = try ConsoleFixture.snapshot()
        let buf = Self.render(s, Self.state(s, width: size.0, height: size.1), size.0, size.1)
        #expect(buf.text.contains("terminal too small") || size.0 < 31)
        #expect(!buf.text.contains("Accounts"))
        if size == (60, 20) { #expect(buf.text.contains("terminal too small (need 80×24)")) }
    }

    @Test func usesMoreRoomWhenBigger() throws {
        let s = try ConsoleFixture.snapshot(accounts: 40)
        let small = Self.render(s, Self.state(s, width: 80, height: 24), 80, 24)
        let big = Self.render(s, Self.state(s, width: 160, height: 48), 160, 48)
        let rows = { (b: CellBuffer) in (0..<b.height).filter { b.line($0).contains(" workload") || b.line($0).contains("· OK") }.count }
        #expect(rows(big) > rows(small) * 2)
        #expect(big.text.contains(ConsoleFixture.address(0)))  // full address when there is room
        #expect(big.text.contains("/LEDGER"))
    }

    @Test func fitsEveryRowInWidth() throws {
        let s = try ConsoleFixture.snapshot(accounts: 30)
        for (w, h) in [(80, 24), (100, 30), (132, 43), (200, 60)] {
            let buf = Self.render(s, Self.state(s, width: w, height: h), w, h)
            #expect(buf.width == w && buf.height == h)
            #expect(buf.line(h - 1).contains("q quit"))
        }
    }
}

extension ScreenTests {
    /// An attached console receives snapshots as JSON: what it draws must be what a console in
    /// the engine's own process draws from the same snapshot, cell for cell (styles included).
    @Test func aSnapshotThroughJSONRendersTheSameFrame() throws {
        var s = try ConsoleFixture.snapshot(accounts: 12)
        s.events = [EngineEvent(time: 3, ledger: 1_230, kind: .divergence, message: "rA… diverged")]
        let decoded = try JSONDecoder().decode(Snapshot.self, from: JSONEncoder().encode(s))
        let st = Self.state(s, width: 160, height: 48)
        let local = Self.render(s, st, 160, 48)
        let attached = Self.render(decoded, st, 160, 48)
        #expect(attached.text == local.text)
        #expect(attached == local)
        #expect(decoded.byState == s.byState && decoded.results == s.results && decoded.accounts == s.accounts)
    }
}

extension ScreenTests {
    /// At 80×24 the table abbreviates instead of dropping MISS, and a STUCK row (status sort:
    /// trouble first) shows whole, in red; cut cells end in "…".
    @Test func narrowKeepsMissAndStuck() throws {
        let s = try ConsoleFixture.snapshot()
        var st = Self.state(s, width: 80, height: 24)
        st.sort = .status
        st.sync(snapshot: s, pageSize: ScreenLayout(width: 80, height: 24).accountPage)
        let buf = Self.render(s, st, 80, 24)
        let header = try #require((0..<24).map(buf.line).first { $0.contains("STATUS") })
        #expect(header.contains("MISS") && header.contains("GAP/c") && header.contains("LEDGER v/+c"))
        let y = try #require((0..<24).first { buf.line($0).contains("! STUCK 7") })
        let x = try #require(Array(buf.line(y)).firstIndex(of: "!"))
        #expect(buf[x, y].style.foreground == .red)
        #expect((0..<24).map(buf.line).contains { $0.contains("telINSUF_…") }, "a cut result code ends in …")
    }

    /// At 220×60 the width goes to useful columns: the full address, the fee of the newest
    /// transaction, the LastLedgerSequence margin and the ledgers since the Sequence moved.
    @Test func wideSpendsTheWidthOnColumns() throws {
        var s = try ConsoleFixture.snapshot()
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(s.accounts[1])) as! [String: Any]
        json["last_fee"] = 5_210
        json["lls_margin"] = 2
        json["last_progress_ledger"] = 1_230
        s.accounts[1] = try JSONDecoder().decode(AccountRow.self, from: JSONSerialization.data(withJSONObject: json))
        let buf = Self.render(s, Self.state(s, width: 220, height: 60), 220, 60)
        let lines = (0..<60).map(buf.line)
        let header = try #require(lines.first { $0.contains("STATUS") })
        #expect(header.contains("FEE drops") && header.contains("LLS left") && header.contains("MOVED") && header.contains("ROLE"))
        let row = try #require(lines.first { $0.contains(s.accounts[1].address) }, "the full address")
        #expect(row.contains("5210") && row.contains("4 ago"))
        // Two ledgers left before the LastLedgerSequence passes: a warning.
        let y = try #require(lines.firstIndex { $0.contains(s.accounts[1].address) })
        let x = try #require(Array(header).indices.first { Array(header)[$0...].starts(with: "LLS left") })
        #expect((x..<x + 8).contains { buf[$0, y].style.foreground == .yellow })
    }
}
