import Foundation
import Workload

/// `GET /state/summary`: the whole workload at a glance, in the shape operators already read
/// from the Python workload (DESIGN.md "HTTP state API shapes": keep those names, add freely).
/// Built from one snapshot, so every figure in it belongs to the same instant.
struct SummaryDocument: Encodable, Sendable {
    /// How many recent ledgers and events the summary carries; the full lists stay in the
    /// console and `/state/pending`, so the summary stays small enough to poll every second.
    static let recent = 20

    struct Ledger: Encodable, Sendable {
        let validatedIndex: UInt32
        /// Ripple-epoch seconds, as rippled reports `close_time`.
        let closeTime: UInt32
        let closeTimeISO: String?
        /// Share of the expected ledger size the last validated ledgers used (0...1).
        let fill: [Double]

        enum CodingKeys: String, CodingKey {
            case fill
            case validatedIndex = "validated_index", closeTime = "close_time", closeTimeISO = "close_time_iso"
        }
    }

    let time: String
    let totalTracked: Int
    let byState: [String: Int]
    let mode: String
    let strategy: String
    let phase: String
    let paused: Bool
    let endpoint: String
    let targetRate: Double
    let validatedRate: Double
    let ledger: Ledger
    let results: [String: Int]
    let divergedAccounts: Int
    let stuckAccounts: Int
    let stuckLedgers: UInt32
    let serverResets: Int
    let lastReset: String?
    let beliefsRefuted: Int
    let problems: [String: Int]
    let accounts: Int
    let accountsByStatus: [String: Int]
    let globalPauses: Int
    let requestsSent: Int
    let submitsSent: Int
    let health: ConnectionHealthRow
    let validatedPerLedger: [Int]
    let events: [EngineEvent]
    let fees: FeesDocument

    init(_ s: Snapshot) {
        time = Self.iso(s.time)
        totalTracked = s.totalTracked
        // Every state always present, zero or not: dashboards key on them.
        byState = Dictionary(uniqueKeysWithValues: TxState.allCases.map { ($0.rawValue, s.byState[$0] ?? 0) })
        mode = s.mode
        strategy = s.strategy.rawValue
        phase = s.phase.rawValue
        paused = s.paused
        endpoint = s.endpoint
        targetRate = s.targetRate
        validatedRate = (s.validatedRate * 100).rounded() / 100
        ledger = Ledger(
            validatedIndex: s.validatedIndex, closeTime: s.ledgerTime,
            closeTimeISO: s.ledgerTime == 0 ? nil : Self.iso(Date(timeIntervalSince1970: Double(s.ledgerTime) + Self.rippleEpoch)),
            fill: s.ledgerFill.suffix(Self.recent).map { ($0 * 1000).rounded() / 1000 })
        results = Dictionary(s.results.map { ($0.token, $0.count) }, uniquingKeysWith: +)
        divergedAccounts = s.divergedAccounts
        stuckAccounts = s.stuckAccounts
        stuckLedgers = s.stuckLedgers
        serverResets = s.serverResets
        lastReset = s.lastReset
        beliefsRefuted = s.beliefsRefuted
        problems = s.problems
        accounts = s.accounts.count
        accountsByStatus = Dictionary(uniqueKeysWithValues: AccountStatus.allCases.map { status in
            (status.rawValue, s.accounts.count { $0.status == status })
        })
        globalPauses = s.globalPauses
        requestsSent = s.requestsSent
        submitsSent = s.submitsSent
        health = s.health
        validatedPerLedger = Array(s.validatedPerLedger.suffix(Self.recent))
        events = Array(s.events.suffix(Self.recent))
        fees = FeesDocument(row: s.fees)
    }

    enum CodingKeys: String, CodingKey {
        case time, mode, strategy, phase, paused, endpoint, ledger, results, accounts, health, events, fees
        case totalTracked = "total_tracked", byState = "by_state", targetRate = "target_rate", validatedRate = "validated_rate"
        case stuckAccounts = "stuck_accounts", stuckLedgers = "stuck_rule_ledgers", serverResets = "server_resets", lastReset = "last_reset"
        case beliefsRefuted = "beliefs_refuted", problems
        case divergedAccounts = "diverged_accounts", accountsByStatus = "accounts_by_status", globalPauses = "global_pauses"
        case requestsSent = "requests_sent", submitsSent = "submits_sent", validatedPerLedger = "validated_per_ledger"
    }

    /// Seconds between the Unix epoch and the Ripple epoch (2000-01-01T00:00:00Z).
    static let rippleEpoch: Double = 946_684_800

    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
