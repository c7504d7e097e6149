import Foundation
import GRDB
import LedgerSim
import Synchronization

/// Validated ledgers on disk for `seqwatch sim --state-dir`: SQLite through GRDB, one file,
/// `ledgers.sqlite`, beside the directory's lock.
///
/// Durability: WAL mode with `synchronous = FULL`. Each ledger is one SQLite transaction, and
/// `ledgerValidated` returns only after its commit, which with FULL means after the WAL is
/// fsynced; the core publishes the ledger (stream, `ledger_accept`, every read) only after
/// that. So a ledger a client has seen survives not only `kill -9` of the simulator (for which
/// NORMAL would do: a committed WAL frame is in the OS's page cache) but also a power cut or
/// kernel crash (for which NORMAL could lose the newest ledgers). It costs one fsync per
/// ledger, once a second by default, which is small beside the ledger's own write (see the
/// README for the figures). A crash loses at most the open ledger, as in rippled.
public final class SimStore: LedgerSink {
    public static let fileName = "ledgers.sqlite"
    /// Recent ledgers loaded back into memory on restart for `ledger`, `tx` and `account_tx`
    /// (at most `--history`). Each is decoded again to index its transactions, so the window
    /// bounds the restart time; older ledgers stay in the file.
    public static let restoredLedgers = 256

    public let path: String
    /// SQLite's page cache for the writer, in KiB (its default is 2,000).
    static let cacheKiB = 65_536
    let db: DatabaseQueue
    let checkpointer: WALCheckpointer
    private let lock: StateDirLock
    private let onWriteFailure: @Sendable (String) -> Never
    private let stats = Mutex(WriteStats())
    /// What the file held at open, until the simulator takes it.
    private let restored: Mutex<RestoredLedgers?>

    /// Opens (creating if need be) the store in `directory` for a simulator with `config`:
    /// takes the directory's lock, then, through a read-only connection, checks an existing
    /// file, refuses a chain started with another network id or first ledger, and reads back
    /// what it kept (`takeRestored`, the newest `restoreWindow` ledgers). Only then is it
    /// opened for writing, so every refusal leaves the file exactly as it was (a writable
    /// connection would checkpoint a killed simulator's WAL into it as it closed).
    /// `onWriteFailure` ends the process when a ledger cannot be written (disk full, I/O
    /// error): the simulator must not go on validating ledgers that a restart would lose.
    public init(
        directory: String, config: SimConfig, restoreWindow: Int = SimStore.restoredLedgers,
        onWriteFailure: @escaping @Sendable (String) -> Never
    ) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SimStoreError.io("create state dir", directory, error)
        }
        lock = try StateDirLock(directory: directory)
        path = directory + "/" + Self.fileName
        let verdict = try StoreFileCheck.inspect(path: path)
        var kept: RestoredLedgers?
        if case .existing = verdict {
            let reader = try StoreFileCheck.readOnly(path)
            defer { try? reader.close() }
            try StoredConfig.check(config, in: reader, path: path)
            kept = try Self.restore(from: reader, path: path, window: restoreWindow)
        }
        restored = Mutex(kept)
        var c = Configuration()
        c.journalMode = .wal
        c.label = "seqwatch-sim-store"
        c.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")  // WALCheckpointer does it, off the actor
            // The state rows a ledger rewrites stay cached between ledgers instead of being read
            // back each time after a ledger's transaction blob went through the cache.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
        }
        do {
            db = try DatabaseQueue(path: path, configuration: c)
            checkpointer = try WALCheckpointer(path: path)
        } catch {
            throw SimStoreError.io("open", path, error)
        }
        self.onWriteFailure = onWriteFailure
        if verdict == .fresh { try createSchema(config) }
    }

    /// The newest kept ledgers and the state after them, read at open; nil for a store with
    /// no ledger yet. Handed over once, so the store does not hold a second copy of the state.
    public func takeRestored() -> RestoredLedgers? {
        restored.withLock { r in
            defer { r = nil }
            return r
        }
    }

    private func createSchema(_ config: SimConfig) throws {
        do {
            try db.write { db in
                try StoreSchema.create(db)
                try StoredConfig.write(config, db)
            }
        } catch {
            throw SimStoreError.io("create the schema in", path, error)
        }
    }

    /// How long ledger writes have taken.
    public var writeStats: WriteStats { stats.withLock { $0 } }

    func recordWrite(_ duration: Duration, changes: Int, transactions: Int) {
        stats.withLock { $0.add(duration, changes: changes, transactions: transactions) }
    }

    func recordDeferred(_ duration: Duration) {
        stats.withLock { $0.deferred += duration }
    }

    func fail(_ message: String) -> Never { onWriteFailure(message) }

    /// Closes the database and gives up the directory (tests reopen it in one process). A
    /// ledger validated after this ends the process, as any failed write does.
    public func close() throws {
        defer { lock.release() }
        try db.write { _ in }  // after every queued materialize
        try checkpointer.close()
        try db.close()
    }
}

/// Time spent writing ledgers, for the README's figure and the write-cost test.
public struct WriteStats: Sendable {
    public private(set) var ledgers = 0
    public private(set) var total: Duration = .zero
    public private(set) var longest: Duration = .zero
    public private(set) var changes = 0
    public private(set) var transactions = 0
    /// Time spent moving diffs into `state`, after the ledgers' writes, off the actor.
    public internal(set) var deferred: Duration = .zero

    mutating func add(_ d: Duration, changes: Int, transactions: Int) {
        ledgers += 1
        total += d
        longest = max(longest, d)
        self.changes += changes
        self.transactions += transactions
    }
}
