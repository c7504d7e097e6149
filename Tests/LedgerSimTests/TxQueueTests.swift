import Testing
import XRPL
@testable import LedgerSim

/// XRPL-PROTOCOL.md §1.2–1.7 and §9.1/9.3: escalation, queue rules, accept and expiry, each
/// pinned to rippled's numbers.
@Suite struct TxQueueTests {
    /// Fills the open ledger with `n` base-fee no-ops from distinct accounts.
    private func fill(_ f: inout SimFixture, _ wallets: [Wallet]) throws {
        for w in wallets { #expect(try f.submit(w, .noOp).result == .tesSUCCESS) }
    }

    /// The §1.2 table: with target 32, 33 transactions enter at base fee and the 34th needs
    /// level 136125 = 5318 drops. 5317 drops queues; 5318 applies.
    @Test func escalationMatchesTheTable() throws {
        var f = try SimFixture(config: SimFixture.config())
        let ws = try (1...36).map(SimFixture.wallet)
        try f.fund(ws)
        try fill(&f, Array(ws[0..<33]))
        #expect(f.core.openLedgerLevel == 136_125)
        #expect(f.core.openLedgerCost() == 5317)  // submit's rounding (down)
        let fee = SimAPI.fee(f.core)
        #expect(fee["drops"]?["open_ledger_fee"]?.stringValue == "5318")  // fee RPC rounds up
        #expect(fee["expected_ledger_size"]?.stringValue == "32")
        #expect(try f.submit(ws[33], .noOp, fee: 5317).result == .terQUEUED)
        #expect(try f.submit(ws[34], .noOp, fee: 5318).result == .tesSUCCESS)
        #expect(f.core.openLedgerLevel == 144_500)
    }

    @Test func queuedTransactionsEnterTheNextLedgerByFee() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2))
        let ws = try (1...6).map(SimFixture.wallet)
        try f.fund(ws)
        try fill(&f, Array(ws[0..<3]))
        let low = try f.submit(ws[3], .noOp, fee: 10)
        let high = try f.submit(ws[4], .noOp, fee: 20)
        #expect(low.result == .terQUEUED && low.queued && !low.applied)
        #expect(high.result == .terQUEUED)
        #expect(f.core.queueCount == 2)
        let closed = f.close()
        #expect(closed.transactions.count == 3)
        // Both fit in the new open ledger (target 2 → 3 at base); the higher fee went first.
        #expect(f.core.queueCount == 0)
        #expect(f.core.open.transactions.map(\.candidate.hash) == [high.hash, low.hash])
    }

    @Test func perAccountLimitIsTen() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1))
        let a = try SimFixture.wallet(1)
        let filler = try (2...3).map(SimFixture.wallet)
        try f.fund([a] + filler)
        try fill(&f, filler)
        let s = try #require(f.sequence(a))
        for i in 0..<10 { #expect(try f.submit(a, .noOp, seq: s + UInt32(i)).result == .terQUEUED) }
        let eleventh = try f.submit(a, .noOp, seq: s + 10)
        #expect(eleventh.result == .telCAN_NOT_QUEUE_FULL)
        #expect(eleventh.accountSequenceAvailable == s + 10)
        #expect(eleventh.accountSequenceNext == s)
    }

    @Test func replacementNeedsMoreThanAQuarterMore() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1))
        let a = try SimFixture.wallet(1)
        let filler = try (2...3).map(SimFixture.wallet)
        try f.fund([a] + filler)
        try fill(&f, filler)
        let s = try #require(f.sequence(a))
        let first = try f.sign(a, .noOp, seq: s, fee: 100)
        #expect(try f.submit(first).result == .terQUEUED)
        // An exact resubmit of a queued blob, and +25 % exactly, are refused.
        #expect(try f.submit(first).result == .telCAN_NOT_QUEUE_FEE)
        #expect(try f.submit(a, .accountSet(setFlag: .requireDest), seq: s, fee: 125).result == .telCAN_NOT_QUEUE_FEE)
        let replacement = try f.submit(a, .accountSet(setFlag: .requireDest), seq: s, fee: 126)
        #expect(replacement.result == .terQUEUED)
        #expect(f.core.queued(account: a.address).map(\.candidate.hash) == [replacement.hash])
    }

    /// A gap beyond a queued run is telCAN_NOT_QUEUE, not terPRE_SEQ (§1.5 step 9).
    @Test func gapAfterQueuedRun() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1))
        let a = try SimFixture.wallet(1)
        let filler = try (2...3).map(SimFixture.wallet)
        try f.fund([a] + filler)
        try fill(&f, filler)
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 2).result == .telCAN_NOT_QUEUE)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terQUEUED)
    }

    @Test func lastLedgerSequenceRules() throws {
        // maximum_txn_in_ledger pins txnsExpected, so two rivals fill every ledger.
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1) { $0.txq.maximumTxnInLedger = 1 })
        let a = try SimFixture.wallet(1)
        let rivals = try (4...5).map(SimFixture.wallet)
        let filler = try (2...3).map(SimFixture.wallet)
        try f.fund([a] + rivals + filler)
        try fill(&f, filler)
        let open = f.core.openLedgerIndex
        let s = try #require(f.sequence(a))
        // Too close to queue.
        #expect(try f.submit(a, .noOp, lls: open + 1).result == .telCAN_NOT_QUEUE)
        // Queued with LLS = open + 2, then outbid at every close until that ledger has closed.
        let q = try f.submit(a, .noOp, fee: 10, lls: open + 2)
        #expect(q.result == .terQUEUED)
        for round in 0..<3 {
            for r in rivals { #expect(try f.submit(r, .noOp, seq: 1 + UInt32(round), fee: 100).result == .terQUEUED) }
            let closed = f.close()
            #expect(!closed.transactions.contains { $0.candidate.hash == q.hash })
            let stillQueued = f.core.queued(account: a.address).contains { $0.candidate.hash == q.hash }
            #expect(stillQueued == (closed.index < open + 2), "after ledger \(closed.index)")
        }
        #expect(f.validatedSequence(a) == s)
        // Too late now, whatever the fee.
        #expect(try f.submit(a, .noOp, fee: 1_000_000, lls: open + 2).result == .tefMAX_LEDGER)
    }

    @Test func fullQueueEvictsTheCheapestOtherAccount() throws {
        let config = SimFixture.config(ledgerSize: 1) {
            $0.txq.queueSizeMin = 4
            $0.txq.ledgersInQueue = 1
        }
        var f = try SimFixture(config: config)
        let ws = try (1...8).map(SimFixture.wallet)
        try f.fund(ws)
        #expect(f.core.queueMaxSize == nil)  // unset until the first close
        f.close()
        #expect(f.core.queueMaxSize == 4)
        try fill(&f, Array(ws[0..<2]))
        var queued: [SubmitOutcome] = []
        for (i, w) in ws[2..<6].enumerated() { queued.append(try f.submit(w, .noOp, fee: UInt64(20 + i))) }
        #expect(queued.allSatisfy { $0.result == .terQUEUED })
        #expect(f.core.queueCount == 4)
        // Not above the cheapest: refused. Above it: the cheapest account's last tx goes.
        #expect(try f.submit(ws[6], .noOp, fee: 20).result == .telCAN_NOT_QUEUE_FULL)
        #expect(SimAPI.fee(f.core)["levels"]?["minimum_level"]?.stringValue == String(FeeEscalation.feeLevelPaid(feeDrops: 20, baseFeeDrops: 10) + 1))
        #expect(try f.submit(ws[7], .noOp, fee: 30).result == .terQUEUED)
        #expect(f.core.queueCount == 4)
        #expect(f.core.queued(account: ws[2].address).isEmpty)
    }

    /// §1.4: a ledger fuller than expected raises txnsExpected to 120 % of its size; the
    /// multiplier becomes the median fee level (floored at 128000).
    @Test func metricsAdaptAtClose() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 4))
        let ws = try (1...10).map(SimFixture.wallet)
        try f.fund(ws)
        #expect(f.core.expectedLedgerSize == 4)
        for w in ws { _ = try f.submit(w, .noOp, fee: 1_000_000) }
        let n = f.core.openLedgerCount
        #expect(n == 10)
        f.close()
        #expect(f.core.expectedLedgerSize == 12)  // 10 × 120 / 100
        #expect(f.core.escalationMultiplier == FeeEscalation.feeLevelPaid(feeDrops: 1_000_000, baseFeeDrops: 10))
        f.close()
        #expect(f.core.escalationMultiplier == FeeEscalation.minimumMultiplier)
    }

    /// §1.5 step 11: paying for the whole queued run at once clears it into the open ledger.
    @Test func feeAveragingRescuesTheQueue() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1))
        let a = try SimFixture.wallet(1)
        let filler = try (2...3).map(SimFixture.wallet)
        try f.fund([a] + filler)
        try fill(&f, filler)
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terQUEUED)
        let rescue = try f.submit(a, .noOp, seq: s + 2, fee: 500_000)
        #expect(rescue.result == .tesSUCCESS)
        #expect(f.sequence(a) == s + 3)
        #expect(f.core.queued(account: a.address).isEmpty)
    }
}
