import Foundation
import LedgerSim
import Logging
import Synchronization
import XRPL

/// The embedded simulator, reached by calling it directly: no sockets, no envelopes.
///
/// Why it still behaves like a network transport: the workload must react to the simulator's
/// faults exactly as it would to a real rippled, or the embedded mode would hide the very bugs it
/// exists to reproduce. So a `.dropped` reply (the "dropped submit" fault) is not an error
/// returned at once but silence until the request's timeout, then `ConnectionError.timeout`; and
/// when the simulator finishes our session (the "disconnect" and "restart" faults) we emit
/// `.disconnected`, wait a moment as a network client would, open a new session, re-subscribe,
/// backfill the ledgers closed meanwhile and only then emit `.connected`.
///
/// Every call says `api_version: 2`, as the other transports do.
public actor InProcessConnection: LedgerConnection {
    public nonisolated let name = "embedded simulator"
    public nonisolated var events: AsyncStream<ConnectionEvent> { relay.events }

    private nonisolated let relay = StreamRelay()
    private nonisolated let service: any RippledService
    /// The current subscription session; nil while disconnected. Read by `request` without
    /// hopping onto the actor.
    private nonisolated let currentSession = Mutex<SessionID?>(nil)
    /// When set, `start` runs this simulator's wall clock and `close` stops it.
    private let clockOwner: Simulator?
    private let reconnectDelay: Duration
    private let requestTimeout: Duration
    private let logger: Logger

    private var readerTask: Task<Void, Never>?
    private var reconnectTask: Task<Void, Never>?
    private var clockTask: Task<Void, Never>?
    private var started = false
    private var closed = false
    /// Set once the first `establish` succeeded: only then does a dropped session mean "reconnect"
    /// (before it, `start` fails instead).
    private var established = false

    /// - Parameters:
    ///   - service: the simulator (or any `RippledService`).
    ///   - reconnectDelay: the first wait before reopening a dropped session (then doubling to
    ///     5 s while it keeps failing).
    ///   - requestTimeout: the timeout of the requests the connection makes itself (subscribe,
    ///     backfill).
    public init(
        service: any RippledService, reconnectDelay: Duration = .milliseconds(100), requestTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "seqwatch.client.embedded")
    ) {
        self.service = service
        self.clockOwner = nil
        self.reconnectDelay = reconnectDelay
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    /// - Parameter runClock: run the simulator's wall clock (`Simulator.run()`) from `start()`
    ///   to `close()`, for callers that own no other task to drive it.
    public init(
        simulator: Simulator, runClock: Bool = false, reconnectDelay: Duration = .milliseconds(100),
        requestTimeout: Duration = .seconds(10), logger: Logger = Logger(label: "seqwatch.client.embedded")
    ) {
        self.service = simulator
        self.clockOwner = runClock ? simulator : nil
        self.reconnectDelay = reconnectDelay
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    // MARK: LedgerConnection

    public func start() async throws {
        guard !started else { return }
        started = true
        if let sim = clockOwner {
            clockTask = Task.detached { await sim.run() }
        }
        try await establish()
    }

    /// Calls the service with `api_version: 2`. Fails with `.notConnected` while the session is
    /// down (between a disconnect fault and the reconnect), as a socket transport would.
    public nonisolated func request(_ method: String, params: [String: JSONValue], timeout: Duration) async throws -> JSONValue {
        guard let session = currentSession.withLock({ $0 }) else {
            throw ConnectionError.notConnected(relay.isFinished ? "connection closed" : "simulator session is down")
        }
        return try await call(method, params: params, timeout: timeout, session: session)
    }

    public func subscribe(streams: [String], accounts: [String]) async throws {
        guard let params = StreamRelay.subscribeParams(streams: streams, accounts: accounts) else { return }
        while let session = currentSession.withLock({ $0 }) {
            do {
                let result = try await call("subscribe", params: params, timeout: requestTimeout, session: session)
                relay.addSubscriptions(streams: streams, accounts: accounts)
                if streams.contains("ledger") { relay.noteSubscribeReply(result) }
                // A reconnect that re-subscribed before our addition would have missed it.
                if let now = currentSession.withLock({ $0 }), now != session {
                    _ = try? await call("subscribe", params: params, timeout: requestTimeout, session: now)
                }
                return
            } catch let e as RPCError {
                // The session vanished under us (the simulator refuses a subscribe on an unknown
                // session): try again on the new one, or leave it to the reconnect.
                if currentSession.withLock({ $0 }) != session { continue }
                throw e
            } catch is ConnectionError {
                break
            }
        }
        // Not connected: the next reconnect subscribes the whole set.
        relay.addSubscriptions(streams: streams, accounts: accounts)
    }

    public func health() async -> ConnectionHealth { relay.health }

    public func close() async {
        guard !closed else { return }
        closed = true
        reconnectTask?.cancel()
        reconnectTask = nil
        let session = currentSession.withLock { s -> SessionID? in
            defer { s = nil }
            return s
        }
        if let session { await service.closeSession(session) }
        readerTask?.cancel()
        readerTask = nil
        clockTask?.cancel()
        clockTask = nil
        relay.finish()
    }

    // MARK: sessions

    /// One service call. A dropped reply is silence until the deadline, like a lost network
    /// reply, never an immediate error and never a hang.
    private nonisolated func call(
        _ method: String, params: [String: JSONValue], timeout: Duration, session: SessionID?
    ) async throws -> JSONValue {
        let start = ContinuousClock.now
        switch await service.handle(method: method, params: params, apiVersion: XRPLAPIVersion.v2, session: session) {
        case .dropped:
            try? await Task.sleep(until: start + timeout)
            let error = ConnectionError.timeout(method: method, seconds: timeout.seconds)
            relay.recordError(error.description)
            throw error
        case .reply(.success(let result)):
            relay.recordLatency(since: start)
            return result
        case .reply(.failure(let error)):
            throw error
        }
    }

    /// Opens a session, re-subscribes, backfills, then reports `.connected`.
    private func establish() async throws {
        let session = await service.openSession()
        currentSession.withLock { $0 = session.id }
        startReader(session)
        do {
            try await resubscribe(session.id)
            let timeout = requestTimeout
            try await relay.catchUp { method, params in
                try await self.call(method, params: params, timeout: timeout, session: session.id)
            }
        } catch {
            currentSession.withLock { if $0 == session.id { $0 = nil } }
            await service.closeSession(session.id)
            throw error
        }
        guard !closed, currentSession.withLock({ $0 }) == session.id else {
            throw ConnectionError.notConnected("simulator dropped the session during resync")
        }
        established = true
        relay.finishResync()
    }

    private func resubscribe(_ session: SessionID) async throws {
        guard let (params, ledger) = relay.resubscribeParams else { return }
        let result = try await call("subscribe", params: params, timeout: requestTimeout, session: session)
        if ledger { relay.noteSubscribeReply(result) }
    }

    /// Feeds the session's pushes to the relay; when the simulator finishes the session, starts
    /// the reconnect.
    private func startReader(_ session: ServiceSession) {
        readerTask?.cancel()
        let relay = relay
        readerTask = Task.detached { [weak self] in
            for await message in session.messages { relay.live(message) }
            await self?.sessionEnded(session.id)
        }
    }

    private func sessionEnded(_ id: SessionID) {
        guard !closed else { return }
        let wasCurrent = currentSession.withLock { s -> Bool in
            guard s == id else { return false }
            s = nil
            return true
        }
        // Before the first connect succeeded `start` reports the failure itself.
        guard wasCurrent, established else { return }
        logger.info("embedded simulator dropped the subscription session; reconnecting")
        relay.markDisconnected("simulator dropped the session")
        if reconnectTask == nil {
            reconnectTask = Task { await self.reconnectLoop() }
        }
    }

    private func reconnectLoop() async {
        // `establish` checks the session before returning: once it succeeds, it is current.
        await ReconnectBackoff.retry(initial: reconnectDelay, isClosed: { closed }, attempt: { try await establish() }) { error in
            relay.recordError("reconnect failed: \(error)")
            logger.warning("embedded simulator reconnect failed: \(error)")
        }
        reconnectTask = nil
    }
}
