import XRPL

/// What the engine counts: finished transactions fold in here, so memory stays bounded
/// however long a run lasts. Plain numbers and bounded series, read by the snapshot, /metrics
/// and the benches; written only by the core.
public struct WorkloadCounters: Sendable {
    public internal(set) var finalCounts: [TxState: Int] = [:]
    /// Transactions of an earlier run that restart reconciliation settled from the ledger (not
    /// in `finalCounts`: this run did not sign them).
    public internal(set) var reconciledCounts: [TxState: Int] = [:]
    /// Submit results (engine_result), and transport outcomes in parentheses.
    public internal(set) var resultCounts: [String: Int] = [:]
    /// Validated transactions per closed ledger, newest last (bounded).
    public internal(set) var validatedPerLedger: [Int] = []
    var validatedThisLedger = 0
    /// Submits sent per closed ledger, aligned with `validatedPerLedger` (the console's
    /// throughput chart sets one beside the other).
    public internal(set) var submittedPerLedger: [Int] = []
    var submittedThisLedger = 0
    public internal(set) var ledgerFill: [Double] = []
    /// When each ledger close reached the engine (engine clock): the real close interval, for
    /// rates, whatever the server's consensus pace.
    public internal(set) var closeArrivals: [Double] = []
    public internal(set) var globalPauses = 0
    public internal(set) var requestsSent = 0
    public internal(set) var submitsSent = 0
    public internal(set) var ignoredTransitions = 0
    /// Validated transactions by ledgers from first submit to validation (the last bucket
    /// holds everything slower): the submit→validated latency the throughput bench reports.
    public internal(set) var latencyLedgers = [Int](repeating: 0, count: 64)
    /// Validated transactions per account (for per-account rates in benches).
    public internal(set) var validatedByAccount: [AccountAddress: Int] = [:]
    /// Abandoned transactions the server applied anyway.
    public internal(set) var resurrected = 0
    public internal(set) var stuckEpisodes = 0
    /// Queued heads re-signed with their successors' fee (head-of-line fee inversion).
    public internal(set) var headBumps = 0
    /// HELD/QUEUED beliefs the server refuted.
    public internal(set) var beliefsRefuted = 0
    /// Times the server was found to have lost its state, and the last reason.
    public internal(set) var serverResets = 0
    public internal(set) var lastReset: String?
    /// Problems that used to be swallowed: failed subscriptions, unparsable stream messages.
    public internal(set) var subscribeFailures = 0
    public internal(set) var unparsedStreamMessages = 0

    /// Series keep this many ledgers.
    static let seriesLength = 120

    /// A transaction became final.
    mutating func reconciled(_ state: TxState) { reconciledCounts[state, default: 0] += 1 }

    mutating func finished(_ t: TrackedTransaction) {
        finalCounts[t.state, default: 0] += 1
        guard t.state == .validated else { return }
        validatedThisLedger += 1
        validatedByAccount[t.account, default: 0] += 1
        if let from = t.submittedAtLedger, let to = t.validatedAtLedger, to >= from {
            latencyLedgers[min(Int(to - from), latencyLedgers.count - 1)] += 1
        }
    }

    /// A new validated ledger reached the engine at `now`; `previousKnown` is false for the
    /// first one (no per-ledger count spans it yet). `fill` is its share of the expected size.
    mutating func ledgerClosed(at now: Double, previousKnown: Bool, fill: Double?) {
        // One more arrival than per-ledger counts: ledger k's count spans arrivals k-1 → k.
        closeArrivals.append(now)
        if closeArrivals.count > Self.seriesLength + 1 { closeArrivals.removeFirst() }
        if previousKnown {
            validatedPerLedger.append(validatedThisLedger)
            if validatedPerLedger.count > Self.seriesLength { validatedPerLedger.removeFirst() }
            submittedPerLedger.append(submittedThisLedger)
            if submittedPerLedger.count > Self.seriesLength { submittedPerLedger.removeFirst() }
            if let fill {
                ledgerFill.append(fill)
                if ledgerFill.count > Self.seriesLength { ledgerFill.removeFirst() }
            }
        }
        validatedThisLedger = 0
        submittedThisLedger = 0
    }
}
