import Foundation
import LedgerClient
import LedgerSim
import Logging
import StateServer
import TestSupport
import Testing
@testable import Workload
import XRPL

/// A real engine on the wall-clock in-process simulator (fast closes), behind a real
/// `StateAPIServer` on a free loopback port. Everything is stopped when the body ends, even
/// when it fails.
enum LiveAPIHarness {
    static let closeInterval = 0.2
    static let token = "test-control-token-5f2c"

    static var quietLogger: Logger { SimHarness.quietLogger("seqwatch.test.api") }

    struct Live: Sendable {
        let engine: Engine
        let client: APIClient
        /// Every secret the engine holds, in every form it could leak in: the standalone genesis
        /// seed and key, then the encoded seed and private key (hex) of the funder (index 2), the
        /// issuer and every workload account.
        let secrets: [String]
        let workloadAccounts: [String]
    }

    static func workload(funder: Seed) -> WorkloadConfig {
        var w = WorkloadConfig()
        w.accounts = 5
        w.ratePerSecond = 20
        w.initTrustLines = 1
        w.funder = funder
        return w
    }

    static func secrets(of config: WorkloadConfig) throws -> [String] {
        var wallets = [try Wallet(seed: try #require(config.funder))]
        for i in 0...config.accounts {
            wallets.append(try WorkloadCore.wallet(index: i, seed: config.seed, algorithm: config.algorithm))
        }
        var out = [SimulatorCore.genesisSeed, try Wallet(seed: Seed(encoded: SimulatorCore.genesisSeed)).keys.privateKeyHex()]
        for w in wallets {
            out.append(w.seed.encoded())
            out.append(w.keys.privateKeyHex())
        }
        return out
    }

    /// - Parameters:
    ///   - startEngine: false leaves the engine unstarted (it never publishes a snapshot).
    static func withLiveAPI(
        token: String? = LiveAPIHarness.token, startEngine: Bool = true, configure: (inout StateAPIServer) -> Void = { _ in },
        _ body: @Sendable (Live) async throws -> Void
    ) async throws {
        // A funder of our own, funded at genesis, so the test also proves its seed stays out.
        let funder = Seed.random(algorithm: .secp256k1)
        let config = workload(funder: funder)
        var simConfig = SimConfig()
        simConfig.closeInterval = closeInterval
        // Where users stand: a server far past genesis.
        simConfig.startLedger = 100_000
        simConfig.prefundedAccounts[try Wallet(seed: funder).address] = 1_000_000_000_000
        let simulator = Simulator(config: simConfig, clock: .wall)
        let connection = InProcessConnection(simulator: simulator, runClock: true, logger: quietLogger)
        let engine = try Engine(config: config, connection: connection, closeInterval: closeInterval)
        let secrets = try secrets(of: config)
        let accounts = try WorkloadCore(config: config, now: 0).accountOrder.map(\.text)
        // The secrets checked for must be the wallets the engine really signs with.
        let derived = try (1...config.accounts).map { try WorkloadCore.wallet(index: $0, seed: config.seed, algorithm: config.algorithm).address }
        try #require(derived == accounts, "wallet derivation changed: the secrets check would be vacuous")

        var configured = StateAPIServer(engine: engine, port: 0, controlToken: token, logger: quietLogger)
        configure(&configured)
        let server = configured
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // The engine and the server run on the global pool whatever executor the calling test
        // prefers: a preference is inherited, and a test on threads that block on processes
        // would otherwise starve them.
        let engineTask: Task<Void, any Error>? = startEngine ? Task(executorPreference: globalConcurrentExecutor) { try await engine.run() } : nil
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: globalConcurrentExecutor) {
                defer { portContinuation.finish() }
                try await server.run { portContinuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let client = APIClient(port: port)
            var failure: (any Error)?
            if port > 0 {
                do {
                    try await body(Live(engine: engine, client: client, secrets: secrets, workloadAccounts: accounts))
                } catch {
                    failure = error
                }
            } else {
                failure = HarnessError("the state API did not report a port")
            }
            await client.shutdown()
            if let engineTask {
                _ = await engine.stop(drain: .zero)
                engineTask.cancel()
                _ = await engineTask.result
            }
            group.cancelAll()
            if let failure { throw failure }
        }
    }

    /// Polls the summary until `done` holds, or fails after `timeout` (generous: only a failure
    /// waits it out).
    @discardableResult
    static func waitForSummary(
        _ client: APIClient, _ what: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        _ done: (JSONValue) -> Bool
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        var last: JSONValue?
        while true {
            // Look once more after the deadline: a starved runner may wake past it.
            let expired = ContinuousClock.now >= deadline
            let reply = try await client.get("/state/summary")
            if reply.status == 200 {
                let summary = try reply.json()
                last = summary
                if done(summary) { return summary }
            }
            if expired { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what); last summary: \(last?.serialized() ?? "none")", sourceLocation: sourceLocation)
        throw HarnessError("timed out waiting for \(what)")
    }
}
