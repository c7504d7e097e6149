/// Which ledger version a request reads: rippled's `ledger_index` parameter.
///
/// rippled takes a shortcut name ("current" = the open ledger, "closed" = the last closed,
/// "validated" = the newest validated) or a ledger index as a JSON number. Sequence tracking
/// depends on the choice (the open ledger's `Sequence` includes provisional transactions; the
/// validated one does not), so requests name it explicitly rather than rely on defaults.
public enum LedgerSpecifier: Sendable, Hashable {
    case current
    case closed
    case validated
    case index(UInt32)

    /// The wire value: a shortcut string or a number.
    public var json: JSONValue {
        switch self {
        case .current: return "current"
        case .closed: return "closed"
        case .validated: return "validated"
        case .index(let i): return .int(Int64(i))
        }
    }

    /// Reads what rippled accepts: the three shortcut names, a number, or a decimal string
    /// (v1-era clients and the CLI send indexes as strings). Anything else is `nil`, which a
    /// server reports as `lgrIdxMalformed` / `invalidParams`.
    public init?(json: JSONValue) {
        switch json {
        case .string("current"): self = .current
        case .string("closed"): self = .closed
        case .string("validated"): self = .validated
        case .string(let s):
            guard let i = UInt32(s) else { return nil }
            self = .index(i)
        default:
            guard let i = Lenient.uint32(json) else { return nil }
            self = .index(i)
        }
    }
}

extension LedgerSpecifier: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt32) { self = .index(value) }
}

extension LedgerSpecifier: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let raw = try c.decode(JSONValue.self)
        guard let spec = LedgerSpecifier(json: raw) else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "ledger_index must be current, closed, validated or an index; found \(raw.serialized())")
        }
        self = spec
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .current: try c.encode("current")
        case .closed: try c.encode("closed")
        case .validated: try c.encode("validated")
        case .index(let i): try c.encode(i)
        }
    }
}

extension LedgerSpecifier: CustomStringConvertible {
    public var description: String {
        switch self {
        case .current: return "current"
        case .closed: return "closed"
        case .validated: return "validated"
        case .index(let i): return String(i)
        }
    }
}
