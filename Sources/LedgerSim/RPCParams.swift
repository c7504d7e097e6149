import XRPL

/// Reading request fields the way rippled's handlers do, with their error tokens and
/// messages (`RPC::missing_field_error`, `invalid_field_error`, `expected_field_error`,
/// `readLimitField`). Everything here is bounded: a field is looked at once, strings are
/// length-checked before they are parsed.
enum RPCParams {
    typealias Params = [String: JSONValue]

    static func missing(_ field: String) -> RPCError { RPCError(.invalidParams, message: "Missing field '\(field)'.") }
    static func invalid(_ field: String) -> RPCError { RPCError(.invalidParams, message: "Invalid field '\(field)'.") }
    static func expected(_ field: String, _ type: String) -> RPCError {
        RPCError(.invalidParams, message: "Invalid field '\(field)', not \(type).")
    }

    /// A required account field: missing → invalidParams, not a string → invalidParams,
    /// not an address → actMalformed.
    static func account(_ params: Params, _ field: String = "account") -> Result<String, RPCError> {
        guard let v = params[field] else { return .failure(missing(field)) }
        guard let s = v.stringValue else { return .failure(invalid(field)) }
        guard s.utf8.count <= 64, AddressCodec.isValidClassicAddress(s) else { return .failure(RPCError(.actMalformed)) }
        return .success(s)
    }

    /// rippled's `RPC::Tuning` limit ranges for the handlers served here.
    struct LimitRange {
        let min: Int
        let def: Int
        let max: Int
        static let accountLines = LimitRange(min: 10, def: 200, max: 400)
        static let accountObjects = LimitRange(min: 10, def: 200, max: 400)
        static let accountOffers = LimitRange(min: 10, def: 200, max: 400)
        static let bookOffers = LimitRange(min: 0, def: 60, max: 100)
        static let noRippleCheck = LimitRange(min: 10, def: 300, max: 400)
    }

    /// `readLimitField`: a non-negative integer, clamped into the handler's range. rippled lifts
    /// the clamp for admin connections; the simulator never does, so no request walks more
    /// than `max` objects.
    static func limit(_ params: Params, _ range: LimitRange) -> Result<Int, RPCError> {
        guard let v = params["limit"] else { return .success(range.def) }
        let n: Int64
        switch v {
        case .int(let i) where i >= 0: n = i
        case .uint(let u): n = Int64(clamping: u)
        default: return .failure(expected("limit", "unsigned integer"))
        }
        return .success(Int(Swift.max(Int64(range.min), Swift.min(Int64(range.max), n))))
    }

    /// The owner-directory marker rippled's account_lines / account_offers / account_objects
    /// hand out: "<object index>,<page hint>". Refused unless it names an object the account is
    /// party to in this ledger, as `RPC::isRelatedToAccount` checks, so a forged marker can
    /// neither crash nor start a walk anywhere else.
    static func ownerMarker(_ params: Params, owner: String, state: LedgerState) -> Result<String?, RPCError> {
        guard let v = params["marker"] else { return .success(nil) }
        guard let s = v.stringValue else { return .failure(expected("marker", "string")) }
        guard s.utf8.count <= 100 else { return .failure(RPCError(.invalidParams)) }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 64, parts[0].utf8.allSatisfy(\.isHexDigit), UInt64(parts[1]) != nil else {
            return .failure(RPCError(.invalidParams))
        }
        let index = parts[0].uppercased()
        guard state.ownsObject(owner, index: index) else { return .failure(RPCError(.invalidParams)) }
        return .success(index)
    }

    /// A 64-hex-digit ledger index, uppercased; nil for anything else.
    static func hash256(_ v: JSONValue?) -> String? {
        guard let s = v?.stringValue, s.utf8.count == 64, s.utf8.allSatisfy(\.isHexDigit) else { return nil }
        return s.uppercased()
    }
}

extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}
