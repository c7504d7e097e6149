import XRPL

/// One step of a heal plan, as the console and `POST /workload/heal?dry_run=true` show it.
public struct HealPlanItem: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        /// The server has it queued: leave it.
        case keepQueued = "keep-queued"
        /// A terPRE_SEQ the server holds: it applies by itself once the gap below fills.
        case keepHeld = "keep-held"
        /// A reply is still outstanding.
        case wait
        /// Send the original signed blob again (same hash, still valid).
        case resubmit
        /// Sign a no-op AccountSet for this Sequence (the original is unusable).
        case replace
    }
    public let sequence: UInt32
    public let action: Action
    public let hash: String?
    public let reason: String
}

/// `heal` (the default): per account, never global. Every account that diverges, or whose
/// submit leaves a Sequence unused, is healed by its own `Healer` entry while the others keep
/// running.
struct HealStrategy: RecoveryStrategy {
    var kind: StrategyKind { .heal }
    var healer = Healer()

    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        healer.onReply(t, result: result, view: view)
    }

    mutating func onLedger(view: some StrategyView) -> [StrategyDecision] {
        healer.onLedger(view.allAccounts, view: view)
    }
}
