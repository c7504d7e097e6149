import Foundation
import LedgerClient
import LedgerSim
import Logging
import XRPL

#if canImport(Glibc)
import Glibc
#endif

/// `seqwatch bench throughput`: the real engine (actor, concurrent submits) against the
/// in-process simulator on the wall clock, signatures checked, the ledger sized so that it is
/// not the limit. Measures what the whole process sustains on this machine.
public enum ThroughputBench {
    public struct Options: Sendable {
        public var accounts = 1_000
        public var seconds: Double = 30
        public var inFlight = 10
        public var rate: Double = 20_000
        public var closeInterval: Double = 1
        public var algorithm: KeyAlgorithm = .ed25519
        /// Journal every transaction here, as `seqwatch run` does by default (nil: `--no-journal`).
        public var journal: (any JournalSink)?
        public init() {}
    }

    public struct Result: Sendable {
        public var accounts: Int
        public var seconds: Double
        public var validated: Int
        public var validatedPerSecond: Double
        public var submitted: Int
        public var latencyP50Ledgers: Int
        public var latencyP99Ledgers: Int
        public var cpuSecondsPer1000: Double
        public var cpuUtilisation: Double
        public var peakRSSMegabytes: Double
        public var bootstrapSeconds: Double
        public var rejected: Int
        public var expired: Int
        public var abandoned: Int
        /// Accounts not OK (or with a gap) at the end of the measurement, and STUCK ones.
        public var divergedAtEnd: Int
        public var stuckAtEnd: Int
        /// Submit results over the whole run, most frequent first.
        public var results: [ResultCount]
        /// Journal records and write batches (database transactions) over the whole run.
        public var journalRecords = 0
        public var journalBatches = 0
        /// Mean time to build one snapshot (ten a second while running), in milliseconds.
        public var snapshotMs = 0.0
    }

    public static func run(_ o: Options, progress: @Sendable (String) -> Void = { _ in }) async throws -> Result {
        var sim = SimConfig()
        sim.closeInterval = o.closeInterval
        // Expected ledger size far above what can arrive in one interval: no escalation, no
        // queueing; the engine and the signature checks are what is measured.
        sim.txq = .ledgerSize(max(1_000, Int(o.rate * o.closeInterval * 2)))
        sim.loadCapacity = nil
        // Enough for the LastLedgerSequence window and tx lookups; more only costs memory.
        sim.historyLedgers = 24
        var w = WorkloadConfig()
        w.accounts = o.accounts
        w.ratePerSecond = o.rate
        w.maxInFlightPerAccount = o.inFlight
        w.fundingInFlight = 1_000
        w.initTrustLines = 1
        w.algorithm = o.algorithm
        let simulator = Simulator(config: sim, clock: .wall)
        var logger = Logger(label: "seqwatch.bench")
        logger.logLevel = .error
        let connection = InProcessConnection(simulator: simulator, runClock: true, logger: logger)
        let engine = try Engine(config: w, connection: connection, closeInterval: o.closeInterval, journal: o.journal)
        let runTask = Task { try await engine.run() }
        defer { runTask.cancel() }

        let clock = ContinuousClock()
        let bootStart = clock.now
        while true {
            try await Task.sleep(for: .milliseconds(200))
            if let s = engine.store.latest, s.phase == .running { break }
            if clock.now - bootStart > .seconds(600) { throw BenchError("bootstrap took over 10 minutes") }
        }
        let bootstrap = (clock.now - bootStart) / .seconds(1)
        progress("bootstrap: \(o.accounts) accounts funded and discovered in \(String(format: "%.1f", bootstrap)) s; measuring \(o.seconds) s")
        // Let the in-flight pipeline fill before measuring.
        try await Task.sleep(for: .seconds(2 * o.closeInterval))

        let before = await engine.counters()
        let cpu0 = cpuSeconds()
        let t0 = clock.now
        if ProcessInfo.processInfo.environment["SEQWATCH_BENCH_TRACE"] != nil {
            for _ in 0..<Int(o.seconds) {
                try await Task.sleep(for: .seconds(1))
                if let s = engine.store.latest {
                    progress("ledger \(s.validatedIndex) validated \(s.byState[.validated] ?? 0) submitted \(s.byState[.submitted] ?? 0) queued \(s.byState[.queued] ?? 0) fill \(s.fees.currentLedgerSize)/\(s.fees.expectedLedgerSize) q \(s.fees.currentQueueSize) per-ledger \(s.validatedPerLedger.suffix(3))")
                }
            }
        } else {
            try await Task.sleep(for: .milliseconds(Int64(o.seconds * 1000)))
        }
        let after = await engine.counters()
        let cpu1 = cpuSeconds()
        let elapsed = (clock.now - t0) / .seconds(1)
        let end = await engine.snapshot()
        if end.health.reconnects > 0 || end.divergedAccounts > 0 {
            progress("reconnects \(end.health.reconnects); last events: " + end.events.suffix(6).map { "[\($0.ledger)] \($0.message)" }.joined(separator: " | "))
        }
        _ = await engine.stop(drain: .zero)

        let validated = after.validated - before.validated
        let hist = zip(after.latency, before.latency).map { $0 - $1 }
        let total = hist.reduce(0, +)
        func percentile(_ p: Double) -> Int {
            guard total > 0 else { return 0 }
            let target = Int((Double(total) * p).rounded(.up))
            var seen = 0
            for (i, n) in hist.enumerated() {
                seen += n
                if seen >= target { return i }
            }
            return hist.count - 1
        }
        let cpu = cpu1 - cpu0
        let written = await engine.journalWritten
        var result = Result(
            accounts: o.accounts, seconds: elapsed, validated: validated, validatedPerSecond: Double(validated) / elapsed,
            submitted: after.submits - before.submits, latencyP50Ledgers: percentile(0.5), latencyP99Ledgers: percentile(0.99),
            cpuSecondsPer1000: validated == 0 ? 0 : cpu / Double(validated) * 1000, cpuUtilisation: cpu / elapsed,
            peakRSSMegabytes: peakRSSMegabytes(), bootstrapSeconds: bootstrap,
            rejected: after.rejected - before.rejected, expired: after.expired - before.expired,
            abandoned: after.abandoned - before.abandoned, divergedAtEnd: end.divergedAccounts, stuckAtEnd: end.stuckAccounts,
            results: end.results)
        let builds = await engine.snapshotBuilds
        result.snapshotMs = builds.count == 0 ? 0 : builds.seconds / Double(builds.count) * 1000
        result.journalRecords = written?.records ?? 0
        result.journalBatches = written?.batches ?? 0
        return result
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// User + system CPU of the whole process.
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(u.ru_utime) + s(u.ru_stime)
    }

    /// Peak resident set size (Linux reports ru_maxrss in KiB).
    static func peakRSSMegabytes() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }
}

/// Monotonic totals the benchmarks read from a running engine.
public struct EngineCounters: Sendable {
    public var validated: Int
    public var rejected: Int
    public var expired: Int
    public var abandoned: Int
    public var submits: Int
    public var requests: Int
    /// Validated transactions by ledgers from first submit to validation.
    public var latency: [Int]
}
