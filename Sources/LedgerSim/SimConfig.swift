import XRPL
/// TxQ tuning, named after rippled's `[transaction_queue]` keys (XRPL-PROTOCOL.md §1.3). The
/// defaults are the current code's network-mode values, not the older documented 5/50/500.
public struct TxQSetup: Sendable, Equatable {
    public var ledgersInQueue = 20
    public var queueSizeMin = 2000
    public var retrySequencePercent: UInt64 = 25
    public var minimumEscalationMultiplier: UInt64 = FeeEscalation.minimumMultiplier
    public var minimumTxnInLedger = 32
    public var targetTxnInLedger = 256
    public var maximumTxnInLedger: Int? = nil
    public var normalConsensusIncreasePercent = 20
    public var slowConsensusDecreasePercent = 50
    public var maximumTxnPerAccount = 10
    public var minimumLastLedgerBuffer: UInt32 = 2
    /// `MaybeTx::kRetriesAllowed`: ter attempts from the queue before a queued tx is dropped.
    public var retriesAllowed = 10

    public init() {}

    /// rippled `--standalone`: `FeeMetrics` takes `minimum_txn_in_ledger_standalone` (1000) as
    /// its minimum and expected size, and the target becomes that minimum too (the target is
    /// never below it), so after the first close the queue holds 20 × 1000 = 20,000.
    public static func standalone() -> TxQSetup {
        var s = TxQSetup()
        s.minimumTxnInLedger = standaloneMinimumTxnInLedger
        s.targetTxnInLedger = max(s.targetTxnInLedger, standaloneMinimumTxnInLedger)
        return s
    }

    /// rippled's `minimumTxnInLedgerSA` default.
    public static let standaloneMinimumTxnInLedger = 1000

    /// Small ledgers for demos and tests: escalation starts after `size + 1` transactions.
    public static func ledgerSize(_ size: Int) -> TxQSetup {
        var s = TxQSetup()
        s.minimumTxnInLedger = max(1, size)
        s.targetTxnInLedger = max(1, size)
        return s
    }
}

/// Everything the simulator's behaviour depends on. Two simulators with equal configs, fed the
/// same calls at the same manual times, produce identical ledgers.
public struct SimConfig: Sendable, Equatable {
    /// Reference transaction cost in drops.
    public var baseFee: UInt64 = 10
    /// Account reserve in drops. The default follows the current docs (1 XRP), not rippled's
    /// older compiled-in 10 XRP.
    public var reserveBase: UInt64 = 1_000_000
    /// Owner reserve per owned object in drops (0.2 XRP).
    public var reserveIncrement: UInt64 = 200_000
    public var txq = TxQSetup()
    /// Seconds between automatic closes; nil closes only on `ledger_accept`.
    public var closeInterval: Double? = 1
    /// Closed ledgers kept for `ledger`, `tx` and `account_tx`.
    public var historyLedgers = 2_000
    /// `network_id`. Networks above 1024 require a NetworkID field in transactions.
    public var networkID: UInt32 = 0
    /// Seed for every random choice (fault shares, tie salts). Same seed, same run.
    public var seed: UInt64 = 1
    /// LocalTxs' `holdLedgers`: a transaction submitted while ledger S is open expires after
    /// S + holdLedgers, and as rippled sweeps only after the next open ledger took its retries,
    /// it is retried into the open ledgers S+1 … S+holdLedgers+2.
    public var holdLedgers: UInt32 = 5
    /// Whether submits come from an admin connection, as every client of a rippled on its
    /// default `admin = 127.0.0.1` does: an admin pays the normal fee until the server's load
    /// factor reaches four times normal (`scaleFeeLoad`). false models a remote client, which
    /// pays the full load fee.
    public var submitsAreAdmin = true
    /// Submits per second the server digests before its local load fee rises (LoadFeeTrack).
    /// nil turns the load model off.
    public var loadCapacity: Double? = 1_000
    /// A consensus round longer than this (seconds) counts as a time leap for the TxQ (§1.4).
    public var slowRoundSeconds: Double = 5
    /// Close-time resolution in seconds.
    public var closeTimeResolution: UInt32 = 10
    /// rippled's `--standalone` (`seqwatch sim --standalone`): its TxQ defaults and the
    /// `stand_alone` markers in replies. Off, the simulator is a network-mode server.
    public var standalone = false
    /// Whether `ledger_accept` is allowed (rippled: standalone only).
    public var allowsLedgerAccept = true
    /// Whether `submit` in sign-and-submit mode (`secret` + `tx_json`) is accepted.
    public var allowsSignAndSubmit = true

    /// Index of the first closed (and validated) ledger; its predecessor, `startLedger - 1`, is
    /// the genesis ledger and the first open ledger is `startLedger + 1`. A real network has
    /// been running for years (mainnet is past 90 million), so a client that quietly assumes
    /// small indices — ledger 1 in history, LastLedgerSequence near 0, Sequence of a new
    /// account near 1 — passes against a fresh simulator and fails in production. Starting
    /// high makes such tests stand where real networks are. The default, 2, is a standalone
    /// rippled's start: genesis 1, first validated 2, first open 3. Kept within
    /// `SimConfig.startLedgerRange` (the simulator clamps other values) so indices never come
    /// near `UInt32.max`.
    public var startLedger: UInt32 = 2

    /// Accounts that exist from genesis with this many drops (Sequence 1), taken from the
    /// genesis balance. For tests and benchmarks that must not disturb the fee metrics with a
    /// funding phase; the workload engine funds through real payments.
    public var prefundedAccounts: [String: UInt64] = [:]

    public init() {}

    /// Valid `startLedger` values: genesis must be ledger 1 or later, and a million ledgers of
    /// headroom below `UInt32.max` keep every `index + n` (LastLedgerSequence margins, hold
    /// windows, new-account Sequences) from overflowing.
    public static let startLedgerRange: ClosedRange<UInt32> = 2...(UInt32.max - 1_000_000)

    /// The largest reserve that means anything: every XRP there is (10^17 drops). No balance can
    /// exceed it, so clamping changes no outcome, and sums of a reserve and an amount (each at
    /// most 10^17) cannot overflow.
    public static let maxReserveDrops = Amount.maxDrops

    /// The reserve an account with `ownerCount` owned objects must keep; saturating, so a huge
    /// `--reserve-base` or `--reserve-increment` means "unaffordable", never a trap.
    public func accountReserve(ownerCount: UInt32) -> UInt64 {
        let (owners, o1) = UInt64(ownerCount).multipliedReportingOverflow(by: reserveIncrement)
        let (total, o2) = reserveBase.addingReportingOverflow(owners)
        return o1 || o2 ? Self.maxReserveDrops : min(total, Self.maxReserveDrops)
    }
}
