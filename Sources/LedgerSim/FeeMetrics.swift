/// The TxQ's view of recent ledgers: how many transactions a ledger is expected to hold and the
/// escalation multiplier, adapted at every close exactly as `FeeMetrics::update` does (§1.4).
struct FeeMetrics: Sendable {
    let setup: TxQSetup
    /// txnsExpected: one less than the transactions that get into an open ledger at base fee.
    private(set) var txnsExpected: Int
    private(set) var escalationMultiplier: UInt64
    private var recentTxnCounts: [Int] = []

    init(setup: TxQSetup) {
        self.setup = setup
        txnsExpected = setup.minimumTxnInLedger
        escalationMultiplier = setup.minimumEscalationMultiplier
    }

    /// The level a transaction must pay to enter an open ledger holding `current` transactions.
    func requiredLevel(current: Int) -> UInt64 {
        FeeEscalation.requiredLevel(current: UInt64(current), target: UInt64(txnsExpected), multiplier: escalationMultiplier)
    }

    /// `escalatedSeriesFeeLevel`: the total level for `count` transactions entering after
    /// `current`, i.e. multiplier × Σ k² / target² for k in current+1 … current+count, counting only
    /// the ones past the target (fee averaging, §1.5 step 11).
    func seriesLevel(current: Int, count: Int) -> UInt64 {
        let target = UInt64(txnsExpected)
        var total: UInt64 = 0
        for k in current..<(current + count) {
            let n = UInt64(k + 1)
            let level = n > target
                ? FeeEscalation.mulDiv(escalationMultiplier, n * n, target * target) : FeeEscalation.baseLevel
            total = total.addingReportingOverflow(level).overflow ? UInt64.max : total + level
        }
        return total
    }

    /// Adapts to a closed ledger holding transactions with these fee levels.
    mutating func update(closedFeeLevels: [UInt64], timeLeap: Bool) {
        let levels = closedFeeLevels.sorted()
        let size = levels.count
        let minimum = setup.minimumTxnInLedger
        let maximum = setup.maximumTxnInLedger ?? Int.max
        if timeLeap {
            let cut = max(txnsExpected * setup.slowConsensusDecreasePercent / 100, minimum)
            txnsExpected = min(max(size * setup.slowConsensusDecreasePercent / 100, minimum), cut)
            recentTxnCounts.removeAll()
        } else if size > txnsExpected || size > setup.targetTxnInLedger {
            recentTxnCounts.append(size * (100 + setup.normalConsensusIncreasePercent) / 100)
            if recentTxnCounts.count > setup.ledgersInQueue { recentTxnCounts.removeFirst() }
            let m = recentTxnCounts.max() ?? size
            txnsExpected = m >= txnsExpected ? m : (txnsExpected * 9 + m) / 10
            txnsExpected = min(txnsExpected, maximum)
        }
        if size == 0 {
            escalationMultiplier = setup.minimumEscalationMultiplier
        } else {
            let median = (levels[size / 2] + levels[(size - 1) / 2] + 1) / 2
            escalationMultiplier = max(median, setup.minimumEscalationMultiplier)
        }
    }
}
