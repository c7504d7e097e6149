/// A typed rippled request: its parameters encode to the params object, `command` names the
/// method, and `Response` is the model its `result` decodes into.
///
/// Tying the three together lets a client write `try await conn.request(FeeRequest())` and get
/// a `FeeResponse` back, and lets the simulator decode the params of a method it dispatches on.
public protocol RPCRequest: Codable, Sendable {
    associatedtype Response: Codable, Sendable
    /// The method name (`command` on WebSocket, `method` on JSON-RPC).
    static var command: String { get }
}

extension RPCRequest {
    /// The params object on the wire (everything except `id`, `command` and `api_version`).
    public func params() throws -> [String: JSONValue] {
        guard case .object(let o) = try JSONValue(encoding: self) else {
            throw XRPLError.malformedJSON("\(Self.self) did not encode to a JSON object")
        }
        return o
    }

    /// Reads this request from a params object (the simulator side).
    public init(params: [String: JSONValue]) throws {
        self = try JSONValue.object(params).decode(as: Self.self)
    }
}

/// The result of a method that returns nothing but success (`unsubscribe`): an empty object.
public struct EmptyResponse: Codable, Sendable, Hashable {
    public init() {}
}

/// Secret material that must travel on the wire but never be printed.
///
/// It encodes as the bare string (rippled needs it in sign-and-submit mode), but its
/// `description`, `debugDescription` and mirror are redacted, so a request that holds one can
/// be logged, interpolated or `dump`ed without leaking the seed.
public struct RedactedSecret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself. Read it only to put it on the wire.
    public let value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    public static let placeholder = "<redacted>"
    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The parameter names rippled masks with "<masked>" before echoing a request in an error
/// (ServerHandler does this for both transports), and that SeqWatch masks in every description.
public enum SecretFields {
    public static let names: Set<String> = ["secret", "passphrase", "seed", "seed_hex"]
    public static let mask: JSONValue = "<masked>"

    /// A copy of a request object with secret parameters replaced by "<masked>", as rippled
    /// echoes it. Non-objects are returned unchanged.
    public static func masked(_ request: JSONValue) -> JSONValue {
        guard case .object(var o) = request else { return request }
        for k in names where o[k] != nil { o[k] = mask }
        return .object(o)
    }

    static func masked(_ o: [String: JSONValue]) -> [String: JSONValue] {
        var o = o
        for k in names where o[k] != nil { o[k] = mask }
        return o
    }
}
