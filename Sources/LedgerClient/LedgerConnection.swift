import Foundation
import XRPL

/// What a connection tells its owner besides request replies.
public enum ConnectionEvent: Sendable {
    /// A stream message (`ledgerClosed`, `transaction`, …) from a subscription, or one the
    /// transport synthesised (JSON-RPC polling, backfill after a reconnect) in the same shape.
    case message(StreamMessage)
    /// The connection is up and subscriptions are (re)established; after a reconnect this comes
    /// only once the missed ledgers and account transactions have been backfilled.
    case connected
    /// The transport lost its server; requests fail until `.connected` comes again.
    case disconnected(reason: String)
    /// A pushed message that could not be decoded: passed on as a problem, never dropped silently.
    case unparsed(reason: String)
}

/// Connection health, part of every engine snapshot.
public struct ConnectionHealth: Sendable, Equatable {
    public var connected: Bool
    public var reconnects: Int
    /// When the last `ledgerClosed` (real or synthesised) arrived.
    public var lastLedgerAt: Date?
    /// Exponentially weighted mean request latency, in milliseconds.
    public var requestLatencyMs: Double?
    public var lastError: String?
    /// Times the server's validated ledger was found behind what was already delivered (another
    /// history: a server that lost its state): delivery started over from it.
    public var historyResets = 0

    public init(connected: Bool = false, reconnects: Int = 0, lastLedgerAt: Date? = nil, requestLatencyMs: Double? = nil, lastError: String? = nil) {
        self.connected = connected
        self.reconnects = reconnects
        self.lastLedgerAt = lastLedgerAt
        self.requestLatencyMs = requestLatencyMs
        self.lastError = lastError
    }

    public func secondsSinceLastLedger(now: Date = Date()) -> Double? { lastLedgerAt.map { now.timeIntervalSince($0) } }
}

/// A transport-level failure (the RPC-level ones are `RPCError`). One line, no secrets.
public enum ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No reply within the request's timeout: the request may or may not have been processed.
    case timeout(method: String, seconds: Double)
    case notConnected(String)
    case transport(String)
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .timeout(let m, let s): "\(m): no reply within \(s) s"
        case .notConnected(let r): "not connected: \(r)"
        case .transport(let r): "transport error: \(r)"
        case .malformedResponse(let r): "malformed response: \(r)"
        }
    }
}

/// One way to reach a ledger: the embedded simulator in-process, a rippled over WebSocket, or a
/// rippled over JSON-RPC. The engine cannot tell them apart except by `name`.
///
/// `request` returns the `result` object of a successful call, throws `RPCError` for an RPC-level
/// error (rippled's `error` token) and `ConnectionError` for transport trouble. Every request has
/// an explicit timeout. Subscriptions survive reconnects: the transport re-subscribes and
/// backfills before it reports `.connected` again.
public protocol LedgerConnection: Sendable {
    /// "embedded simulator", "ws://host:port", "http://host:port".
    var name: String { get }
    /// Stream messages and connection state changes, in order. One consumer.
    var events: AsyncStream<ConnectionEvent> { get }

    /// Connects (and for WebSocket, keeps reconnecting with backoff until `close`).
    func start() async throws
    func request(_ method: String, params: [String: JSONValue], timeout: Duration) async throws -> JSONValue
    /// Adds to the subscription set: `streams` ("ledger", "transactions") and `accounts`.
    func subscribe(streams: [String], accounts: [String]) async throws
    func health() async -> ConnectionHealth
    func close() async
}

extension LedgerConnection {
    public func request(_ method: String, params: [String: JSONValue] = [:]) async throws -> JSONValue {
        try await request(method, params: params, timeout: .seconds(10))
    }

    /// Sends a typed request and decodes its typed response.
    public func send<R: RPCRequest>(_ request: R, timeout: Duration = .seconds(10)) async throws -> R.Response {
        let result = try await self.request(R.command, params: try request.params(), timeout: timeout)
        return try result.decode(as: R.Response.self)
    }
}
