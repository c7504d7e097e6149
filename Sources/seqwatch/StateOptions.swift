import ArgumentParser
import Foundation
import LedgerClient
import StateStore
import Workload
import XRPL

/// Where the engine keeps what must outlive it — the wallet and the journal — and how.
struct StateOptions: ParsableArguments {
    @Option(help: "State directory: the wallet file, the journal and the lock (or set SEQWATCH_STATE_DIR).")
    var stateDir: String?

    @Option(help: "Wallet file with the workload's keys (default: wallet.json in the state directory).")
    var wallet: String?

    @Flag(help: "Allow --workload-seed (public, derivable keys) against --url. The console then says so in red.")
    var insecureDerivedKeys = false

    @Flag(help: "Write no journal (benchmarks only: a crash then loses track of everything in flight).")
    var noJournal = false

    @Option(help: "Validated ledgers to keep final transactions in the journal before folding them into totals.")
    var journalKeep: UInt32 = 200

    @Flag(help: "Fund the workload accounts again if the server lost its state (they are not on its ledger).")
    var refund = false

    func validate() throws {
        guard (1...1_000_000).contains(journalKeep) else { throw ValidationError("--journal-keep must be in 1...1000000 ledgers") }
    }

    var directory: String {
        stateDir ?? ProcessInfo.processInfo.environment["SEQWATCH_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".seqwatch"
    }

    /// What `run` keeps on disk, opened and checked: one line and a non-zero exit on any problem.
    struct Opened {
        var directory: StateDirectory?
        var journal: Journal?
        var insecureKeys = false
        var createdKeys = 0
    }

    /// Fills in `config`'s keys and restart state, and opens the journal.
    func open(config: inout WorkloadConfig, endpoint: LedgerEndpoint, derivedSeed: UInt64?) throws -> Opened {
        var opened = Opened()
        if derivedSeed != nil {
            guard endpoint == .embedded || insecureDerivedKeys else {
                throw CLIError(
                    "--workload-seed derives keys anyone can recompute from the source; against a real server add --insecure-derived-keys if you accept that, or drop it to use the wallet file")
            }
            opened.insecureKeys = endpoint != .embedded
            config.insecureDerivedKeys = opened.insecureKeys
        }
        config.refundOnServerLoss = refund || endpoint == .embedded
        guard derivedSeed == nil || !noJournal else { return opened }
        let dir = try wrap { try StateDirectory(path: directory) }
        opened.directory = dir
        if derivedSeed == nil {
            let (file, created) = try wrap {
                try WalletFile.open(path: wallet ?? dir.file("wallet.json"), accounts: config.accounts, algorithm: config.algorithm)
            }
            config.accountSeeds = Array(file.seeds.prefix(config.accounts + 1))
            opened.createdKeys = created
        }
        guard !noJournal else { return opened }
        let path = dir.file("journal.sqlite")
        if FileManager.default.fileExists(atPath: path) {
            let reader = try wrap { try JournalReader(path: path) }
            let unsettled = try wrap { try reader.unsettledTransactions() }
            // The embedded simulator starts a new ledger with every run (it keeps none): what the
            // journal knew went with it, so funding again is the only way on.
            config.restart = RestartState(
                unsettled: unsettled, lastLedger: try wrap { try reader.lastLedger() }, funded: try wrap { try reader.anythingValidated() },
                refund: refund || endpoint == .embedded, ledgerStartsOver: endpoint == .embedded)
        }
        opened.journal = try wrap {
            try Journal(path: path, keepLedgers: journalKeep, endpoint: "\(endpoint)", strategy: config.strategy.rawValue, accounts: config.accounts)
        }
        return opened
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as StateStoreError { throw CLIError(e.description) }
    }
}
