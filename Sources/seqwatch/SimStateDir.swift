import Foundation
import LedgerSim
import SimStore

/// `seqwatch sim --state-dir`: the simulator whose validated ledgers are kept in a directory,
/// continuing from them when the directory already holds a chain.
enum SimStateDir {
    /// A simulator for `config`: in memory without a directory, else backed by its store. Also
    /// returns the line to print about where the chain comes from.
    static func simulator(directory: String?, config: SimConfig) async throws -> (Simulator, String?) {
        guard let directory else { return (Simulator(config: config, clock: .wall), nil) }
        do {
            let window = min(config.historyLedgers, SimStore.restoredLedgers)
            let store = try SimStore(directory: directory, config: config, restoreWindow: window) { line in
                // A ledger that cannot be written must not be served: stop in one line.
                FileHandle.standardError.write(Data("seqwatch: \(line)\n".utf8))
                exit(1)
            }
            let restored = store.takeRestored()
            let simulator = Simulator(config: config, clock: .wall, sink: store, restoring: restored)
            guard let restored else {
                try store.writeInitial(await simulator.withCore { $0 })
                return (simulator, "seqwatch sim: new chain kept in \(store.path)")
            }
            return (simulator, "seqwatch sim: continuing from validated ledger \(restored.validatedIndex) kept in \(store.path)")
        } catch let e as SimStoreError {
            throw CLIError(e.description)
        }
    }

    /// `bench sim --state-dir`: a store in a directory that must not exist yet (a bench never
    /// writes into a real chain), or nil without one.
    static func benchStore(directory: String?) throws -> SimStore? {
        guard let directory else { return nil }
        guard !FileManager.default.fileExists(atPath: directory) else {
            throw CLIError("--state-dir \(directory) exists; bench sim writes only into a new directory")
        }
        do {
            return try SimStore(directory: directory, config: SimConfig()) { line in
                FileHandle.standardError.write(Data("seqwatch: \(line)\n".utf8))
                exit(1)
            }
        } catch let e as SimStoreError {
            throw CLIError(e.description)
        }
    }

    /// One line of what the store's writes cost, per ledger.
    static func writeCostLine(_ store: SimStore) -> String {
        let s = store.writeStats
        let n = max(1, s.ledgers)
        func ms(_ d: Duration) -> String { String(format: "%.2f", d / .milliseconds(1)) }
        return "  store: \(s.ledgers) ledgers written, \(s.transactions / n) tx and \(s.changes / n) changed entries each: "
            + "mean \(ms(s.total / n)) ms, longest \(ms(s.longest)) ms per ledger (synchronous = FULL); "
            + "then \(ms(s.deferred / n)) ms each applying the diff to the state table, off the simulator's actor"
    }
}
