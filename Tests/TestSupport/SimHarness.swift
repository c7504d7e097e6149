import LedgerSim
import Logging
import SimServer

/// A failure of the test scaffolding itself: a server that never reported its port, a wait
/// that ran out.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What the socket-level test targets share: quiet loggers, a manual-clock simulator
/// configuration, and a real `RippledServer` on a free loopback port that always stops.
public enum SimHarness {
    /// A logger that only speaks for critical problems, so test output stays readable.
    public static func quietLogger(_ label: String) -> Logger {
        var l = Logger(label: label)
        l.logLevel = .critical
        return l
    }

    /// Ledgers close only when a test says so; no load model.
    public static func manualConfig() -> SimConfig {
        var c = SimConfig()
        c.closeInterval = nil
        c.loadCapacity = nil
        return c
    }

    /// Serves `sim` on 127.0.0.1 at a port the system picks, runs `body` with that port, and
    /// stops the server when the body ends, even when it throws.
    public static func withRippledServer(
        _ sim: Simulator, logger: Logger = quietLogger("seqwatch.test.server"), _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let server = RippledServer(service: sim, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { portContinuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw HarnessError("server did not report a port")
            }
            do {
                try await body(port)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
