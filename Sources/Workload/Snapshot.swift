import Foundation
import XRPL

/// One account as the console and `/state/accounts` show it.
public struct AccountRow: Sendable, Equatable, Codable {
    public let address: String
    public let cachedNextSeq: UInt32
    public let ledgerSeq: UInt32?
    public let ledgerSeqCurrent: UInt32?
    public let sequenceAvailable: UInt32?
    public let gap: Int64?
    public let inFlight: Int
    public let queued: Int
    public let held: Int
    public let status: AccountStatus
    public let generation: Int
    public let lastResult: String?
    /// Seconds the account has been out of OK (diverged, healing, stuck, …), when it is.
    public let divergedFor: Double?
    public let missing: Int
    public let role: AccountRole
    /// Ledgers its oldest non-final transaction has waited without the account's Sequence
    /// advancing (nil when nothing waits). STUCK from `stuckLedgers` on.
    public let waitingLedgers: UInt32?
    /// The status underneath STUCK (what progress returns it to); nil when not stuck.
    public let underlying: AccountStatus?
    /// The fee (drops) of its newest transaction in flight, and the ledgers left before the
    /// nearest LastLedgerSequence of those in flight passes (nil when nothing is in flight).
    public var lastFee: UInt64? = nil
    public var llsMargin: Int64? = nil
    /// The validated ledger in which its Sequence last advanced.
    public var lastProgressLedger: UInt32? = nil

    enum CodingKeys: String, CodingKey {
        case address, gap, held, queued, status, generation, role, missing
        case cachedNextSeq = "cached_next_seq", ledgerSeq = "ledger_seq", ledgerSeqCurrent = "ledger_seq_current"
        case sequenceAvailable = "sequence_available", inFlight = "in_flight", lastResult = "last_result"
        case divergedFor = "diverged_for_s", waitingLedgers = "waiting_ledgers", underlying
        case lastFee = "last_fee", llsMargin = "lls_margin", lastProgressLedger = "last_progress_ledger"
    }
}

extension AccountRow {
    /// A gap the transactions in flight do not explain: the cache ahead of the open ledger by
    /// more than what is in flight, behind it, or a Sequence nothing in flight will fill. Shown as
    /// trouble whatever the status says (the status is re-judged once per validated ledger).
    public var unexplainedGap: Bool { missing > 0 || (gap.map { $0 < 0 || $0 > Int64(inFlight) } ?? false) }
}

/// One non-final transaction, as `/state/pending` shows it.
public struct PendingRow: Sendable, Equatable, Codable {
    public let hash: String
    public let account: String
    public let sequence: UInt32
    public let state: TxState
    public let engineResult: String?
    public let lastLedgerSequence: UInt32
    public let submittedAtLedger: UInt32?
    public let attempts: Int
    public let type: String

    enum CodingKeys: String, CodingKey {
        case hash, account, sequence, state, attempts, type
        case engineResult = "engine_result", lastLedgerSequence = "last_ledger_sequence", submittedAtLedger = "submitted_at_ledger"
    }
}

/// The server's fee and queue state (drops), as `/state/fees` shows it.
public struct FeeRow: Sendable, Equatable, Codable {
    public let expectedLedgerSize: Int
    public let currentLedgerSize: Int
    public let currentQueueSize: Int
    public let maxQueueSize: Int?
    public let baseFee: UInt64
    public let minimumFee: UInt64
    public let medianFee: UInt64
    public let openLedgerFee: UInt64
    public let escalated: Bool
    /// The server's load factor (1 when idle): the fee floor is base × this.
    public let loadFactor: Double
    /// The open ledger the reading is about, and its age in seconds when the snapshot was
    /// taken (nil before the first `fee` reply: every figure above is then the engine's default).
    public var readAtLedger: UInt32?
    public var ageSeconds: Double?

    public var queueUtilization: String { "\(currentQueueSize)/\(maxQueueSize.map(String.init) ?? "-")" }

    enum CodingKeys: String, CodingKey {
        case escalated, loadFactor = "load_factor"
        case expectedLedgerSize = "expected_ledger_size", currentLedgerSize = "current_ledger_size"
        case currentQueueSize = "current_queue_size", maxQueueSize = "max_queue_size", baseFee = "base_fee"
        case minimumFee = "minimum_fee", medianFee = "median_fee", openLedgerFee = "open_ledger_fee"
        case readAtLedger = "read_at_ledger", ageSeconds = "age_s"
    }
}

/// One submit result code and how many times the server answered with it.
public struct ResultCount: Sendable, Equatable, Codable {
    public var token: String
    public var count: Int

    public init(_ token: String, _ count: Int) {
        self.token = token
        self.count = count
    }
}

/// Everything the console and the HTTP API show, as one immutable value. The engine publishes
/// one at most every 100 ms; readers never touch engine internals. Holds no secret. Codable so
/// an attached console (`seqwatch console --attach`) receives exactly what a local one reads.
public struct Snapshot: Sendable, Codable {
    public var time: Date
    public var endpoint: String
    public var phase: WorkloadCore.Phase
    public var paused: Bool
    public var strategy: StrategyKind
    public var targetRate: Double
    /// Validated transactions per second over the recent ledgers.
    public var validatedRate: Double
    public var validatedIndex: UInt32
    public var ledgerTime: UInt32
    public var fees: FeeRow
    /// Live transactions by state plus every final one ever (counters).
    public var byState: [TxState: Int]
    public var totalTracked: Int
    public var results: [ResultCount]
    public var validatedPerLedger: [Int]
    public var ledgerFill: [Double]
    /// Every account's row; changing it recounts the diverged and stuck accounts, so the header,
    /// the API and /metrics read two stored numbers instead of walking 10,000 rows each.
    public var accounts: [AccountRow] { didSet { recount() } }
    public var pending: [PendingRow]
    /// The newest events, and how many were ever logged: a reader that keeps its own log
    /// (the console's 10,000-line scroll-back) takes only those past the total it last saw.
    public var events: [EngineEvent]
    public var eventsTotal = 0
    /// The newest per-account lines behind bulk summaries, and how many were ever logged.
    public var details: [EngineEvent] = []
    public var detailsTotal = 0
    public var health: ConnectionHealthRow
    public var globalPauses: Int
    public var requestsSent: Int
    public var submitsSent: Int
    /// Times the server was found to have lost its state, and why (the last time).
    public var serverResets: Int = 0
    public var lastReset: String?
    /// HELD/QUEUED beliefs the server refuted; STUCK episodes; swallowed-no-more problems.
    public var beliefsRefuted: Int = 0
    public var stuckEpisodes: Int = 0
    public var problems: [String: Int] = [:]
    /// K of the STUCK rule.
    public var stuckLedgers: UInt32 = 5
    /// The workload's keys are derived from a public seed against a real server.
    public var insecureKeys = false
    /// Restart reconciliation's progress (reads answered, reads needed) while it runs.
    public var reconcileDone: Int?
    public var reconcileTotal: Int?
    /// Transactions of an earlier run settled on restart, by the state the ledger gave them.
    public var reconciled: [TxState: Int] = [:]
    /// The newest ledgers in a row, while running, whose validated rate was below half the target
    /// (the console colours "actual" from 3 on).
    public var ledgersBelowHalfTarget = 0
    /// Submits sent per closed ledger, aligned with `validatedPerLedger` (newest last).
    public var submittedPerLedger: [Int] = []
    /// Validated transactions by ledgers from first submit to validation: index k counts those
    /// that took k ledgers (the last bucket: that many or more). Trailing empty buckets cut.
    public var latencyLedgers: [Int] = []
    /// When the engine started, on the wall clock: an event's `time` counts from it (nil where
    /// there is no wall clock, as on the deterministic driver).
    public var startedAt: Date?
    /// While funding: accounts whose funding payment validated, of those being funded.
    public var fundedDone: Int?
    public var fundedTotal: Int?

    public var mode: String { paused ? "paused" : (phase == .running ? "running" : phase.rawValue) }
    /// Accounts not OK or with a gap, over `accounts` (every row: workload, issuer, funder) —
    /// the one definition the header, the API and /metrics share — and the STUCK ones.
    public internal(set) var divergedAccounts = 0
    public internal(set) var stuckAccounts = 0

    mutating func recount() {
        var diverged = 0, stuck = 0
        for i in accounts.indices {
            let status = accounts[i].status
            if status.isTrouble || accounts[i].missing > 0 { diverged += 1 }
            if status == .stuck { stuck += 1 }
        }
        divergedAccounts = diverged
        stuckAccounts = stuck
    }
}

/// Connection health in the snapshot (Codable form).
public struct ConnectionHealthRow: Sendable, Equatable, Codable {
    public var connected: Bool
    public var reconnects: Int
    public var secondsSinceLastLedger: Double?
    public var requestLatencyMs: Double?
    public var lastError: String?

    public init(connected: Bool = false, reconnects: Int = 0, secondsSinceLastLedger: Double? = nil, requestLatencyMs: Double? = nil, lastError: String? = nil) {
        self.connected = connected
        self.reconnects = reconnects
        self.secondsSinceLastLedger = secondsSinceLastLedger
        self.requestLatencyMs = requestLatencyMs
        self.lastError = lastError
    }

    enum CodingKeys: String, CodingKey {
        case connected, reconnects
        case secondsSinceLastLedger = "seconds_since_last_ledger", requestLatencyMs = "request_latency_ms", lastError = "last_error"
    }
}

extension WorkloadCore {
    /// The current state as an immutable value. `pendingLimit` bounds the pending list.
    public func snapshot(endpoint: String, health: ConnectionHealthRow, closeInterval: Double = 1, pendingLimit: Int = 1_000) -> Snapshot {
        var byState: [TxState: Int] = counters.finalCounts
        // Per account, in the same pass: queued, held, the fee of its newest transaction and
        // its nearest LastLedgerSequence (the wide table's columns).
        var perAccount: [AccountAddress: (queued: Int, held: Int, newest: UInt32, fee: UInt64, lls: UInt32)] = [:]
        for t in txs.values {
            byState[t.state, default: 0] += 1
            var p = perAccount[t.account] ?? (0, 0, 0, 0, .max)
            if t.state == .queued { p.queued += 1 }
            if t.state == .held { p.held += 1 }
            if t.sequence >= p.newest { p.newest = t.sequence; p.fee = t.fee }
            p.lls = min(p.lls, t.lastLedgerSequence)
            perAccount[t.account] = p
        }
        for s in TxState.allCases where byState[s] == nil { byState[s] = 0 }
        let rows: [AccountRow] = (accountOrder + [issuerAddress, funderAddress]).compactMap { a in
            guard let c = chains[a] else { return nil }
            return AccountRow(
                address: a.text, cachedNextSeq: c.nextSequence, ledgerSeq: c.ledgerValidated, ledgerSeqCurrent: c.ledgerCurrent,
                sequenceAvailable: c.sequenceAvailable, gap: c.gap, inFlight: c.inFlight, queued: perAccount[a]?.queued ?? 0,
                held: perAccount[a]?.held ?? 0, status: c.status, generation: c.generation, lastResult: c.lastResult?.token,
                divergedFor: c.troubleSince.map { max(0, now - $0.time) }, missing: gaps(of: a).count,
                role: role(of: a),
                waitingLedgers: waitingLedgers(a), underlying: c.status == .stuck ? c.state.underlying : nil,
                lastFee: perAccount[a].map(\.fee), llsMargin: perAccount[a].map { Int64($0.lls) - Int64(validatedIndex) },
                lastProgressLedger: c.lastProgressLedger > 0 ? c.lastProgressLedger : nil)
        }
        // By account address, then Sequence; built account by account so a snapshot of 50,000
        // live transactions sorts only what it shows (it is taken ten times a second).
        var shown: [TrackedTransaction] = []
        for a in accountsByAddress where shown.count < pendingLimit {
            guard let live = chains[a]?.live, !live.isEmpty else { continue }
            for s in live.keys.sorted() where shown.count < pendingLimit {
                if let id = live[s], let t = txs[id] { shown.append(t) }
            }
        }
        let pending = shown.map(PendingRow.init)
        // Validated per second over the last ten ledgers, timed by when their closes arrived
        // (falling back to the nominal interval until two closes have been seen).
        let recent = counters.validatedPerLedger.suffix(10)
        let arrivals = counters.closeArrivals.suffix(recent.count + 1)
        let span = arrivals.count >= 2 ? arrivals.last! - arrivals.first! : 0
        let seconds = span > 0 && arrivals.count == recent.count + 1 ? span : Double(recent.count) * max(0.1, closeInterval)
        let rate = recent.isEmpty ? 0 : Double(recent.reduce(0, +)) / seconds
        var s = Snapshot(
            time: Date(), endpoint: endpoint, phase: phase, paused: paused, strategy: strategyKind, targetRate: config.ratePerSecond,
            validatedRate: rate, validatedIndex: validatedIndex, ledgerTime: ledgerTime,
            fees: feeRow(),
            byState: byState, totalTracked: byState.values.reduce(0, +),
            results: counters.resultCounts.sorted { $0.value > $1.value }.map { ResultCount($0.key, $0.value) },
            validatedPerLedger: counters.validatedPerLedger, ledgerFill: counters.ledgerFill, accounts: rows, pending: Array(pending),
            events: Array(eventLog.events.suffix(100)), health: health, globalPauses: counters.globalPauses, requestsSent: counters.requestsSent,
            submitsSent: counters.submitsSent, serverResets: counters.serverResets, lastReset: counters.lastReset, beliefsRefuted: counters.beliefsRefuted,
            stuckEpisodes: counters.stuckEpisodes,
            problems: ["subscribe_failures": counters.subscribeFailures, "unparsed_stream_messages": counters.unparsedStreamMessages, "build_failures": buildFailures],
            stuckLedgers: config.stuckLedgers)
        s.recount()
        s.insecureKeys = config.insecureDerivedKeys
        s.eventsTotal = eventLog.total
        s.submittedPerLedger = counters.submittedPerLedger
        let lastUsed = counters.latencyLedgers.lastIndex { $0 > 0 } ?? -1
        s.latencyLedgers = Array(counters.latencyLedgers.prefix(lastUsed + 1))
        s.details = Array(eventLog.details.suffix(300))
        s.detailsTotal = eventLog.detailsTotal
        s.reconcileDone = reconcileProgress?.done
        s.reconcileTotal = reconcileProgress?.total
        s.reconciled = counters.reconciledCounts
        s.ledgersBelowHalfTarget = ledgersBelowHalfTarget()
        if phase == .funding, let progress = fundingProgress {
            s.fundedDone = progress.done
            s.fundedTotal = progress.total
        }
        return s
    }

    /// The fee panel's row: the last `fee` reply whole, so its figures agree with each other,
    /// with the load factor from server_state (the one figure `fee` does not carry).
    func feeRow() -> FeeRow {
        guard let r = feeTracker.lastReading else {
            return FeeRow(
                expectedLedgerSize: 0, currentLedgerSize: 0, currentQueueSize: 0, maxQueueSize: nil, baseFee: fees.baseFee,
                minimumFee: fees.minimumFee, medianFee: fees.medianFee, openLedgerFee: fees.baseFee, escalated: false, loadFactor: fees.loadFactor)
        }
        return FeeRow(
            expectedLedgerSize: r.expectedLedgerSize, currentLedgerSize: r.currentLedgerSize, currentQueueSize: r.queueSize,
            maxQueueSize: r.maxQueueSize, baseFee: r.baseFee, minimumFee: r.minimumFee, medianFee: r.medianFee, openLedgerFee: r.openLedgerFee,
            escalated: r.escalated, loadFactor: fees.loadFactor, readAtLedger: r.ledgerCurrentIndex, ageSeconds: max(0, now - r.time))
    }

    /// A tracked transaction by hash, live or recently final.
    public func transaction(hash: String) -> TrackedTransaction? { book.transaction(hash: hash) }
}

/// What an account is for: the funder pays for everything, the issuer issues the workload's
/// tokens, workload accounts carry the mix.
public enum AccountRole: String, Sendable, Codable {
    case funder, issuer, workload
}

extension WorkloadCore {
    public func role(of address: AccountAddress) -> AccountRole {
        address == funderAddress ? .funder : (address == issuerAddress ? .issuer : .workload)
    }
}

extension WorkloadCore {
    /// Consecutive newest ledgers (each timed by its close's arrival) that validated under half
    /// the target rate; 0 while paused or not running, when no target is asked for.
    func ledgersBelowHalfTarget() -> Int {
        guard phase == .running, !paused, config.ratePerSecond > 0 else { return 0 }
        // The newest n counts and the n + 1 arrivals around them (the first close may have a
        // count but no arrival before it, when server_info told the ledger first).
        let n = min(counters.validatedPerLedger.count, max(0, counters.closeArrivals.count - 1))
        let counts = Array(counters.validatedPerLedger.suffix(n))
        let times = Array(counters.closeArrivals.suffix(n + 1))
        guard n > 0 else { return 0 }
        var below = 0
        for k in counts.indices.reversed() {
            let seconds = times[k + 1] - times[k]
            guard seconds > 0, Double(counts[k]) / seconds < 0.5 * config.ratePerSecond else { break }
            below += 1
        }
        return below
    }

    /// Non-final transactions after `after` (account, Sequence), at most `limit`, in (account,
    /// Sequence) order; `more` says whether any remain. The cursor is a position, not an index,
    /// so a page never repeats or skips a transaction that stayed live while others finished.
    public func pendingPage(after: (account: String, sequence: UInt32)?, limit: Int) -> (rows: [PendingRow], more: Bool) {
        var rows: [PendingRow] = []
        let start = after.map { cursor in accountsByAddress.partitioningIndex { $0.text >= cursor.account } } ?? 0
        for a in accountsByAddress[start...] {
            guard let live = chains[a]?.live, !live.isEmpty else { continue }
            for s in live.keys.sorted() {
                if let after, a.text == after.account, s <= after.sequence { continue }
                guard let id = live[s], let t = txs[id] else { continue }
                if rows.count == limit { return (rows, true) }
                rows.append(PendingRow(t))
            }
        }
        return (rows, false)
    }
}

extension PendingRow {
    init(_ t: TrackedTransaction) {
        self.init(
            hash: t.hash, account: t.account.text, sequence: t.sequence, state: t.state, engineResult: t.lastResult?.token,
            lastLedgerSequence: t.lastLedgerSequence, submittedAtLedger: t.submittedAtLedger, attempts: t.attempts, type: t.kind)
    }
}

extension Collection {
    /// The first index whose element satisfies `belongs` (a predicate false then true along the
    /// collection), by binary search.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var n = count
        while n > 0 {
            let half = n / 2
            let mid = index(low, offsetBy: half)
            if belongs(self[mid]) {
                n = half
            } else {
                low = index(after: mid)
                n -= half + 1
            }
        }
        return low
    }
}
