import ArgumentParser
import Foundation
import XRPL

/// The `seqwatch` command. Wiring only: every capability lives in a library module.
@main
struct SeqWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seqwatch",
        abstract: "Operations console for XRP Ledger transaction workloads.",
        discussion: """
            Sequence drift made visible and repaired. With no subcommand, runs the workload \
            engine on the embedded simulator (seqwatch run).
            """,
        subcommands: [RunCommand.self, WalletCommand.self, TxCommand.self, BenchCommand.self, SimCommand.self, StatusCommand.self, JournalCommand.self, AttachCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Every error a user can cause ends in one line on stderr and a non-zero exit; help and
    /// version requests print in full and exit 0. No stack traces, no usage dumps on error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = errorLine(for: error)
            FileHandle.standardError.write(Data("seqwatch: \(message)\n".utf8))
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }

    static func errorLine(for error: Error) -> String {
        if let e = error as? XRPLError { return e.description }
        if let e = error as? CLIError { return e.description }
        let full = message(for: error)
        let first = full.split(separator: "\n").first.map(String.init) ?? "\(error)"
        return first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
    }
}

/// A user-facing failure of a subcommand: one line, no secrets.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension KeyAlgorithm: ExpressibleByArgument {}
