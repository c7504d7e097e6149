import Workload

/// Per-ledger history of the transaction-state counters, kept by the console (the snapshot
/// carries only the current counts): one sample each time the validated ledger advances.
/// Final states are cumulative counters, so their per-ledger figure is the increase; live
/// states are levels, so their figure is the level itself.
public struct StateHistory: Sendable, Equatable {
    public private(set) var samples: [TxState: [Int]] = [:]
    private var lastCounts: [TxState: Int] = [:]
    private var lastLedger: UInt32 = 0
    public let capacity: Int

    public init(capacity: Int = 120) { self.capacity = capacity }

    public mutating func record(_ s: Snapshot) {
        guard s.validatedIndex != lastLedger else { return }
        let first = lastLedger == 0
        lastLedger = s.validatedIndex
        for state in TxState.allCases {
            let n = s.byState[state] ?? 0
            let v = state.isFinal ? (first ? 0 : max(0, n - (lastCounts[state] ?? 0))) : n
            lastCounts[state] = n
            samples[state, default: []].append(v)
            if samples[state]!.count > capacity { samples[state]!.removeFirst() }
        }
    }

    /// Per-ledger figure for `state`: the mean over the last 10 ledgers.
    public func perLedger(_ state: TxState) -> Double {
        let recent = (samples[state] ?? []).suffix(10)
        return recent.isEmpty ? 0 : Double(recent.reduce(0, +)) / Double(recent.count)
    }

    /// A history built from given samples (tests, the render benchmark).
    public init(samples: [TxState: [Int]]) {
        self.capacity = 120
        self.samples = samples
    }
}
