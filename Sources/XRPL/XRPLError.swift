/// Everything the protocol library can reject, each with a one-line reason a user can act on.
///
/// The command line prints `description` as the single error line; it never contains secret
/// material (a bad seed is reported by its shape, never echoed).
public enum XRPLError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedJSON(String)
    case invalidHex(String)
    case invalidBase58(String)
    case badChecksum(String)
    case invalidAddress(String)
    case invalidSeed(String)
    case invalidKey(String)
    case unknownField(String)
    case unknownTransactionType(String)
    case invalidFieldValue(field: String, reason: String)
    case amountOutOfRange(String)
    case missingField(String)
    case malformedBinary(String)
    case signingFailed(String)

    public var description: String {
        switch self {
        case .malformedJSON(let r): return "malformed JSON: \(r)"
        case .invalidHex(let r): return "invalid hex: \(r)"
        case .invalidBase58(let r): return "invalid base58: \(r)"
        case .badChecksum(let r): return "bad checksum: \(r)"
        case .invalidAddress(let r): return "invalid address: \(r)"
        case .invalidSeed(let r): return "invalid seed: \(r)"
        case .invalidKey(let r): return "invalid key: \(r)"
        case .unknownField(let f): return "unknown field: \(f)"
        case .unknownTransactionType(let t): return "unknown transaction type: \(t)"
        case .invalidFieldValue(let f, let r): return "invalid value for \(f): \(r)"
        case .amountOutOfRange(let r): return "amount out of range: \(r)"
        case .missingField(let f): return "missing field: \(f)"
        case .malformedBinary(let r): return "malformed binary: \(r)"
        case .signingFailed(let r): return "signing failed: \(r)"
        }
    }
}
