import Foundation
import LedgerClient
import LedgerSim
import Logging
import SimServer
import Synchronization
import TestSupport
import Testing
import XRPL

/// A real `RippledServer` on a free loopback port in front of a manual-clock simulator (ledgers
/// close only when a test says so), stopped when the body ends, even when it fails.
enum ClientHarness {
    static var quietLogger: Logger { SimHarness.quietLogger("seqwatch.test.client") }

    static func config() -> SimConfig { SimHarness.manualConfig() }

    static func simulator() -> Simulator { Simulator(config: config(), clock: .manual(start: 1_000_000)) }

    static func withServer(_ body: @Sendable (Simulator, Int) async throws -> Void) async throws {
        let sim = simulator()
        try await SimHarness.withRippledServer(sim) { port in try await body(sim, port) }
    }

    /// Runs `body` with a started connection and an event recorder; always closes the connection.
    static func withConnection(
        _ connection: any LedgerConnection, _ body: @Sendable (any LedgerConnection, EventRecorder) async throws -> Void
    ) async throws {
        let recorder = EventRecorder(connection.events)
        do {
            try await connection.start()
            try await body(connection, recorder)
        } catch {
            await connection.close()
            recorder.stop()
            throw error
        }
        await connection.close()
        recorder.stop()
    }

    static let genesis: Wallet = {
        // The genesis seed is a published constant; it always parses.
        try! Wallet(seed: try! Seed(encoded: SimulatorCore.genesisSeed))
    }()

    static func signed(_ body: TransactionBody, sequence: UInt32, from wallet: Wallet = genesis) throws -> SignedTransaction {
        try TransactionSigner.sign(Transaction(account: wallet.address, body: body, sequence: sequence), with: wallet.keys)
    }

    /// A funded-looking destination nobody subscribed to by default.
    static func newWallet() throws -> Wallet { try Wallet(seed: Seed.random()) }
}

/// Collects a connection's events on a background task; tests wait on it with a deadline, so a
/// missing event fails the test instead of hanging it.
final class EventRecorder: Sendable {
    private final class Storage: Sendable {
        let events = Mutex<[ConnectionEvent]>([])
    }
    private let storage: Storage
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<ConnectionEvent>) {
        let storage = Storage()
        self.storage = storage
        task = Task {
            for await e in stream { storage.events.withLock { $0.append(e) } }
        }
    }

    func stop() { task.cancel() }

    var all: [ConnectionEvent] { storage.events.withLock { $0 } }

    /// Waits until `done(events)` holds, or fails after `timeout`.
    @discardableResult
    func wait(
        for what: String, timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation,
        _ done: ([ConnectionEvent]) -> Bool
    ) async throws -> [ConnectionEvent] {
        let deadline = ContinuousClock.now + timeout
        while true {
            // Look once more after the deadline: a starved runner may wake past it.
            let expired = ContinuousClock.now >= deadline
            let snapshot = all
            if done(snapshot) { return snapshot }
            if expired { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let summary = all.map(EventRecorder.describe).joined(separator: ", ")
        Issue.record("timed out waiting for \(what); events: [\(summary)]", sourceLocation: sourceLocation)
        throw HarnessError("timed out waiting for \(what)")
    }

    /// Waits for a disconnect followed by a connect and returns what was delivered between
    /// them: the backfill of a reconnect, described.
    func backfillAcrossReconnect(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
        let seen = try await wait(for: "reconnect", sourceLocation: sourceLocation) { e in
            guard let d = e.firstIndex(where: \.isDisconnected) else { return false }
            return e[d...].contains { $0.isConnected }
        }
        let d = seen.firstIndex { $0.isDisconnected }!
        let after = seen[(d + 1)...]
        return after[..<after.firstIndex { $0.isConnected }!].map(EventRecorder.describe)
    }

    static func describe(_ e: ConnectionEvent) -> String {
        switch e {
        case .connected: "connected"
        case .disconnected(let r): "disconnected(\(r))"
        case .message(.ledgerClosed(let l)): "ledgerClosed(\(l.ledgerIndex))"
        case .message(.transaction(let t)): "transaction(\(t.hash.prefix(8)) @\(t.ledgerIndex.map(String.init) ?? "?"))"
        case .message(.other(let type, _)): "other(\(type))"
        case .unparsed(let r): "unparsed(\(r))"
        }
    }
}

extension ConnectionEvent {
    var ledgerClosed: LedgerClosedMessage? {
        if case .message(.ledgerClosed(let l)) = self { return l }
        return nil
    }

    var transaction: TransactionStreamMessage? {
        if case .message(.transaction(let t)) = self { return t }
        return nil
    }

    var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    var isDisconnected: Bool {
        if case .disconnected = self { return true }
        return false
    }
}

/// A server that can be stopped and started again on the same port in front of the same
/// simulator: a real outage, with connection refused while it is down.
actor RestartableServer {
    let sim: Simulator
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    init(sim: Simulator) { self.sim = sim }

    @discardableResult
    func start() async throws -> Int {
        let server = RippledServer(service: sim, configuration: .init(host: "127.0.0.1", port: port), logger: ClientHarness.quietLogger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task {
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let p = await iterator.next(), p > 0 else { throw HarnessError("server did not start on port \(port)") }
        port = p
        return p
    }

    func stop() async {
        task?.cancel()
        _ = await task?.result
        task = nil
    }

    /// Runs `body` with a started server; always stops it.
    static func with(_ body: @Sendable (Simulator, RestartableServer) async throws -> Void) async throws {
        let server = RestartableServer(sim: ClientHarness.simulator())
        try await server.start()
        do {
            try await body(server.sim, server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
