import TestSupport
import Testing
import XRPL
import LedgerSim
@testable import Workload

/// The engine on the deterministic simulator: bootstrap, steady state, and each strategy
/// against the failures it exists for.
@Suite(.offThePool) struct EngineTests {
    /// Every engine test stands where users stand: on a server far past genesis (real networks
    /// are past ledger 90,000,000). `startLedger: 2` for a fresh standalone server.
    static func simConfig(ledgerSize: Int? = nil, startLedger: UInt32 = 100_000, configure: (inout SimConfig) -> Void = { _ in }) -> SimConfig {
        var c = SimConfig()
        c.closeInterval = 1
        c.startLedger = startLedger
        if let ledgerSize { c.txq = .ledgerSize(ledgerSize) }
        configure(&c)
        return c
    }

    static func workload(_ strategy: StrategyKind = .heal, accounts: Int = 10, rate: Double = 30) -> WorkloadConfig {
        var w = WorkloadConfig()
        w.accounts = accounts
        w.ratePerSecond = rate
        w.strategy = strategy
        return w
    }

    @Test func bootstrapThenSteadyState() throws {
        var d = try DeterministicDriver(workload: Self.workload(), simulator: Self.simConfig())
        d.runUntilRunning(limit: 60)
        #expect(d.core.phase == .running)
        let before = d.core.finalCounts[.validated] ?? 0
        d.run(seconds: 30)
        let s = d.core.snapshot(endpoint: "test", health: .init(connected: true))
        let validated = (d.core.finalCounts[.validated] ?? 0) - before
        #expect(validated > 500, "validated \(validated)")
        #expect(s.accounts.allSatisfy { $0.status == .ok }, "\(s.accounts.filter { $0.status != .ok })")
        #expect(d.core.resultCounts["terPRE_SEQ"] == nil)
        print("steady:", validated, d.core.resultCounts, d.core.events.suffix(5).map(\.message))
    }
}

@Suite(.offThePool) struct StrategyTests {
    /// Runs to steady state, injects a divergence on one account, runs on.
    static func injected(_ strategy: StrategyKind, after seconds: Double = 15) throws -> (DeterministicDriver, AccountAddress) {
        var d = try DeterministicDriver(workload: EngineTests.workload(strategy), simulator: EngineTests.simConfig())
        d.runUntilRunning(limit: 60)
        d.run(seconds: 5)
        let victim = d.core.accountOrder[3]
        d.perform { $0.injectDivergence(account: victim) }
        d.run(seconds: seconds)
        return (d, victim)
    }

    @Test func healRepairsOneAccountWithoutStoppingOthers() throws {
        let (d, victim) = try Self.injected(.heal)
        let row = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        #expect(row.status == .ok, "\(row) \(d.core.events.suffix(8).map(\.message))")
        #expect(row.missing == 0)
        #expect(d.core.events.contains { $0.kind == .heal && $0.message.contains("healed") })
        #expect(d.core.globalPauses == 0)
        print("heal:", d.core.resultCounts, d.core.events.suffix(8).map(\.message))
    }

    @Test func naiveStaysBroken() throws {
        let (d, victim) = try Self.injected(.none, after: 30)
        let row = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        // Diverged, and by now STUCK over the divergence: the refused sequence blocks everything.
        #expect(row.status == .stuck && row.underlying == .diverged, "\(row)")
        #expect(row.waitingLedgers.map { $0 >= 5 } == true)
        #expect(row.missing > 0)
        #expect((d.core.resultCounts["terPRE_SEQ"] ?? 0) >= 4)
        // The ledger never moved past the refused sequence.
        #expect(row.ledgerSeq.map { $0 <= row.cachedNextSeq - UInt32(row.missing) } == true)
        print("none:", d.core.resultCounts, row)
    }

    @Test func globalPausesEverythingThenRecovers() throws {
        let (d, victim) = try Self.injected(.global, after: 20)
        let row = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        #expect(d.core.globalPauses >= 1)
        #expect(row.status == .ok, "\(row)")
        #expect(!d.core.events.contains { $0.kind == .foreign }, "no false foreign alarm")
        print("global:", d.core.resultCounts, d.core.globalPauses, d.core.events.suffix(6).map(\.message))
    }

    @Test func autofillNeverDrifts() throws {
        let (d, victim) = try Self.injected(.autofill, after: 20)
        let row = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        #expect(row.status == .ok, "\(row)")
        #expect(d.core.requestsSent > d.core.submitsSent / 2)
        print("autofill:", d.core.resultCounts, d.core.requestsSent, d.core.submitsSent)
    }
}

/// `/state/pending`'s pages: joined, they are the whole pending list in order, whatever the page size.
@Suite struct PendingPageTests {
    @Test func pagesJoinedAreTheWholeListInOrder() throws {
        var d = try DeterministicDriver(workload: EngineTests.workload(.heal, accounts: 12, rate: 80), simulator: EngineTests.simConfig(ledgerSize: 10))
        d.runUntilRunning(limit: 60)
        d.run(seconds: 6.5)
        let whole = d.core.snapshot(endpoint: "t", health: .init(connected: true), pendingLimit: .max).pending
        #expect(whole.count > 20, "\(whole.count) pending: not enough to page")
        for size in [1, 7, whole.count, whole.count + 5] {
            var joined: [PendingRow] = []
            var after: (account: String, sequence: UInt32)?
            var pages = 0
            while true {
                let page = d.core.pendingPage(after: after, limit: size)
                joined += page.rows
                pages += 1
                guard page.more, let last = page.rows.last else { break }
                #expect(page.rows.count == size)
                after = (last.account, last.sequence)
            }
            #expect(joined == whole, "page size \(size)")
            // A page says "more" only when a row is left: no empty last page.
            #expect(pages == (whole.count + size - 1) / size, "page size \(size): \(pages) pages")
        }
    }
}

/// "actual tx/s" is coloured when it stays under half the target for 3 ledgers: the count comes
/// from the ledgers themselves (validated per ledger over the time between closes).
@Suite struct BelowTargetTests {
    /// Two accounts with one transaction in flight each validate about 2 a ledger: far below a
    /// 60 tx/s target; ten accounts with four each keep up with 30 tx/s.
    @Test(arguments: [(accounts: 2, inFlight: 1, rate: 60.0, below: true), (accounts: 10, inFlight: 4, rate: 30.0, below: false)])
    func ledgersBelowHalfTheTarget(_ c: (accounts: Int, inFlight: Int, rate: Double, below: Bool)) throws {
        var w = EngineTests.workload(.heal, accounts: c.accounts, rate: c.rate)
        w.maxInFlightPerAccount = c.inFlight
        var d = try DeterministicDriver(workload: w, simulator: EngineTests.simConfig(ledgerSize: 200))
        d.runUntilRunning(limit: 60)
        d.run(seconds: 15)
        let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
        if c.below {
            #expect(s.ledgersBelowHalfTarget >= 3, "\(s.validatedPerLedger.suffix(5)) at \(c.rate) tx/s target")
        } else {
            #expect(s.ledgersBelowHalfTarget == 0, "\(s.validatedPerLedger.suffix(5)) at \(c.rate) tx/s target")
        }
        d.perform { $0.pause(); return [] }
        #expect(d.core.snapshot(endpoint: "t", health: .init(connected: true)).ledgersBelowHalfTarget == 0, "paused is not behind")
    }
}

/// While funding, the snapshot counts funding payments validated (the funder's Sequence in
/// validated ledgers), rising to the total, then leaves the count out once running.
@Suite struct FundingProgressTests {
    @Test func fundedCountRisesToTheTotal() throws {
        var w = EngineTests.workload(.heal, accounts: 60, rate: 10)
        w.fundingInFlight = 10
        var d = try DeterministicDriver(workload: w, simulator: EngineTests.simConfig(ledgerSize: 200))
        var seen: [Int] = []
        while d.core.phase != .running, d.now < 1_000_000 + 120 {
            d.run(seconds: 1)
            let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
            if let done = s.fundedDone {
                #expect(s.fundedTotal == 61 && done <= 61)
                seen.append(done)
            }
        }
        #expect(d.core.phase == .running)
        #expect(seen.count >= 3 && seen == seen.sorted() && (seen.last ?? 0) >= 50, "\(seen)")
        #expect(d.core.snapshot(endpoint: "t", health: .init(connected: true)).fundedDone == nil)
    }
}
