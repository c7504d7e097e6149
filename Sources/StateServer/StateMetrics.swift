import Prometheus
import Synchronization
import Workload

/// `GET /metrics`: the snapshot as Prometheus series, refreshed when scraped.
///
/// Why no background task: the engine already publishes a snapshot every 100 ms, and a scrape
/// every few seconds is the only reader, so copying the latest snapshot into the registry on
/// each scrape costs less than keeping it current and can never show a figure older than the
/// snapshot. Engine totals (results, pauses, reconnects) are counters: they are set to the
/// engine's own running totals, so they only go down if the engine restarts, which Prometheus'
/// `rate()` reads as a counter reset, as it should.
final class StateMetrics: Sendable {
    /// Prometheus text exposition format 0.0.4.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let registry = PrometheusCollectorRegistry()
    /// Serialises update + emit, so two concurrent scrapes never interleave a counter's reset
    /// and re-fill with another's emit.
    private let lock = Mutex(())

    /// One metric family: its name under `seqwatch_` and its help line. (swift-prometheus'
    /// descriptor is not Sendable, so it is built on use.)
    private struct Series: Sendable {
        let metric: String
        let help: String
        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(namespace: "seqwatch", metricName: metric, unitName: "", helpText: help)
        }
    }

    private static func name(_ metric: String, _ help: String) -> Series { Series(metric: metric, help: help) }

    private static let transactions = name("transactions", "Tracked transactions by state (live ones plus every final one so far).")
    private static let tracked = name("transactions_tracked", "All tracked transactions, live and final.")
    private static let results = name("results_total", "Engine results seen, by rippled result code.")
    private static let accounts = name("accounts", "Accounts by sequence status.")
    private static let validatedIndex = name("validated_ledger_index", "Index of the newest validated ledger.")
    private static let openLedgerFee = name("open_ledger_fee_drops", "Fee to get into the open ledger now, in drops.")
    private static let baseFee = name("base_fee_drops", "Reference transaction cost, in drops.")
    private static let minimumFee = name("minimum_fee_drops", "Lowest fee the server accepts into its queue, in drops.")
    private static let medianFee = name("median_fee_drops", "Median fee of the last ledger, in drops.")
    private static let escalated = name("fee_escalated", "1 while the open-ledger fee is above the minimum.")
    private static let queueSize = name("queue_size", "Transactions in the server's queue.")
    private static let queueMax = name("queue_max", "Capacity of the server's queue.")
    private static let expectedLedgerSize = name("expected_ledger_size", "Transactions the server expects per ledger before escalating fees.")
    private static let currentLedgerSize = name("current_ledger_size", "Transactions in the server's open ledger.")
    private static let globalPauses = name("global_pauses_total", "Workload-wide pauses made by the global strategy.")
    private static let connectionUp = name("connection_up", "1 while the connection to the ledger server is up.")
    private static let reconnects = name("reconnects_total", "Reconnects to the ledger server.")
    private static let requests = name("requests_sent_total", "Read requests (account_info, fee) sent.")
    private static let submits = name("submits_sent_total", "Submits sent.")
    private static let paused = name("paused", "1 while the workload is paused.")
    private static let targetRate = name("target_rate_tps", "Target submit rate, transactions per second.")
    private static let validatedRate = name("validated_rate_tps", "Validated transactions per second over recent ledgers.")
    private static let divergedAccounts = name("diverged_accounts", "Accounts not OK or with an unexplained gap (workload, issuer and funder).")
    private static let stuckAccounts = name("stuck_accounts", "Accounts STUCK: non-final transactions, no validated progress for K ledgers.")
    private static let stuckAge = name("stuck_age_ledgers_max", "Ledgers the longest-stuck account has waited without validated progress (0 when none is stuck).")
    private static let stuckEpisodes = name("stuck_episodes_total", "Times an account became STUCK.")
    private static let beliefsRefuted = name("beliefs_refuted_total", "HELD/QUEUED transactions the server was found no longer to hold.")
    private static let serverResets = name("server_resets_total", "Times the server was found to have lost its state.")
    private static let problems = name("problems_total", "Problems reported instead of swallowed, by kind.")

    init() {}

    /// Refreshes every series from `snapshot` (when there is one) and renders the exposition.
    func render(_ snapshot: Snapshot?) -> [UInt8] {
        lock.withLock { _ in
            if let snapshot { update(from: snapshot) }
            return registry.emitToBuffer()
        }
    }

    private func gauge(_ s: Series, _ labels: [(String, String)] = []) -> Gauge {
        labels.isEmpty ? registry.makeGauge(descriptor: s.descriptor) : registry.makeGauge(descriptor: s.descriptor, labels: labels)
    }

    private func counter(_ s: Series, _ labels: [(String, String)] = []) -> Counter {
        labels.isEmpty ? registry.makeCounter(descriptor: s.descriptor) : registry.makeCounter(descriptor: s.descriptor, labels: labels)
    }

    /// Sets a counter to the engine's running total.
    private func setCounter(_ d: Series, _ labels: [(String, String)] = [], to total: Int) {
        let c = counter(d, labels)
        c.reset()
        c.increment(by: Int64(max(0, total)))
    }

    private func update(from s: Snapshot) {
        for state in TxState.allCases {
            gauge(Self.transactions, [("state", state.rawValue)]).set(to: Double(s.byState[state] ?? 0))
        }
        gauge(Self.tracked).set(to: Double(s.totalTracked))
        for r in s.results { setCounter(Self.results, [("result", r.token)], to: r.count) }
        for status in AccountStatus.allCases {
            gauge(Self.accounts, [("status", status.rawValue.lowercased())]).set(to: Double(s.accounts.count { $0.status == status }))
        }
        gauge(Self.divergedAccounts).set(to: Double(s.divergedAccounts))
        gauge(Self.stuckAccounts).set(to: Double(s.stuckAccounts))
        let oldest = s.accounts.filter { $0.status == .stuck }.compactMap(\.waitingLedgers).max() ?? 0
        gauge(Self.stuckAge).set(to: Double(oldest))
        setCounter(Self.stuckEpisodes, to: s.stuckEpisodes)
        setCounter(Self.beliefsRefuted, to: s.beliefsRefuted)
        setCounter(Self.serverResets, to: s.serverResets)
        for (kind, n) in s.problems.sorted(by: { $0.key < $1.key }) { setCounter(Self.problems, [("kind", kind)], to: n) }
        gauge(Self.validatedIndex).set(to: Double(s.validatedIndex))
        gauge(Self.openLedgerFee).set(to: Double(s.fees.openLedgerFee))
        gauge(Self.baseFee).set(to: Double(s.fees.baseFee))
        gauge(Self.minimumFee).set(to: Double(s.fees.minimumFee))
        gauge(Self.medianFee).set(to: Double(s.fees.medianFee))
        gauge(Self.escalated).set(to: s.fees.escalated ? 1 : 0)
        gauge(Self.queueSize).set(to: Double(s.fees.currentQueueSize))
        // Unknown until the server reports it: leave the series out rather than claim 0.
        if let max = s.fees.maxQueueSize { gauge(Self.queueMax).set(to: Double(max)) }
        gauge(Self.expectedLedgerSize).set(to: Double(s.fees.expectedLedgerSize))
        gauge(Self.currentLedgerSize).set(to: Double(s.fees.currentLedgerSize))
        setCounter(Self.globalPauses, to: s.globalPauses)
        gauge(Self.connectionUp).set(to: s.health.connected ? 1 : 0)
        setCounter(Self.reconnects, to: s.health.reconnects)
        setCounter(Self.requests, to: s.requestsSent)
        setCounter(Self.submits, to: s.submitsSent)
        gauge(Self.paused).set(to: s.paused ? 1 : 0)
        gauge(Self.targetRate).set(to: s.targetRate)
        gauge(Self.validatedRate).set(to: s.validatedRate)
    }
}
