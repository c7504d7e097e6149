import Console
import Foundation
import LedgerClient
import LedgerSim
import Logging
import StateServer
import StateStore
import Workload

/// The fault menu over the embedded simulator. The Console module never imports LedgerSim; it
/// sees only this `FaultInjector`. "{selected}" becomes the selected account's address.
struct SimulatorFaults: FaultInjector {
    let simulator: Simulator

    var menu: [FaultMenuEntry] {
        [
            FaultMenuEntry("drop 20% of submit replies", spec: "drop=0.2"),
            FaultMenuEntry("tel* on 20% of submits (server retries)", spec: "tel=0.2:telINSUF_FEE_P"),
            FaultMenuEntry("tel* on 20% of submits, dropped", spec: "tel=0.2:telINSUF_FEE_P:drop"),
            FaultMenuEntry("fee surge (200 tx/ledger)", spec: "surge=200"),
            FaultMenuEntry("stall ledger closes 5 s", spec: "stall=5"),
            FaultMenuEntry("foreign tx on selected account", spec: "foreign={selected}"),
            FaultMenuEntry("restart the server", spec: "restart"),
            FaultMenuEntry("disconnect all clients", spec: "disconnect"),
            FaultMenuEntry("clear standing faults", spec: "clear"),
        ]
    }

    func inject(_ spec: String) async throws -> String {
        let fault = try SimFault(parsing: spec)
        return await simulator.inject(fault)
    }

    func active() async -> [String] {
        await simulator.withCore { core in
            var list: [String] = []
            if core.dropShare > 0 { list.append(String(format: "drop %.0f%%", core.dropShare * 100)) }
            if core.localErrorShare > 0 { list.append(String(format: "%@ %.0f%%", core.localErrorCode.token, core.localErrorShare * 100)) }
            if core.surgePerLedger > 0 { list.append("surge \(core.surgePerLedger)/ledger") }
            if core.isStalled, let until = core.stallUntil { list.append(String(format: "stall %.0fs left", max(0, until - core.now))) }
            return list
        }
    }

    /// The same menu and injector for the state API, so an attached console's `x` is this one.
    var control: FaultControl {
        FaultControl(menu: menu.map { FaultControl.Entry(label: $0.label, spec: $0.spec) }, active: { await self.active() }) { spec in
            try await self.inject(spec)
        }
    }
}

/// Drives an `Engine` under the console: the same stop sources and the same ending as
/// `HeadlessRunner` (graceful stop with drain, then the summary line), but the terminal is
/// restored before anything is printed, and nothing is written to stdout/stderr while curses
/// owns the screen (stderr goes to a log file meanwhile).
struct ConsoleRunner {
    let engine: Engine
    let drain: Double
    let duration: Double
    let simulator: Simulator?
    let monochrome: Bool
    let inbox = ConsoleInbox()
    /// Where `e` writes its export (the state directory).
    var exportDirectory = FileManager.default.currentDirectoryPath
    /// The journal the detail view's timeline is read from (read-only, beside the writer).
    var journalPath: String?
    /// Extra long-running work that lives as long as the engine (the HTTP API).
    var sidecars: [@Sendable () async throws -> Void] = []

    /// Whether both ends are a terminal; the caller says "use --headless" otherwise.
    static var hasTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    @MainActor
    func run(endpoint: LedgerEndpoint) async throws {
        let (term, stderrLog) = try Self.openTerminal(monochrome: monochrome, otherwise: "use --headless for pipes and logs")
        let engine = self.engine
        let stop = ConsoleStop()
        let engineTask = Task {
            do {
                try await engine.run()
                stop.set(.engineEnded)
            } catch {
                stop.set(.engineFailed(HeadlessRunner.reason(error)))
            }
        }
        let helpers = RunSupervisor.startStopSources(duration: duration, sidecars: sidecars) { cause in
            switch cause {
            case .signal, .duration: stop.set(.signal)
            case .failed(let reason): stop.set(.engineFailed(reason))
            }
        }
        let hangup = Self.hangupSource(stop)
        defer { hangup.cancel() }
        let faults: (any FaultInjector)? = simulator.map { SimulatorFaults(simulator: $0) }
        let theme: Theme = monochrome ? .mono : .color
        let outcome = await ConsoleApp(backend: LocalBackend(engine: engine, faults: faults, exportDirectory: exportDirectory, journalTimeline: Self.timelineSource(journalPath)), theme: theme, inbox: inbox).run(on: term, stop: stop)
        // The terminal is restored from here on.
        stderrLog.restore()
        helpers.forEach { $0.cancel() }

        if case .engineFailed(let reason) = outcome {
            _ = await engine.stop(drain: .zero)
            await engineTask.value
            throw CLIError("cannot run the workload on \(endpoint): \(reason)")
        }
        await RunSupervisor.drainAndSummarize(engine: engine, engineTask: engineTask, drain: drain, console: true)
    }
}

extension ConsoleRunner {
    /// The journal's timeline for an account; nil (the engine's memory instead) without a
    /// journal or when it cannot be read.
    static func timelineSource(_ path: String?) -> (@Sendable (String) -> [TimelineEntry]?)? {
        guard let path, let reader = try? JournalReader(path: path) else { return nil }
        return { account in try? reader.timeline(account: account) }
    }

    /// Takes the terminal for a console (this run's, or an attached one): checks both ends are a
    /// terminal, hands SIGINT/SIGTERM/SIGHUP to the dispatch sources, sends stderr to a log file
    /// while curses owns the screen. `otherwise` is the advice when there is no terminal.
    @MainActor
    static func openTerminal(monochrome: Bool, otherwise: String) throws -> (NcursesTerminal, StderrRedirect) {
        guard hasTerminal else {
            throw CLIError("the console needs a terminal on stdin and stdout; \(otherwise)")
        }
        // ncurses installs its own SIGINT/SIGTERM handlers (which exit without our drain) only
        // when these are still default; ignoring them first hands them to the dispatch sources.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        // The terminal going away (tmux killed, ssh dropped) stops the run the same way.
        signal(SIGHUP, SIG_IGN)
        let stderrLog = StderrRedirect()
        guard let term = NcursesTerminal(monochrome: monochrome) else {
            stderrLog.restore()
            throw CLIError("cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")); \(otherwise)")
        }
        return (term, stderrLog)
    }

    /// Built outside any actor-isolated function: Dispatch calls the handler on a global queue
    /// (TUI-NOTES §1.6, the SE-0423 trap).
    nonisolated static func hangupSource(_ stop: ConsoleStop) -> any DispatchSourceSignal {
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { stop.set(.signal) }
        source.resume()
        return source
    }
}

/// Sends fd 2 to a log file while curses owns the screen (a library's warning would tear it),
/// and puts it back afterwards.
final class StderrRedirect {
    private var saved: Int32 = -1
    let path: String

    init() {
        path = NSTemporaryDirectory() + "seqwatch-console-\(getpid()).log"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return }
        saved = dup(STDERR_FILENO)
        dup2(fd, STDERR_FILENO)
        close(fd)
    }

    func restore() {
        guard saved >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
        // Nothing was logged: leave no empty file behind.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == 0 {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

extension RunCommand {
    /// The `--http` state API as a sidecar of either runner; `announce` says where it listens
    /// (printed headless, into the event log under the console).
    func stateAPISidecar(
        engine: Engine, history: JournalReader?, simulator: Simulator?, announce: @escaping @Sendable (String) -> Void
    ) throws -> (@Sendable () async throws -> Void)? {
        guard let http else { return nil }
        let address = try Self.address(http)
        let token = controlToken ?? ProcessInfo.processInfo.environment["SEQWATCH_CONTROL_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        // The HTTP stack logs its own shutdown at error level; only real failures matter here.
        var httpLogger = Logger(label: "seqwatch.http")
        httpLogger.logLevel = .critical
        var configured = StateAPIServer(engine: engine, address: address, controlToken: token, logger: httpLogger)
        configured.history = history
        configured.faults = simulator.map { SimulatorFaults(simulator: $0).control }
        let server = configured
        return {
            do {
                try await server.run { port in
                    announce("seqwatch run: state API on http://\(HTTPAddress(host: address.host, port: port))/state/summary\(token == nil ? "" : " (POST routes need the control token)")")
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw CLIError("cannot serve the state API on \(address): \(SimCommand.reason(error))")
            }
        }
    }
}
