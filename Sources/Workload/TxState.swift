/// The states a tracked transaction moves through (DESIGN.md "per state").
///
/// A submit result is provisional; only VALIDATED, REJECTED (a final code) and EXPIRED (a
/// validated ledger passed the LastLedgerSequence) are final.
public enum TxState: String, Sendable, CaseIterable, Codable {
    case created = "CREATED"
    case submitted = "SUBMITTED"
    case queued = "QUEUED"
    /// A terPRE_SEQ the server keeps and applies by itself once the gap below it fills.
    case held = "HELD"
    case retryable = "RETRYABLE"
    /// A submit whose reply never came: the transaction may or may not be in the server.
    case failedNet = "FAILED_NET"
    case validated = "VALIDATED"
    case rejected = "REJECTED"
    case expired = "EXPIRED"

    public var isFinal: Bool {
        switch self {
        case .validated, .rejected, .expired: return true
        default: return false
        }
    }
}
