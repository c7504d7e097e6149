import XRPL

/// What the server says about its fees and capacity, kept in one place: the fee policy's
/// inputs (`fee`, `server_state`, every submit reply's open-ledger cost, fee refusals) and the
/// ledger and queue sizes that admission control is measured against.
public struct FeeTracker: Sendable {
    public internal(set) var policy: FeePolicy
    /// From the last `fee` read.
    public internal(set) var expectedLedgerSize = 0
    public internal(set) var currentLedgerSize = 0
    public internal(set) var queueSize = 0
    public internal(set) var maxQueueSize: Int?
    /// The last `fee` reply as one reading: everything the console's fee panel shows comes from
    /// it, so its numbers always agree with each other (an open-ledger cost from a later submit
    /// reply beside a ledger size from an earlier read once showed ESCALATED on an empty ledger).
    public internal(set) var lastReading: FeeReading?
    /// Transaction counts of the last four validated ledgers, newest last.
    private(set) var recentLedgerSizes: [Int] = []

    init(cap: UInt64) { policy = FeePolicy(cap: cap) }

    /// Transactions in the fullest of the last four validated ledgers: what ledgers really take,
    /// which can be far above the expected size when fees escalate, or far below it when the
    /// server cannot keep up.
    public var recentLedgerSize: Int { recentLedgerSizes.max() ?? 0 }

    mutating func noteFee(_ r: FeeResponse, at time: Double) {
        if let base = r.drops.baseFeeDrops, let open = r.drops.openLedgerFeeDrops, let expected = r.expectedLedgerSizeCount,
           let current = r.currentLedgerSizeCount, let queue = r.currentQueueSizeCount {
            lastReading = FeeReading(
                ledgerCurrentIndex: r.ledgerCurrentIndex, time: time, expectedLedgerSize: expected, currentLedgerSize: current,
                queueSize: queue, maxQueueSize: r.maxQueueSizeCount, baseFee: base, minimumFee: r.drops.minimumFeeDrops ?? base,
                medianFee: r.drops.medianFeeDrops ?? base, openLedgerFee: open)
        }
        if let b = r.drops.baseFeeDrops { policy.baseFee = b }
        if let o = r.drops.openLedgerFeeDrops { policy.openLedgerFee = o }
        if let m = r.drops.minimumFeeDrops { policy.minimumFee = m }
        if let m = r.drops.medianFeeDrops { policy.medianFee = m }
        expectedLedgerSize = r.expectedLedgerSizeCount ?? expectedLedgerSize
        currentLedgerSize = r.currentLedgerSizeCount ?? currentLedgerSize
        queueSize = r.currentQueueSizeCount ?? queueSize
        maxQueueSize = r.maxQueueSizeCount ?? maxQueueSize
        if let max = maxQueueSize, max > 0 { policy.queueFill = Double(queueSize) / Double(max) }
    }

    /// server_state carries the server's load factor, which `fee` does not: below
    /// base × load_factor_server / load_base a submit is refused with telINSUF_FEE_P.
    mutating func noteServerState(_ state: ServerStateInfo) {
        guard state.loadBase > 0 else { return }
        policy.loadFactor = Double(state.loadFactorServer ?? state.loadFactor) / Double(state.loadBase)
    }

    /// Every submit reply prices the open ledger right now (fresher than the per-ledger `fee`
    /// read), and a fee refusal raises the floor at once so the refused fee is never offered
    /// again. Returns whether the server's load must be re-read.
    mutating func noteSubmit(_ r: SubmitResponse, code: ResultCode, paid: UInt64) -> Bool {
        if let cost = r.openLedgerCostDrops { policy.openLedgerFee = cost }
        if code == .telINSUF_FEE_P {
            policy.loadFactor = max(policy.loadFactor, Double(paid + 1) / Double(max(1, policy.baseFee)))
            return true
        }
        if code.token.hasPrefix("telCAN_NOT_QUEUE") { policy.minimumFee = max(policy.minimumFee, paid + 1) }
        return false
    }

    mutating func noteClosedLedger(txnCount: Int) {
        recentLedgerSizes.append(txnCount)
        if recentLedgerSizes.count > 4 { recentLedgerSizes.removeFirst() }
    }

    /// A new server: what the old one said about its ledgers says nothing.
    mutating func forgetLedgers() {
        recentLedgerSizes = []
        lastReading = nil
    }

    /// Share of `expected` the last ledger filled (nil until the expected size is known).
    func fill(txnCount: Int) -> Double? {
        expectedLedgerSize > 0 ? min(1, Double(txnCount) / Double(expectedLedgerSize)) : nil
    }

    /// Whether the server's queue has room for more of ours: under `fill` of its maximum and
    /// holding less than `ledgers` ledgers' worth (of what ledgers take, or are expected to).
    func queueAllowsMore(fill: Double, ledgers: Double) -> Bool {
        guard let max = maxQueueSize, max > 0 else { return true }
        let perLedger = Swift.max(expectedLedgerSize, recentLedgerSize)
        let backlogLimit = perLedger > 0 ? Int((Double(perLedger) * ledgers).rounded(.up)) : Int.max
        return Double(queueSize) / Double(max) < fill && queueSize < backlogLimit
    }

    /// How many transactions may be in flight at once: `ledgers` ledgers' worth of what recent
    /// ledgers really held (the expected size only until one is seen), divided by the server's
    /// load factor, never below `minimum`.
    func backlogLimit(ledgers: Double, minimum: Int) -> Int {
        let perLedger = recentLedgerSize > 0 ? recentLedgerSize : expectedLedgerSize
        let limit = perLedger > 0 ? Int((Double(perLedger) * ledgers / Swift.max(1, policy.loadFactor)).rounded(.up)) : 100
        return Swift.max(limit, minimum)
    }
}

/// One `fee` reply, whole: the open ledger's size and cost and the queue at one moment.
public struct FeeReading: Sendable, Equatable {
    /// The open ledger the server answered about, and when the reply arrived (engine clock).
    public var ledgerCurrentIndex: UInt32
    public var time: Double
    public var expectedLedgerSize: Int
    public var currentLedgerSize: Int
    public var queueSize: Int
    public var maxQueueSize: Int?
    public var baseFee: UInt64
    public var minimumFee: UInt64
    public var medianFee: UInt64
    public var openLedgerFee: UInt64

    /// Escalated in this reading: the open ledger's cost above the base fee (rippled escalates
    /// only once the open ledger holds more than it expects).
    public var escalated: Bool { openLedgerFee > baseFee }
}
