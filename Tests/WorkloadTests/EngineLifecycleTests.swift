import Foundation
import LedgerClient
import Synchronization
import Testing
import Workload
import XRPL

/// The engine's run loop ends when asked, whenever it is asked: a stop that lands while the
/// connection is still being made (a Ctrl-C while connecting), or the run task's cancellation.
/// Both used to leave `run()` looping for ever with nobody left to stop it.
@Suite(.timeLimit(.minutes(1))) struct EngineLifecycleTests {
    /// A server that never answers, whose `start()` returns only when the test says so.
    final class GatedConnection: LedgerConnection, @unchecked Sendable {
        let name = "gated test connection"
        let events: AsyncStream<ConnectionEvent>
        private let eventsContinuation: AsyncStream<ConnectionEvent>.Continuation
        /// Yields once `start()` has been entered; `open` lets it return.
        let started: AsyncStream<Void>
        private let startedContinuation: AsyncStream<Void>.Continuation
        private let gate: AsyncStream<Void>
        private let gateContinuation: AsyncStream<Void>.Continuation
        let closed = Mutex(false)
        /// Yields at each request or subscribe: the engine got past connecting.
        let asked: AsyncStream<Void>
        private let askedContinuation: AsyncStream<Void>.Continuation

        init() {
            (events, eventsContinuation) = AsyncStream.makeStream()
            (started, startedContinuation) = AsyncStream.makeStream()
            (gate, gateContinuation) = AsyncStream.makeStream()
            (asked, askedContinuation) = AsyncStream.makeStream()
        }

        func open() { gateContinuation.yield(()) }

        func start() async throws {
            startedContinuation.yield(())
            for await _ in gate { break }
        }

        func request(_ method: String, params: [String: JSONValue], timeout: Duration) async throws -> JSONValue {
            askedContinuation.yield(())
            throw ConnectionError.notConnected("the test server does not answer")
        }

        func subscribe(streams: [String], accounts: [String]) async throws {
            askedContinuation.yield(())
            throw ConnectionError.notConnected("the test server does not answer")
        }

        func health() async -> ConnectionHealth { ConnectionHealth() }

        func close() async {
            closed.withLock { $0 = true }
            eventsContinuation.finish()
        }
    }

    /// Whether `run` ends within `deadline` (generous: it ends at once when it ends at all). A
    /// run that never ends is reported and left behind, so the test fails instead of hanging.
    static func ends(_ run: Task<Void, any Error>, within deadline: Duration = .seconds(30)) async -> Bool {
        let once = Once()
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            Task { [once] in
                _ = await run.result
                if once.first() { c.resume(returning: true) }
            }
            Task { [once] in
                try? await Task.sleep(for: deadline)
                if once.first() { c.resume(returning: false) }
            }
        }
    }

    /// True for the first caller only.
    final class Once: Sendable {
        private let taken = Mutex(false)
        func first() -> Bool { taken.withLock { was in defer { was = true }; return !was } }
    }

    static func engine(_ connection: GatedConnection) throws -> Engine {
        var config = WorkloadConfig()
        config.accounts = 2
        return try Engine(config: config, connection: connection, closeInterval: 0.2)
    }

    @Test func aStopWhileConnectingEndsTheRun() async throws {
        let connection = GatedConnection()
        let engine = try Self.engine(connection)
        let run = Task { try await engine.run() }
        var started = connection.started.makeAsyncIterator()
        _ = await started.next()
        // The operator stops while the connection is still being made…
        _ = await engine.stop(drain: .zero)
        // …then it comes up: the run must end instead of starting its loop.
        connection.open()
        #expect(await Self.ends(run), "run() went on after a stop that came while connecting")
        #expect(connection.closed.withLock { $0 }, "the connection is closed on the way out")
    }

    @Test func cancellingTheRunTaskEndsTheLoop() async throws {
        let connection = GatedConnection()
        let engine = try Self.engine(connection)
        let run = Task { try await engine.run() }
        var started = connection.started.makeAsyncIterator()
        _ = await started.next()
        connection.open()
        // Wait for the engine to be past connecting (its first request), then cancel the task alone.
        var asked = connection.asked.makeAsyncIterator()
        _ = await asked.next()
        run.cancel()
        #expect(await Self.ends(run), "run() went on after its task was cancelled")
        #expect(connection.closed.withLock { $0 })
    }
}
