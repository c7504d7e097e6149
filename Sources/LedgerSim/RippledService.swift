import XRPL

/// A subscriber's identity: one per WebSocket connection, or one per in-process client.
public struct SessionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "session-\(rawValue)" }
}

/// What the server does with one request.
public enum ServiceReply: Sendable {
    /// Send this outcome back in the transport's envelope.
    case reply(Result<JSONValue, RPCError>)
    /// Send nothing: the "dropped submit" fault. The request was processed (a submit may even
    /// have applied) but the reply is lost, exactly the case a client cannot tell from a timeout.
    case dropped
}

/// One session's server-pushed traffic.
public struct ServiceSession: Sendable {
    public let id: SessionID
    /// Stream messages (`ledgerClosed`, `transaction`), already shaped for the api_version the
    /// subscription asked for. The stream finishes when the server drops the session (the
    /// "disconnect all clients" fault, a restart, or `close`).
    public let messages: AsyncStream<JSONValue>

    public init(id: SessionID, messages: AsyncStream<JSONValue>) {
        self.id = id
        self.messages = messages
    }
}

/// The rippled API surface that the network server and the in-process transport both serve.
///
/// Transports own envelopes (WebSocket `id`/`type`/`status`, JSON-RPC `result`); the service
/// owns everything inside them, so the embedded simulator answers the same bytes whichever way a
/// client reaches it.
public protocol RippledService: Sendable {
    /// Handles one method call. `session` is the caller's session when it has one (needed for
    /// subscribe/unsubscribe); `apiVersion` is what the request said, or 1 when it said nothing,
    /// as rippled does.
    func handle(method: String, params: [String: JSONValue], apiVersion: Int, session: SessionID?) async -> ServiceReply

    /// Opens a session for subscriptions. Nothing is delivered until `subscribe` is called on it.
    func openSession() async -> ServiceSession

    /// Ends a session: drops its subscriptions and finishes its stream.
    func closeSession(_ id: SessionID) async
}
