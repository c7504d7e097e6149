import ArgumentParser
import Foundation
import LedgerSim
import Logging
import SimServer
import XRPL

/// `seqwatch sim`: the embedded simulator as a rippled-compatible server on one loopback port,
/// printing one line per ledger close, until Ctrl-C or SIGTERM.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the ledger simulator as a rippled-compatible server (JSON-RPC POST / and WebSocket on one port).")

    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 5005
    @Option(help: "Address to bind; loopback unless told otherwise.") var host: String = "127.0.0.1"
    @Option(
        help: """
            Messages that may wait unwritten for one WebSocket client before it is disconnected as too slow \
            (rippled's send_queue_limit, whose default is 100).
            """)
    var sendQueueLimit: Int = RippledServer.Configuration.defaultSendQueueLimit
    @Option(
        help: ArgumentHelp(
            "Keep validated ledgers in this directory and continue from them on restart (see README, Simulator persistence).",
            valueName: "path"))
    var stateDir: String?
    @OptionGroup var sim: SimOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        guard (1...1_000_000).contains(sendQueueLimit) else { throw ValidationError("--send-queue-limit must be in 1...1000000") }
    }

    func run() async throws {
        let faults = try sim.parsedFaults()
        let (simulator, origin) = try await SimStateDir.simulator(directory: stateDir, config: sim.config)
        if let origin { Console.line(origin) }
        for fault in faults { await simulator.inject(fault) }
        var logger = Logger(label: "seqwatch.sim")
        logger.logLevel = .warning
        let server = RippledServer(
            service: simulator, configuration: .init(host: host, port: port, sendQueueLimit: sendQueueLimit), logger: logger)
        let closes = await simulator.closedLedgers()
        let config = sim.config
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { bound in
                    let interval = config.closeInterval.map { "every \($0) s" } ?? "on ledger_accept only"
                    let mode = config.standalone ? "standalone mode (rippled --standalone TxQ defaults)" : "network mode (rippled's network TxQ defaults)"
                    Console.line("seqwatch sim: listening on http://\(host):\(bound) (JSON-RPC POST /, WebSocket ws://\(host):\(bound)/); ledgers close \(interval); \(mode)")
                    Console.line("genesis account \(SimulatorCore.genesisAddress) holds the XRP (the standalone genesis; its well-known seed is in the README)")
                }
            }
            group.addTask { await simulator.run() }
            group.addTask {
                var seen = 0
                for await ledger in closes {
                    let c = await simulator.core
                    let fresh = c.events(after: seen)
                    for event in fresh.prefix(10) { Console.line("  ledger \(event.ledger): \(event.message)") }
                    if fresh.count > 10 { Console.line("  (+\(fresh.count - 10) more fault events)") }
                    seen = c.eventCount
                    var line = "ledger \(ledger.index) closed: \(ledger.transactionCount) tx"
                    line += ", expected \(c.expectedLedgerSize), queue \(c.queueCount)/\(c.queueMaxSize.map(String.init) ?? "-")"
                    line += ", open-ledger fee \(c.openLedgerCost()) drops, load \(c.loadFactor)"
                    if c.isStalled { line += ", STALLED" }
                    Console.line(line)
                }
            }
            group.addTask {
                await Signals.waitForTermination()
                throw CancellationError()
            }
            do {
                try await group.next()
            } catch is CancellationError {
                Console.line("seqwatch sim: stopped")
            } catch {
                group.cancelAll()
                throw CLIError("cannot serve on \(host):\(port): \(Self.reason(error))")
            }
            group.cancelAll()
        }
    }

    static func reason(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("EADDRINUSE") { return "address already in use" }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

/// Line-buffered stdout for long-running commands (stdout may be a pipe).
enum Console {
    static func line(_ s: String) {
        FileHandle.standardOutput.write(Data((s + "\n").utf8))
    }
}
