import ArgumentParser
import Foundation
import LedgerClient
import LedgerSim
import Logging
import StateServer
import StateStore
import Workload
import XRPL

/// `seqwatch run`: the workload engine against the embedded simulator (default) or a real
/// server (`--url`). With `--headless` it prints one status line per validated ledger; Ctrl-C or
/// SIGTERM stop generating, wait a bounded time for in-flight transactions to become final,
/// print a final summary and exit 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the workload engine (on the embedded simulator unless --url is given).")

    @OptionGroup var workload: WorkloadOptions

    @OptionGroup(title: "State: wallet and journal") var state: StateOptions

    @Flag(help: "No console: print one status line per validated ledger.") var headless = false

    @Flag(help: "Monochrome console (also when NO_COLOR is set).") var mono = false

    @Option(help: "Seconds to wait for in-flight transactions to become final when stopping.")
    var drain: Double = 10

    @Option(help: "Stop by itself after this many seconds (0 runs until Ctrl-C/SIGTERM).")
    var duration: Double = 0

    @Option(
        help: ArgumentHelp(
            "Serve the state and control API on HOST:PORT (loopback unless told otherwise; port 0 picks a free one).",
            valueName: "host:port"))
    var http: String?

    @Option(help: "Require this bearer token on the API's POST routes (or set SEQWATCH_CONTROL_TOKEN).")
    var controlToken: String?

    @OptionGroup(title: "Embedded simulator (ignored with --url)") var sim: SimOptions

    func validate() throws {
        guard drain >= 0, drain <= 600 else { throw ValidationError("--drain must be in [0, 600] seconds") }
        // A year at most: 1e308 or inf would overflow the clock's Duration and trap.
        guard duration >= 0, duration <= 31_536_000 else { throw ValidationError("--duration must be in [0, 31536000] seconds (0 runs until stopped)") }
        if let http { _ = try Self.address(http) }
    }

    func run() async throws {
        let endpoint = try workload.endpoint()
        var config = try workload.config()
        let kept = try state.open(config: &config, endpoint: endpoint, derivedSeed: workload.workloadSeed)
        var logger = Logger(label: "seqwatch.run")
        logger.logLevel = .error

        let simulator: Simulator?
        let connection: any LedgerConnection
        if endpoint == .embedded {
            let s = Simulator(config: sim.config, clock: .wall)
            for fault in try sim.parsedFaults() { await s.inject(fault) }
            simulator = s
            connection = InProcessConnection(simulator: s, runClock: true, logger: logger)
        } else {
            simulator = nil
            connection = LedgerConnections.make(endpoint, simulator: nil, logger: logger)
        }
        let closeInterval = endpoint == .embedded ? max(0.1, sim.closeInterval) : 3.5
        let engine = try Engine(config: config, connection: connection, closeInterval: closeInterval, journal: kept.journal)
        defer {
            kept.journal?.close()
            withExtendedLifetime(kept.directory) {}
        }
        let announce = "seqwatch run: \(config.accounts) accounts, \(config.ratePerSecond) tx/s target, strategy \(config.strategy.rawValue), on \(endpoint)"
        if !headless {
            guard ConsoleRunner.hasTerminal else {
                throw CLIError("the console needs a terminal on stdin and stdout; use --headless for pipes and logs")
            }
            let monochrome = mono || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            var runner = ConsoleRunner(engine: engine, drain: drain, duration: duration, simulator: simulator, monochrome: monochrome)
            runner.exportDirectory = state.directory
            runner.journalPath = kept.journal?.path
            let inbox = runner.inbox
            if let sidecar = try stateAPISidecar(engine: engine, history: kept.journal.flatMap { try? JournalReader(path: $0.path) }, simulator: simulator, announce: { inbox.notice($0) }) { runner.sidecars.append(sidecar) }
            try await runner.run(endpoint: endpoint)
            return
        }
        var runner = HeadlessRunner(engine: engine, drain: drain, duration: duration, simulator: simulator)
        if let sidecar = try stateAPISidecar(engine: engine, history: kept.journal.flatMap { try? JournalReader(path: $0.path) }, simulator: simulator, announce: { Console.line($0) }) { runner.sidecars.append(sidecar) }
        Console.line(announce)
        try await runner.run(endpoint: endpoint)
    }
}

extension RunCommand {
    static func address(_ text: String) throws -> HTTPAddress {
        do { return try HTTPAddress(parsing: text) } catch { throw ValidationError("--http: \(error)") }
    }
}
