import Testing
import XRPL
@testable import LedgerSim

/// TxQ rules after rippled's TxQ.cpp (issue 11 §2, items 4, 5, 6 and 9). Ledger size 2: a third
/// transaction in the open ledger makes the fourth pay 128000 × 3² / 2² = 288000 levels.
@Suite struct QueueRuleTests {
    /// Three fillers from other accounts escalate the open ledger.
    static func escalated(_ extra: Int = 0, configure: (inout SimConfig) -> Void = { _ in }) throws -> (SimFixture, [Wallet]) {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2, configure: configure))
        let wallets = try (1...(4 + extra)).map(SimFixture.wallet)
        try f.fund(wallets)
        for w in wallets.suffix(3) { #expect(try f.submit(w, .noOp).result == .tesSUCCESS) }
        #expect(f.core.openLedgerLevel == 288_000)
        return (f, Array(wallets.dropLast(3)))
    }

    /// `FeeMetrics::escalatedSeriesFeeLevel` sums multiplier × n² / target² for n from the
    /// open ledger's count on: 3² + 4² + 5² here, not 4² + 5² + 6².
    @Test func escalatedSeriesFeeLevelStartsAtTheCurrentCount() throws {
        var (f, w) = try Self.escalated()
        let a = w[0]
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terQUEUED)
        // 128000 × 50 / 4 = 1,600,000 levels in all; 62,500 drops pay 1,600,000 alone.
        let r = try f.submit(a, .noOp, seq: s + 2, fee: 62_500)
        #expect(r.result == .tesSUCCESS)
        #expect(f.sequence(a) == s + 3)
        #expect(f.core.queueCount == 0)
        #expect(f.core.metricsForTest.seriesLevel(current: 3, count: 3) == 1_600_000)
    }

    /// `TxQ::apply` tries fee averaging for a replacement too (when the account has more queued):
    /// the queued run before it and the replacement apply, the replaced one and nothing after.
    @Test func replacementCanClearTheQueueUpToItself() throws {
        var (f, w) = try Self.escalated()
        let a = w[0]
        let s = try #require(f.sequence(a))
        for k in 0..<3 { #expect(try f.submit(a, .noOp, seq: s + UInt32(k)).result == .terQUEUED) }
        // Σ 3², 4² = 25 → 800,000 levels; 40,000 drops pay 1,024,000.
        let r = try f.submit(a, .noOp, seq: s + 1, fee: 40_000)
        #expect(r.result == .tesSUCCESS)
        #expect(f.sequence(a) == s + 2)
        #expect(f.core.queued(account: a.address).map(\.sequence) == [s + 2])
    }

    /// `tryClearAccountQueueUpThruTx` runs in a sandbox that is kept only if everything
    /// applied; every queued transaction tried uses up a retry, and the new transaction, its
    /// rescue failed, is queued (not answered with the failure).
    @Test func failedRescueChangesNothingButRetriesAndQueues() throws {
        var (f, w) = try Self.escalated(1) { $0.loadCapacity = 2; $0.submitsAreAdmin = false }
        let (a, flooder) = (w[0], w[1])
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s, fee: 20).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 1, fee: 10).result == .terQUEUED)
        // Load: 40 submits at once against 2 a second, then two ticks: factor 320, so a
        // remote transaction must pay 12 drops.
        let flood = try f.sign(flooder, .noOp, fee: 1_000_000)
        for _ in 0..<40 { _ = try f.submit(flood) }
        for _ in 0..<2 {
            f.time += 1
            _ = try f.submit(flood)
        }
        #expect(f.core.loadFactor == 320)
        let openBefore = f.core.openLedgerCount
        // Four in the open ledger now: Σ 4², 5², 6² = 77 → 2,464,000 levels; 100,000 drops pay
        // 2,560,000, enough to try.
        let r = try f.submit(a, .noOp, seq: s + 2, fee: 100_000)
        #expect(r.result == .terQUEUED)
        #expect(f.sequence(a) == s)
        #expect(f.core.openLedgerCount == openBefore)
        let queued = f.core.queued(account: a.address)
        #expect(queued.map(\.sequence) == [s, s + 1, s + 2])
        #expect(queued.map(\.retriesRemaining) == [9, 9, 10])
        #expect(queued.map(\.lastResult) == [.tesSUCCESS, .telINSUF_FEE_P, nil])
    }

    /// `TxQ::accept`: a queued transaction is dropped when it fails with no retries left
    /// (`retriesRemaining <= 0`), so it gets 11 attempts; the retry penalty then leaves the
    /// account's next one 2 more after its first failure; and after a drop the walk goes on to
    /// the account's next transaction in the same pass (`eraseAndAdvance`).
    @Test func acceptGivesElevenAttemptsThenPenalisesTheAccount() throws {
        var (f, w) = try Self.escalated(1) { $0.loadCapacity = 2; $0.submitsAreAdmin = false }
        let (a, flooder) = (w[0], w[1])
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terQUEUED)
        // A long overload: 400 submits against 2 a second keeps the factor rising for minutes,
        // so every attempt from the queue is telINSUF_FEE_P.
        let flood = try f.sign(flooder, .noOp, fee: 1_000_000)
        for _ in 0..<400 { _ = try f.submit(flood) }
        f.time += 2
        _ = try f.submit(flood)
        #expect(f.core.loadFactor > 256)
        func retries() -> [Int] { f.core.queued(account: a.address).map(\.retriesRemaining) }
        for attempt in 1...10 {
            f.close()
            #expect(retries() == [10 - attempt, 10], "attempt \(attempt)")
        }
        // The 11th attempt drops it; the account's next is tried at once (terPRE_SEQ now, its
        // predecessor gone) and penalised to 1.
        f.close()
        let next = try #require(f.core.queued(account: a.address).first)
        #expect(next.sequence == s + 1 && next.retriesRemaining == 1 && next.lastResult == .terPRE_SEQ)
        f.close()
        #expect(retries() == [0])
        f.close()
        #expect(f.core.queued(account: a.address).isEmpty)
    }

    /// `MaybeTx::parentHashComp` changes after `TxQ::accept` fills the new open ledger, so equal
    /// fee levels are taken in order of ID ⊕ the parent hash of the previous open ledger —
    /// the parent of the ledger that just closed.
    @Test func acceptBreaksTiesWithThePreviousParentHash() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2))
        let fillers = try (20..<26).map(SimFixture.wallet)
        let queued = try (1...6).map(SimFixture.wallet)
        try f.fund(fillers + queued)
        f.close()
        for w in fillers.prefix(3) { #expect(try f.submit(w, .noOp).result == .tesSUCCESS) }
        var hashes: [String] = []
        for w in queued {
            let r = try f.submit(w, .noOp)
            #expect(r.result == .terQUEUED)
            hashes.append(r.hash)
        }
        let closed = f.close()
        func order(_ salt: String) -> [String] {
            hashes.sorted { TieKey(hash: $0, salt: TieKey(hex: salt)) < TieKey(hash: $1, salt: TieKey(hex: salt)) }
        }
        let previous = order(closed.parentHash)
        #expect(previous != order(closed.hash), "both salts order these the same; pick other wallets")
        // The closed ledger held 3, so 4 fit at the base level now.
        let taken = f.core.openTransactionHashesForTest
        #expect(taken.count == 4)
        #expect(taken == Array(previous.prefix(4)))
    }

    /// A full queue evicts from the cheapest level the entry `byFee_.rbegin()` names — the last
    /// in the salted order — so the choice is the same on every run, whatever the process.
    @Test func fullQueueEvictsTheLastOfTheCheapestInSaltedOrder() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2) { $0.txq.queueSizeMin = 3; $0.txq.ledgersInQueue = 1 })
        let fillers = try (20..<23).map(SimFixture.wallet)
        let cheap = try (1...3).map(SimFixture.wallet)
        let rich = try SimFixture.wallet(9)
        try f.fund(fillers + cheap + [rich])
        f.close()
        for w in fillers { #expect(try f.submit(w, .noOp).result == .tesSUCCESS) }
        var hashes: [String: String] = [:]
        for w in cheap {
            let r = try f.submit(w, .noOp)
            #expect(r.result == .terQUEUED)
            hashes[r.hash] = w.address
        }
        #expect(f.core.queueCount == 3 && f.core.queueMaxSize == 3)
        #expect(try f.submit(rich, .noOp, fee: 20).result == .terQUEUED)
        let salt = TieKey(hex: f.core.validated.hash)
        let victim = try #require(hashes.keys.max { TieKey(hash: $0, salt: salt) < TieKey(hash: $1, salt: salt) })
        let left = Set(f.core.allQueued.map(\.candidate.hash))
        #expect(!left.contains(victim))
        #expect(left.count == 3)
    }

    /// `AccountSet::makeTxConsequences`: setting or clearing RequireAuth, DisableMaster or
    /// AccountTxnID, or the legacy tfRequireAuth / tfOptionalAuth flags, makes a blocker.
    @Test func accountSetBlockersFollowMakeTxConsequences() throws {
        func tx(_ body: TransactionBody, flags: UInt32? = nil) -> Transaction {
            var t = Transaction(account: SimulatorCore.genesisAddress, body: body, fee: 10, sequence: 1)
            t.flags = flags
            return t
        }
        for flag in [AccountSetFlag.requireAuth, .disableMaster, .accountTxnID] {
            #expect(TxConsequences.isBlocker(tx(.accountSet(setFlag: flag))))
            #expect(TxConsequences.isBlocker(tx(.accountSet(clearFlag: flag))))
        }
        #expect(TxConsequences.isBlocker(tx(.accountSet(), flags: 0x0004_0000)))
        #expect(TxConsequences.isBlocker(tx(.accountSet(), flags: 0x0008_0000)))
        for flag in [AccountSetFlag.requireDest, .defaultRipple, .depositAuth] {
            #expect(!TxConsequences.isBlocker(tx(.accountSet(setFlag: flag))))
        }
        #expect(!TxConsequences.isBlocker(tx(.noOp)))
    }

    /// A queued AccountTxnID setting blocks the account's queue like DisableMaster
    /// (`telCAN_NOT_QUEUE_BLOCKED`), and a RequireAuth setting cannot queue behind others
    /// (`telCAN_NOT_QUEUE_BLOCKS`).
    @Test func newBlockersBlockTheQueue() throws {
        var (f, w) = try Self.escalated(1)
        let (a, b) = (w[0], w[1])
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .accountSet(setFlag: .accountTxnID), seq: s).result == .terQUEUED)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .telCAN_NOT_QUEUE_BLOCKED)
        let t = try #require(f.sequence(b))
        #expect(try f.submit(b, .noOp, seq: t).result == .terQUEUED)
        #expect(try f.submit(b, .accountSet(setFlag: .requireAuth), seq: t + 1).result == .telCAN_NOT_QUEUE_BLOCKS)
    }
}

extension SimulatorCore {
    var metricsForTest: FeeMetrics { queue.metrics }
    var openTransactionHashesForTest: [String] { open.transactions.map(\.candidate.hash) }
}
