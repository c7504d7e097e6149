import ArgumentParser
import Console
import Foundation
import StateServer

/// `seqwatch console --attach http://HOST:PORT`: the console, driving an engine started elsewhere
/// with `seqwatch run --headless --http HOST:PORT`. The snapshot streams from the engine's
/// `GET /state/stream`; keys that act go through its control routes. `q` detaches: the engine
/// keeps running. A lost engine is shown in red and reattached by itself.
struct AttachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Attach the console to an engine running elsewhere (run --headless --http).")

    @Option(
        help: ArgumentHelp("The engine's state API, as given to run --http (http://HOST:PORT).", valueName: "url"))
    var attach: String?

    @Option(help: "The engine's control token, for the keys that act (or set SEQWATCH_CONTROL_TOKEN).")
    var controlToken: String?

    @Flag(help: "Monochrome console (also when NO_COLOR is set).") var mono = false

    func validate() throws {
        guard let attach else {
            throw ValidationError("console needs --attach http://HOST:PORT (seqwatch run has a console of its own)")
        }
        _ = try Self.address(attach)
    }

    static func address(_ text: String) throws -> HTTPAddress {
        if text.lowercased().hasPrefix("https://") {
            throw ValidationError("--attach: the state API speaks plain HTTP; for a remote engine, tunnel it (ssh -L) and attach to the local end")
        }
        let address: HTTPAddress
        do { address = try HTTPAddress(parsing: text) } catch { throw ValidationError("--attach: \(error)") }
        guard address.port != 0 else { throw ValidationError("--attach needs the port the engine listens on, not 0") }
        return address
    }

    func run() async throws {
        let address = try Self.address(attach ?? "")
        let token = controlToken ?? ProcessInfo.processInfo.environment["SEQWATCH_CONTROL_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let link = EngineLink(address: address, controlToken: token)
        // One look before taking the terminal: a wrong port fails here, in one line.
        let faults: FaultsDocument
        do {
            faults = try await link.faults()
        } catch let e as StateAPIClient.Refused {
            await link.close()
            throw CLIError("\(address.baseURL) is not a seqwatch engine's state API (\(e.description))")
        } catch {
            await link.close()
            throw CLIError("\(error); start the engine with seqwatch run --headless --http \(address)")
        }
        guard ConsoleRunner.hasTerminal else {
            await link.close()
            throw CLIError("the console needs a terminal on stdin and stdout; use seqwatch status --http for pipes and scripts")
        }
        link.start()
        let outcome = await AttachRunner(link: link, faults: faults, monochrome: mono || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty).run()
        await link.close()
        try outcome.get()
        Console.line("seqwatch console: detached from the engine at \(address.baseURL); it keeps running")
    }
}

/// The attached console's terminal life: the same terminal handling as `run`'s console
/// (signals, stderr to a log file, too-small screens), but nothing to drain when it ends.
struct AttachRunner {
    let link: EngineLink
    let faults: FaultsDocument
    let monochrome: Bool

    @MainActor
    func run() async -> Result<Void, CLIError> {
        let opened: (NcursesTerminal, StderrRedirect)
        do {
            opened = try ConsoleRunner.openTerminal(monochrome: monochrome, otherwise: "use seqwatch status --http for pipes and scripts")
        } catch {
            return .failure(error as? CLIError ?? CLIError("\(error)"))
        }
        let (term, stderrLog) = opened
        let stop = ConsoleStop()
        let signals = RunSupervisor.startStopSources(duration: 0, sidecars: []) { _ in stop.set(.signal) }
        let hangup = ConsoleRunner.hangupSource(stop)
        defer {
            hangup.cancel()
            signals.forEach { $0.cancel() }
        }
        let inbox = ConsoleInbox()
        inbox.notice("attached to the engine at \(link.address.baseURL): q detaches, the engine keeps running")
        let backend = RemoteBackend(link: link, faults: faults)
        _ = await ConsoleApp(backend: backend, theme: monochrome ? .mono : .color, inbox: inbox).run(on: term, stop: stop)
        stderrLog.restore()
        return .success(())
    }
}
