import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import XRPL

/// A rippled over JSON-RPC (HTTP POST `/`): for servers that expose no WebSocket port.
///
/// JSON-RPC has no push, so this transport makes its own stream: every `pollInterval` it asks
/// for the validated ledger and, for each ledger validated since the last poll (including any
/// skipped in between, up to `LedgerBackfill.defaultLimit`), synthesises the `ledgerClosed`
/// message and the subscribed accounts' `transaction` messages from `ledger … transactions:
/// true, expand: true`, in the same v2 shape a WebSocket subscriber receives (see
/// `LedgerBackfill`). The engine therefore runs unchanged on either transport, only with up to
/// one poll interval of extra latency.
///
/// "Connected" means "the last poll reached the server". When a poll fails at the transport
/// level the connection emits `.disconnected` and keeps polling with backoff; the first poll
/// that succeeds again backfills the gap and emits `.connected` (counted as a reconnect).
///
/// The `HTTPClient` is created here and shut down in `close()`; call `close()` when done.
public actor JSONRPCConnection: LedgerConnection {
    public nonisolated let name: String
    public nonisolated var events: AsyncStream<ConnectionEvent> { relay.events }
    /// "http://host:port/path" or "https://…".
    public nonisolated let url: String
    public nonisolated let pollInterval: Duration

    private nonisolated let relay = StreamRelay()
    private nonisolated let client: HTTPClient
    private let requestTimeout: Duration
    private let logger: Logger
    /// Largest reply accepted; `ledger … expand: true` replies can be megabytes.
    private static let maxResponseBytes = 64 << 20

    private var pollTask: Task<Void, Never>?
    private var started = false
    private var closed = false

    /// - Parameters:
    ///   - url: "http://host:port/" (rippled's admin port is 5005) or "https://…".
    ///   - pollInterval: how often to look for a newly validated ledger.
    ///   - requestTimeout: the timeout of the requests the connection makes itself (polls,
    ///     backfill).
    public init(
        url: String, pollInterval: Duration = .milliseconds(500), requestTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "seqwatch.client.jsonrpc")
    ) {
        self.url = url
        var display = url
        while display.hasSuffix("/") { display.removeLast() }
        self.name = display
        self.pollInterval = pollInterval
        self.requestTimeout = requestTimeout
        self.logger = logger
        var configuration = HTTPClient.Configuration()
        // Fail a request at once when the server cannot be reached instead of letting the pool
        // redial until the request's deadline: the poll loop has its own backoff, and an outage
        // should show as `.disconnected` in milliseconds, not after a whole timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit {
        // Safety net for a connection dropped without `close()` (e.g. `start()` threw): an
        // HTTPClient must be shut down before it is released.
        guard !closed else { return }
        let client = client
        Task { try? await client.shutdown() }
    }

    // MARK: LedgerConnection

    /// Reaches the server once (reading fees and the validated ledger, the baseline for
    /// polling); throws if that fails. Then polls until `close()`.
    public func start() async throws {
        guard !started else { return }
        started = true
        await refreshFees()
        let timeout = requestTimeout
        try await relay.catchUp { method, params in
            try await self.request(method, params: params, timeout: timeout)
        }
        relay.finishResync()
        pollTask = Task { await self.pollLoop() }
    }

    public nonisolated func request(_ method: String, params: [String: JSONValue], timeout: Duration) async throws -> JSONValue {
        guard !relay.isFinished else { throw ConnectionError.notConnected("connection closed") }
        var p = params
        p["api_version"] = .int(Int64(XRPLAPIVersion.v2))
        let body = JSONRPCRequest(method: method, params: p).json.serialized()
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let prepared = request
        let start = ContinuousClock.now
        let client = client
        do {
            let json = try await Self.withTimeout(timeout, method: method) {
                let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout / .nanoseconds(1)))
                let response = try await client.execute(prepared, deadline: deadline)
                guard response.status == .ok else {
                    let text = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
                    let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                    throw ConnectionError.transport("HTTP \(response.status.code)\(line.isEmpty ? "" : ": \(line)")")
                }
                let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                do {
                    return try JSONValue.parse(String(buffer: buffer))
                } catch {
                    throw ConnectionError.malformedResponse("\(error)")
                }
            }
            let outcome: Result<JSONValue, RPCError>
            do {
                outcome = try JSONRPCResponse(json: json).outcome
            } catch {
                throw ConnectionError.malformedResponse("\(error)")
            }
            switch outcome {
            case .success(let result):
                relay.recordLatency(since: start)
                return result
            case .failure(let error):
                throw error
            }
        } catch let error as RPCError {
            throw error
        } catch let error as ConnectionError {
            relay.recordError(error.description)
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            let e = ConnectionError.timeout(method: method, seconds: timeout.seconds)
            relay.recordError(e.description)
            throw e
        } catch {
            let e = ConnectionError.transport("\(error)")
            relay.recordError(e.description)
            throw e
        }
    }

    /// JSON-RPC has nothing to subscribe on the server: the set only decides what polling
    /// synthesises. Accounts are checked here, as rippled's `subscribe` would.
    public func subscribe(streams: [String], accounts: [String]) async throws {
        if let bad = accounts.first(where: { !AddressCodec.isValidClassicAddress($0) }) {
            throw RPCError(.actMalformed, extra: ["account": .string(bad)])
        }
        relay.addSubscriptions(streams: streams, accounts: accounts)
    }

    public func health() async -> ConnectionHealth { relay.health }

    public func close() async {
        guard !closed else { return }
        closed = true
        pollTask?.cancel()
        pollTask = nil
        relay.finish()
        do {
            try await client.shutdown()
        } catch {
            logger.debug("HTTP client shutdown: \(error)")
        }
    }

    // MARK: polling

    private func pollLoop() async {
        var backoff = ReconnectBackoff(initial: max(pollInterval, .milliseconds(200)))
        let timeout = requestTimeout
        var reachable = true
        while !closed {
            do { try await Task.sleep(for: reachable ? pollInterval : backoff.next()) } catch { break }
            if closed { break }
            do {
                if !reachable { await refreshFees() }
                try await relay.catchUp { method, params in
                    try await self.request(method, params: params, timeout: timeout)
                }
                if !reachable {
                    reachable = true
                    backoff.reset()
                    logger.info("JSON-RPC server \(name) reachable again")
                    relay.finishResync()
                }
            } catch let error as RPCError {
                // The server answered: still connected, but e.g. without a validated ledger.
                relay.recordError("poll: \(error)")
            } catch {
                if closed { break }
                if reachable {
                    reachable = false
                    logger.warning("JSON-RPC poll of \(name) failed: \(error)")
                }
                relay.markDisconnected("poll failed: \(error)")
            }
        }
    }

    /// Reads fee and reserve figures for synthesised `ledgerClosed` messages from
    /// `server_state` (integer drops). Best effort: the defaults stand if it fails.
    private func refreshFees() async {
        guard let state = try? await request("server_state", params: [:], timeout: requestTimeout)["state"] else { return }
        if let v = state["validated_ledger"] { relay.noteFees(v) }
        if let n = state["network_id"] { relay.noteFees(["network_id": n]) }
    }

    /// Races `operation` against `timeout`; the loser is cancelled (AsyncHTTPClient honours
    /// cancellation, so nothing lingers).
    private static func withTimeout<T: Sendable>(
        _ timeout: Duration, method: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ConnectionError.timeout(method: method, seconds: timeout.seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
