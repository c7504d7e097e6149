/// The RPC-level error tokens SeqWatch produces or must recognise, with rippled's numeric
/// `error_code`, default `error_message` and the HTTP status used under `ripplerpc` ≥ 3.0.
///
/// Codes and messages follow rippled's ErrorCodes.h / ErrorCodes.cpp. Clients should branch on
/// the token (rippled's own advice: the numbers were never meant to be stable). Some errors are
/// plain strings set by a handler with no code or message at all:
/// - `notStandAlone`: `ledger_accept` on a networked server. rippled's enum no longer has a
///   code for it (the old `rpcNOT_STANDALONE` slot is marked unused), and LedgerAccept.cpp sets
///   only `error`.
/// - `invalidTransaction`, `internalSubmit`, `internalJson`: `submit` sets `error` plus
///   `error_exception` (the reason) and nothing else.
/// - `missingCommand`, `invalid_API_version`: the WebSocket front end, before any handler runs.
public enum RPCErrorToken: String, Sendable, Hashable, CaseIterable {
    case noPermission
    case tooBusy
    case slowDown
    case highFee
    case amendmentBlocked
    case noClosed
    case noCurrent
    case noNetwork
    case notSynced
    case actNotFound
    case lgrNotFound
    case txnNotFound
    case invalidParams
    case unknownCmd
    case actMalformed
    case lgrIdxMalformed
    case `internal`
    case notSupported
    case excessiveLgrRange
    case invalidLgrRange
    case notStandAlone
    case invalidTransaction
    case internalSubmit
    case internalJson
    case missingCommand
    case invalidAPIVersion = "invalid_API_version"

    /// rippled's `error_code`, or `nil` for the plain-string errors that carry none.
    public var code: Int? {
        switch self {
        case .noPermission: return 6
        case .tooBusy: return 9
        case .slowDown: return 10
        case .highFee: return 11
        case .amendmentBlocked: return 14
        case .noClosed: return 15
        case .noCurrent: return 16
        case .noNetwork: return 17
        case .notSynced: return 18
        case .actNotFound: return 19
        case .lgrNotFound: return 21
        case .txnNotFound: return 29
        case .invalidParams: return 31
        case .unknownCmd: return 32
        case .actMalformed: return 35
        case .lgrIdxMalformed: return 58
        case .internal: return 73
        case .notSupported: return 75
        case .excessiveLgrRange: return 78
        case .invalidLgrRange: return 79
        case .notStandAlone, .invalidTransaction, .internalSubmit, .internalJson, .missingCommand, .invalidAPIVersion:
            return nil
        }
    }

    /// rippled's default `error_message`, or `nil` when rippled sends none.
    public var defaultMessage: String? {
        switch self {
        case .noPermission: return "You don't have permission for this command."
        case .tooBusy: return "The server is too busy to help you now."
        case .slowDown: return "You are placing too much load on the server."
        case .highFee: return "Current transaction fee exceeds your limit."
        case .amendmentBlocked: return "Amendment blocked, need upgrade."
        case .noClosed: return "Closed ledger is unavailable."
        case .noCurrent: return "Current ledger is unavailable."
        case .noNetwork: return "Not synced to the network."
        case .notSynced: return "Not synced to the network."
        case .actNotFound: return "Account not found."
        case .lgrNotFound: return "Ledger not found."
        case .txnNotFound: return "Transaction not found."
        case .invalidParams: return "Invalid parameters."
        case .unknownCmd: return "Unknown method."
        case .actMalformed: return "Account malformed."
        case .lgrIdxMalformed: return "Ledger index malformed."
        case .internal: return "Internal error."
        case .notSupported: return "Operation not supported."
        case .excessiveLgrRange: return "Ledger range exceeds 1000."
        case .invalidLgrRange: return "Ledger range is invalid."
        case .notStandAlone, .invalidTransaction, .internalSubmit, .internalJson, .missingCommand, .invalidAPIVersion:
            return nil
        }
    }

    /// The HTTP status rippled uses for this error when the request asked for `ripplerpc` ≥ 3.0
    /// (otherwise RPC errors always travel in a 200).
    public var httpStatus: Int {
        switch self {
        case .noPermission: return 401
        case .tooBusy, .amendmentBlocked, .noClosed, .noCurrent, .noNetwork, .notSynced: return 503
        case .slowDown: return 429
        case .highFee: return 402
        case .actNotFound, .lgrNotFound, .txnNotFound: return 404
        case .invalidParams, .actMalformed, .lgrIdxMalformed, .excessiveLgrRange, .invalidLgrRange: return 400
        case .unknownCmd: return 405
        case .internal: return 500
        case .notSupported: return 501
        case .notStandAlone, .invalidTransaction, .internalSubmit, .internalJson, .missingCommand, .invalidAPIVersion:
            return 200
        }
    }
}

/// An RPC-level failure as rippled reports it: `error` (the token), `error_code`,
/// `error_message`, sometimes `error_exception`, the echoed `request`, and any extra fields the
/// handler left beside them (an `actNotFound` from account_info also carries `account`,
/// `ledger_current_index` and `validated`; a `txnNotFound` with a range carries `searched_all`).
///
/// The same value is decoded by the client and encoded by the simulator, so the extras are
/// kept, not dropped. `description` never includes `request`, which may hold a secret.
public struct RPCError: Error, Sendable, Hashable {
    /// The `error` token, e.g. "actNotFound". Branch on this, not on `code`.
    public var token: String
    /// `error_code`; absent for plain-string errors such as `invalidTransaction`.
    public var code: Int?
    /// `error_message`.
    public var message: String?
    /// `error_exception`: submit's reason for `invalidTransaction` / `internalSubmit` / `internalJson`.
    public var exception: String?
    /// The echoed request (`request`), with secrets already masked by the server.
    public var request: JSONValue?
    /// Every other field of the error object (`account`, `ledger_current_index`, `validated`, …).
    public var extra: [String: JSONValue]

    public init(
        token: String, code: Int? = nil, message: String? = nil, exception: String? = nil,
        request: JSONValue? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.token = token
        self.code = code
        self.message = message
        self.exception = exception
        self.request = request
        self.extra = extra
    }

    /// An error from the catalogue with rippled's code and default message. A handler that
    /// customises the message (rippled does, e.g. "Missing field 'account'.") passes `message`.
    public init(
        _ kind: RPCErrorToken, message: String? = nil, exception: String? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.init(
            token: kind.rawValue, code: kind.code, message: message ?? kind.defaultMessage,
            exception: exception, request: nil, extra: extra)
    }

    /// The catalogue entry for `token`, if SeqWatch knows it.
    public var kind: RPCErrorToken? { RPCErrorToken(rawValue: token) }

    /// Names the fields that belong to the envelope rather than to the error itself.
    static let envelopeKeys: Set<String> = [
        "status", "type", "id", "api_version", "request", "warning", "warnings", "jsonrpc", "ripplerpc",
    ]
    static let errorKeys: Set<String> = ["error", "error_code", "error_message", "error_exception"]

    /// Reads an error from the object that carries it (a WebSocket message or a JSON-RPC
    /// `result`). Envelope fields (`status`, `id`, `type`, …) are not treated as extras.
    public init(fields o: [String: JSONValue]) {
        token = o["error"]?.stringValue ?? "unknown"
        code = o["error_code"].flatMap(Lenient.int)
        message = o["error_message"]?.stringValue
        exception = o["error_exception"]?.stringValue
        request = o["request"]
        var extra: [String: JSONValue] = [:]
        for (k, v) in o where !Self.envelopeKeys.contains(k) && !Self.errorKeys.contains(k) {
            extra[k] = v
        }
        self.extra = extra
    }

    /// The error's own fields as rippled writes them: extras, then `error`, `error_code`,
    /// `error_message`, `error_exception` (each only when present). No `request` or `status`:
    /// those belong to the envelope, which adds them.
    public var fields: [String: JSONValue] {
        var o = extra
        o["error"] = .string(token)
        if let code { o["error_code"] = .int(Int64(code)) }
        if let message { o["error_message"] = .string(message) }
        if let exception { o["error_exception"] = .string(exception) }
        return o
    }
}

extension RPCError: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(fields: try decoder.jsonObject())
    }

    public func encode(to encoder: any Encoder) throws {
        var o = fields
        if let request { o["request"] = request }
        try JSONValue.object(o).encode(to: encoder)
    }
}

extension RPCError: CustomStringConvertible {
    /// One line for logs and the console, e.g. `actNotFound (19): Account not found.`
    public var description: String {
        var s = token
        if let code { s += " (\(code))" }
        if let message { s += ": \(message)" }
        if let exception { s += message == nil ? ": \(exception)" : " [\(exception)]" }
        return s
    }
}
