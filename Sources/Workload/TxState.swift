/// The states a tracked transaction moves through (DESIGN.md "per state").
///
/// A submit result is provisional; only VALIDATED, REJECTED (a final code), EXPIRED (a
/// validated ledger passed the LastLedgerSequence) and ABANDONED (the engine's own give-up) are final.
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
    /// The engine gave it up itself (replaced by a gap filler, dropped by a resync, lost with a
    /// server that lost its state): final, but not the server's verdict, so not REJECTED.
    case abandoned = "ABANDONED"

    public var isFinal: Bool {
        switch self {
        case .validated, .rejected, .expired, .abandoned: return true
        default: return false
        }
    }
}

/// Dictionaries keyed by state encode as JSON objects ("QUEUED": 3), not as key/value arrays.
extension TxState: CodingKeyRepresentable {}
