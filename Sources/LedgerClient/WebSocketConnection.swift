import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import XRPL

/// A rippled (or the simulator's server) over WebSocket: the primary transport, because only a
/// WebSocket gets ledger closes and account transactions pushed the moment they validate.
///
/// Requests carry increasing integer ids and `api_version: 2`; the reply with the same id
/// resumes the caller. Each request has its own timer, so a reply the server never sends (a lost
/// submit reply) ends in `ConnectionError.timeout` instead of a hang, and a late reply is
/// ignored. When the socket drops, every pending request fails with `.notConnected` at once (its
/// outcome is unknown, and waiting for the timeout would only delay recovery), `.disconnected`
/// is emitted, and the connection redials with exponential backoff (0.2 s doubling to 5 s, with
/// jitter) until `close()`. After each redial it re-subscribes the same streams and accounts and
/// backfills the ledgers validated while it was away before emitting `.connected`, so the engine
/// never misses a validated transaction of its own accounts.
public actor WebSocketConnection: LedgerConnection {
    public nonisolated let name: String
    public nonisolated var events: AsyncStream<ConnectionEvent> { relay.events }
    /// "ws://host:port/path" or "wss://…".
    public nonisolated let url: String

    private nonisolated let relay = StreamRelay()
    private let logger: Logger
    private let requestTimeout: Duration
    private let connectTimeout: Duration
    private let backoffInitial: Duration
    private let backoffMaximum: Duration
    private let pingInterval: Duration
    /// Largest message accepted; `ledger … expand: true` replies can be megabytes.
    private let maxMessageBytes = 64 << 20

    /// One dialled socket. Frames go out through `outgoing`, drained by a single writer task in
    /// the socket's handler, so requests leave in the order `request` was called (a submit of
    /// Sequence N+1 must not overtake N). Finishing `outgoing` closes the socket.
    private struct Socket {
        let generation: Int
        let outgoing: AsyncStream<String>.Continuation
    }

    private struct Pending {
        let method: String
        let generation: Int
        let timeout: Duration
        let continuation: CheckedContinuation<JSONValue, any Error>
        let timer: Task<Void, Never>
    }

    private var socket: Socket?
    private var generation = 0
    private var socketTask: Task<Void, Never>?
    /// Set while `openSocket` waits for the handshake of socket `generation`.
    private var openWaiter: (generation: Int, continuation: CheckedContinuation<Void, any Error>, timer: Task<Void, Never>)?
    private var socketsRunning = 0
    private var pending: [Int64: Pending] = [:]
    private var nextID: Int64 = 1
    private var reconnectTask: Task<Void, Never>?
    private var started = false
    private var closed = false
    private var established = false

    /// - Parameters:
    ///   - url: "ws://host:port/" (rippled's admin port is 6006) or "wss://…".
    ///   - requestTimeout: the timeout of the requests the connection makes itself (subscribe,
    ///     backfill).
    ///   - connectTimeout: how long one dial (TCP + TLS + upgrade) may take.
    ///   - backoff: the first reconnect delay and the cap it doubles up to.
    ///   - pingInterval: how often to ping; a ping left unanswered for this long closes the
    ///     socket (and so starts a reconnect).
    public init(
        url: String, requestTimeout: Duration = .seconds(10), connectTimeout: Duration = .seconds(5),
        backoff: (initial: Duration, maximum: Duration) = (.milliseconds(200), .seconds(5)),
        pingInterval: Duration = .seconds(15), logger: Logger = Logger(label: "seqwatch.client.ws")
    ) {
        self.url = url
        var display = url
        while display.hasSuffix("/") { display.removeLast() }
        self.name = display
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.backoffInitial = backoff.initial
        self.backoffMaximum = backoff.maximum
        self.pingInterval = pingInterval
        self.logger = logger
    }

    // MARK: LedgerConnection

    /// Dials once; throws if that fails. From then on the connection redials by itself.
    public func start() async throws {
        guard !started else { return }
        started = true
        try await establish()
    }

    public func request(_ method: String, params: [String: JSONValue], timeout: Duration) async throws -> JSONValue {
        guard let socket else {
            throw ConnectionError.notConnected(closed ? "connection closed" : "websocket to \(name) is down")
        }
        let id = nextID
        nextID += 1
        let text = WebSocketRequest(id: .int(id), command: method, apiVersion: XRPLAPIVersion.v2, params: params).json.serialized()
        let start = ContinuousClock.now
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
            let timer = Task { [weak self] in
                do { try await Task.sleep(for: timeout) } catch { return }
                await self?.expire(id)
            }
            pending[id] = Pending(method: method, generation: socket.generation, timeout: timeout, continuation: continuation, timer: timer)
            // If the write fails the socket is failing: its end fails this request.
            socket.outgoing.yield(text)
        }
        relay.recordLatency(since: start)
        return result
    }

    public func subscribe(streams: [String], accounts: [String]) async throws {
        guard let params = StreamRelay.subscribeParams(streams: streams, accounts: accounts) else { return }
        guard let generation = socket?.generation else {
            // Down: the next reconnect subscribes the whole set.
            relay.addSubscriptions(streams: streams, accounts: accounts)
            return
        }
        do {
            let result = try await request("subscribe", params: params, timeout: requestTimeout)
            relay.addSubscriptions(streams: streams, accounts: accounts)
            if streams.contains("ledger") { relay.noteSubscribeReply(result) }
            // A reconnect that re-subscribed before our addition would have missed it.
            if let now = socket?.generation, now != generation {
                _ = try? await request("subscribe", params: params, timeout: requestTimeout)
            }
        } catch is ConnectionError {
            // The socket dropped under us: the reconnect re-subscribes the whole set.
            relay.addSubscriptions(streams: streams, accounts: accounts)
        }
    }

    public func health() async -> ConnectionHealth { relay.health }

    public func close() async {
        guard !closed else { return }
        closed = true
        reconnectTask?.cancel()
        reconnectTask = nil
        if let w = openWaiter {
            openWaiter = nil
            w.timer.cancel()
            w.continuation.resume(throwing: ConnectionError.notConnected("connection closed"))
        }
        let current = socket
        socket = nil
        failPending(ConnectionError.notConnected("connection closed"))
        if let current {
            current.outgoing.finish()
        } else {
            socketTask?.cancel()  // still dialling
        }
        relay.finish()
        // Let the socket task wind down (bounded: a server that never answers the close frame
        // must not hold us up).
        let deadline = ContinuousClock.now + .seconds(2)
        while socketsRunning > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    // MARK: connecting

    /// Dials, re-subscribes, backfills, then reports `.connected`.
    private func establish() async throws {
        let gen = try await openSocket()
        do {
            try await resubscribe()
            let timeout = requestTimeout
            try await relay.catchUp { method, params in
                try await self.request(method, params: params, timeout: timeout)
            }
        } catch {
            dropSocket(gen, reason: "resync failed: \(error)")
            throw error
        }
        guard !closed, socket?.generation == gen else {
            throw ConnectionError.notConnected("websocket dropped during resync")
        }
        established = true
        relay.finishResync()
    }

    private func resubscribe() async throws {
        guard let (params, ledger) = relay.resubscribeParams else { return }
        do {
            let result = try await request("subscribe", params: params, timeout: requestTimeout)
            if ledger { relay.noteSubscribeReply(result) }
        } catch let e as RPCError {
            // A set the server now refuses must not keep us offline forever.
            relay.recordError("re-subscribe refused: \(e)")
            logger.warning("re-subscribe on \(name) refused: \(e)")
        }
    }

    /// Starts a socket task and waits for its handshake (or its failure, or `connectTimeout`).
    private func openSocket() async throws -> Int {
        guard !closed else { throw ConnectionError.notConnected("connection closed") }
        generation += 1
        let gen = generation
        let url = url
        let logger = logger
        let relay = relay
        let maxBytes = maxMessageBytes
        // Pings find a half-open TCP connection (a peer that vanished without a FIN), which
        // would otherwise look like a quiet ledger forever.
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: maxBytes, closeTimeout: .seconds(2), autoPing: .enabled(timePeriod: pingInterval))
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let limit = connectTimeout
            let timer = Task { [weak self] in
                do { try await Task.sleep(for: limit) } catch { return }
                await self?.openTimedOut(gen)
            }
            openWaiter = (gen, continuation, timer)
            socketsRunning += 1
            // The socket task must not keep the connection alive: it reaches it through a weak box.
            let owner = WeakConnection(self)
            socketTask = Task.detached {
                var reason = "server closed the connection"
                do {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                        let (outgoing, continuation) = AsyncStream<String>.makeStream()
                        guard let connection = owner.value, await connection.attach(continuation, generation: gen) else { return }
                        let messages = inbound.messages(maxSize: maxBytes)
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            // The single writer; ends when `outgoing` is finished (our close).
                            group.addTask {
                                for await text in outgoing { try await outbound.writeTextMessage(text) }
                            }
                            // The reader: replies to the actor, pushes straight to the relay
                            // (in arrival order). Ends when the server closes.
                            group.addTask {
                                for try await message in messages {
                                    let text: String
                                    switch message {
                                    case .text(let t): text = t
                                    case .binary(let b): text = String(buffer: b)
                                    }
                                    guard let json = try? JSONValue.parse(text) else {
                                        // Not JSON: reported (the engine counts it), never a crash.
                                        relay.unparsed("a frame that is not JSON (\(text.utf8.count) bytes)")
                                        continue
                                    }
                                    if json["type"]?.stringValue == "response" || (json["type"] == nil && json["id"] != nil) {
                                        await connection.reply(json)
                                    } else {
                                        relay.live(json)
                                    }
                                }
                            }
                            // Whichever ends first ends the socket.
                            _ = try await group.next()
                            group.cancelAll()
                        }
                    }
                } catch {
                    reason = "\(error)"
                }
                await owner.value?.socketEnded(gen, reason: reason)
            }
        }
        return gen
    }

    /// The handshake completed. False when the socket is stale (closed or superseded): its
    /// handler then returns at once, which closes it.
    private func attach(_ outgoing: AsyncStream<String>.Continuation, generation gen: Int) -> Bool {
        guard !closed, gen == generation, let w = openWaiter, w.generation == gen else { return false }
        openWaiter = nil
        w.timer.cancel()
        socket = Socket(generation: gen, outgoing: outgoing)
        w.continuation.resume()
        return true
    }

    private func openTimedOut(_ gen: Int) {
        guard let w = openWaiter, w.generation == gen else { return }
        openWaiter = nil
        w.continuation.resume(throwing: ConnectionError.timeout(method: "connect", seconds: connectTimeout.seconds))
        if gen == generation { socketTask?.cancel() }
    }

    private func socketEnded(_ gen: Int, reason: String) {
        socketsRunning -= 1
        if let w = openWaiter, w.generation == gen {
            openWaiter = nil
            w.timer.cancel()
            w.continuation.resume(throwing: ConnectionError.notConnected("cannot reach \(name): \(reason)"))
        }
        guard let current = socket, current.generation == gen else { return }
        socket = nil
        current.outgoing.finish()
        failPending(ConnectionError.notConnected("websocket closed: \(reason)"), generation: gen)
        guard !closed, established else { return }
        logger.info("websocket to \(name) closed (\(reason)); reconnecting")
        relay.markDisconnected("websocket closed: \(reason)")
        if reconnectTask == nil {
            reconnectTask = Task { await self.reconnectLoop() }
        }
    }

    /// Closes a socket we gave up on (its resync failed).
    private func dropSocket(_ gen: Int, reason: String) {
        guard let current = socket, current.generation == gen else { return }
        socket = nil
        failPending(ConnectionError.notConnected(reason), generation: gen)
        current.outgoing.finish()
    }

    private func reconnectLoop() async {
        // `establish` checks the socket before returning: once it succeeds, it is up.
        await ReconnectBackoff.retry(
            initial: backoffInitial, maximum: backoffMaximum, isClosed: { closed }, attempt: { try await establish() }
        ) { error in
            relay.recordError("reconnect to \(name) failed: \(error)")
            logger.debug("reconnect to \(name) failed: \(error)")
        }
        reconnectTask = nil
    }

    // MARK: replies

    private func reply(_ json: JSONValue) {
        guard let id = json["id"]?.int64Value else { return }
        do {
            let response = try WebSocketResponse(json: json)
            switch response.outcome {
            case .success(let result): finish(id, with: .success(result))
            case .failure(let error): finish(id, with: .failure(error))
            }
        } catch {
            finish(id, with: .failure(ConnectionError.malformedResponse("\(error)")))
        }
    }

    private func finish(_ id: Int64, with outcome: Result<JSONValue, any Error>) {
        guard let p = pending.removeValue(forKey: id) else { return }  // late: already timed out
        p.timer.cancel()
        if case .failure(let e as ConnectionError) = outcome { relay.recordError(e.description) }
        p.continuation.resume(with: outcome)
    }

    private func expire(_ id: Int64) {
        guard let p = pending.removeValue(forKey: id) else { return }
        let error = ConnectionError.timeout(method: p.method, seconds: p.timeout.seconds)
        relay.recordError(error.description)
        p.continuation.resume(throwing: error)
    }

    private func failPending(_ error: ConnectionError, generation gen: Int? = nil) {
        let ids = pending.filter { gen == nil || $0.value.generation == gen }.map(\.key)
        for id in ids {
            guard let p = pending.removeValue(forKey: id) else { continue }
            p.timer.cancel()
            p.continuation.resume(throwing: error)
        }
    }
}

/// A weak reference that can cross into the socket's `@Sendable` handler (a `[weak self]`
/// capture is a `var`, which a concurrently running closure may not capture).
private final class WeakConnection: Sendable {
    weak let value: WebSocketConnection?
    init(_ value: WebSocketConnection) { self.value = value }
}
