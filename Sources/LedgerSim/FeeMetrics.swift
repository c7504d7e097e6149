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

    /// `FeeMetrics::escalatedSeriesFeeLevel`: the total level for `count` transactions of one
    /// account applied one after another into an open ledger holding `current`, i.e.
    /// multiplier × Σ n² / target² for n in current … current+count−1 — each term the level the
    /// open ledger asks while that transaction goes in. Computed as rippled does, from sums of
    /// squares with one rounding; nil where rippled's arithmetic overflows (then no fee
    /// averaging is tried).
    func seriesLevel(current: Int, count: Int) -> UInt64? {
        let target = UInt64(txnsExpected)
        guard current >= 1, count >= 1, target > 0 else { return nil }
        let last = UInt64(current + count - 1)
        guard let sumLast = Self.sumOfFirstSquares(last), let sumBefore = Self.sumOfFirstSquares(UInt64(current - 1)) else {
            return nil
        }
        let total = FeeEscalation.mulDiv(escalationMultiplier, sumLast - sumBefore, target * target)
        return total == UInt64.max ? nil : total
    }

    /// Σ n² for n in 1 … x; nil from 2²¹ on, where rippled assumes overflow.
    static func sumOfFirstSquares(_ x: UInt64) -> UInt64? {
        guard x < (1 << 21) else { return nil }
        return x * (x + 1) * (2 * x + 1) / 6
    }

    /// Adapts to a closed ledger holding transactions with these fee levels.
    mutating func update(closedFeeLevels: [UInt64], timeLeap: Bool) {
        let levels = closedFeeLevels.sorted()
        let size = levels.count
        let minimum = setup.minimumTxnInLedger
        let maximum = setup.maximumTxnInLedger ?? Int.max
        if timeLeap {
            // `slowConsensusDecreasePercent` is the share cut, so 100 − it is the share kept.
            let kept = 100 - min(setup.slowConsensusDecreasePercent, 100)
            let upper = max(txnsExpected * kept / 100, minimum)
            txnsExpected = min(max(size * kept / 100, minimum), upper)
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
