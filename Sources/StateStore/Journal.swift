import Foundation
import GRDB
import Synchronization
import Workload
import XRPL

#if canImport(Glibc)
    import Glibc
#endif

/// The engine's journal: an SQLite database (through GRDB) in the state directory.
///
/// - **WAL, `synchronous = NORMAL`.** A commit appends to the write-ahead log without an fsync,
///   so it survives the engine's own death (`kill -9`, a crash) — the threat this journal is for
///   — and costs microseconds; an operating-system crash or power loss may lose the last
///   commits but never corrupts the file. What such a loss forgets, restart reconciliation
///   re-learns from the ledger, which is the truth anyway. `FULL` would fsync every commit, and
///   the engine commits many times a second.
/// - **Written before every submit**: the engine waits for a transaction's `signed` record to
///   be committed before its blob leaves (`JournalPipeline`).
/// - **Bounded**: final transactions more than `keepLedgers` validated ledgers old are folded into
///   per-ledger and per-account totals and deleted, with their transitions, one ledger at a
///   time; the event table keeps the newest `eventLimit` events.
/// - **Untouched when bad**: it is opened read-only first and checked (an SQLite file, every
///   table, a schema version this build knows, `quick_check`), so a corrupt, truncated or newer
///   file is refused in one line before anything writes to it.
public final class Journal: JournalSink, Sendable {
    public let path: String
    let database: DatabaseQueue
    public let keepLedgers: UInt32
    /// The run this process writes as (1 for a new journal, one more for every restart).
    public let run: Int
    static let eventLimit = 100_000
    /// Row ids of the transactions this process signed and has not seen settle: a state change
    /// finds its row without a lookup (one fewer query per change, four or five per transaction).
    private let liveRows = Mutex<[String: Int64]>([:])

    /// Opens (or creates) the journal at `path` for writing and registers a new run.
    public init(path: String, keepLedgers: UInt32, endpoint: String, strategy: String, accounts: Int) throws {
        self.path = path
        self.keepLedgers = max(1, keepLedgers)
        let exists = FileManager.default.fileExists(atPath: path)
        if exists { try Self.check(path: path) }
        var configuration = Configuration()
        configuration.label = "seqwatch.journal"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MB of page cache: the hash and account indexes take inserts all over, and with
            // SQLite's default 2 MB nearly every insert re-read an index page from disk.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Checkpoint every 32 MB of WAL rather than 4 MB: a page changed many times between
            // checkpoints is copied into the database once.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
        }
        if !exists {
            // Created private before SQLite opens it: the blobs are signed transactions.
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StateStoreError("cannot create the journal \(path): \(String(cString: strerror(errno)))") }
            Glibc.close(fd)
        }
        do {
            let db = try DatabaseQueue(path: path, configuration: configuration)
            try db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            run = try db.write { db in
                if !exists { try JournalSchema.create(db) }
                try db.execute(
                    sql: "INSERT INTO runs(started_at, endpoint, strategy, accounts) VALUES (?, ?, ?, ?)",
                    arguments: [Date().timeIntervalSince1970, endpoint, strategy, accounts])
                return Int(db.lastInsertedRowID)
            }
            database = db
        } catch let e as StateStoreError {
            throw e
        } catch {
            if !exists { unlink(path) }
            throw StateStoreError("cannot open the journal \(path): \(Self.reason(error))")
        }
    }

    /// Refuses, without writing a byte, a file that is not a journal this build can use.
    static func check(path: String) throws {
        // SQLite may create the -wal and -shm side files even to read; a refused file must not
        // leave new ones beside it.
        let sideFiles = [path + "-wal", path + "-shm"].filter { !FileManager.default.fileExists(atPath: $0) }
        do { try checkContents(path: path) } catch {
            for f in sideFiles { unlink(f) }
            throw error
        }
    }

    private static func checkContents(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let db = try DatabaseQueue(path: path, configuration: configuration)
            try db.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > JournalSchema.version {
                    throw StateStoreError(
                        "the journal \(path) was written by a newer seqwatch (schema \(version); this one reads \(JournalSchema.version)); it was left untouched")
                }
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                let missing = JournalSchema.tables.filter { !tables.contains($0) }
                guard version == JournalSchema.version, missing.isEmpty else {
                    throw StateStoreError("the file \(path) is not a SeqWatch journal (missing \(missing.joined(separator: ", "))); it was left untouched")
                }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw StateStoreError("the journal \(path) is corrupt (\(check.first?.prefix(80) ?? "quick_check failed")); it was left untouched")
                }
            }
            try db.close()
        } catch let e as StateStoreError {
            throw e
        } catch {
            throw StateStoreError("the journal \(path) is corrupt or not a journal (\(reason(error))); it was left untouched")
        }
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode.rawValue)" }
        return "\(error)"
    }

    // MARK: writing

    public func write(_ records: [JournalRecord]) async throws {
        let run = self.run
        let keep = keepLedgers
        do {
            try await database.write { db in
                let now = Date().timeIntervalSince1970
                for record in records {
                    switch record {
                    case .signed(let e):
                        // Signed again to the same bytes (a resync re-sends the body it gave up
                        // at the same Sequence, fee and LastLedgerSequence): the same transaction,
                        // so the same row, or the given-up twin would stay unsettled for ever.
                        if let twin = try Int64.fetchOne(
                            db.cachedStatement(sql: """
                                SELECT id FROM transactions WHERE hash = ? AND state NOT IN ('VALIDATED', 'REJECTED', 'EXPIRED')
                                ORDER BY id DESC LIMIT 1
                                """), arguments: [e.hash])
                        {
                            try db.cachedStatement(sql: """
                                UPDATE transactions SET generation = ?, strategy = ?, origin = ?, state = 'CREATED', state_ledger = ?,
                                    updated_at = ?, note = 'signed again to the same bytes' WHERE id = ?
                                """).execute(arguments: [e.generation, e.strategy, e.origin.rawValue, e.ledger, now, twin])
                            try db.cachedStatement(sql: "INSERT INTO transitions(tx, state, result, ledger, at, note) VALUES (?, 'CREATED', NULL, ?, ?, ?)")
                                .execute(arguments: [twin, e.ledger, now, "signed again to the same bytes"])
                            self.liveRows.withLock { $0[e.hash] = twin }
                            continue
                        }
                        try db.cachedStatement(sql: """
                            INSERT INTO transactions(hash, run, account, sequence, last_ledger, fee, generation, blob,
                                strategy, kind, origin, signed_ledger, signed_at, state, result, state_ledger, updated_at, note)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'CREATED', NULL, ?, ?, NULL)
                            """).execute(arguments: [
                                e.hash, run, e.account, e.sequence, e.lastLedgerSequence, Int64(clamping: e.fee), e.generation,
                                Data(e.blob), e.strategy, e.kind, e.origin.rawValue, e.ledger, now, e.ledger, now,
                            ])
                        let id = db.lastInsertedRowID
                        self.liveRows.withLock { $0[e.hash] = id }
                    case .transition(let hash, let state, let result, let ledger, let note):
                        // The newest row with the hash: the one this run signed, if a reset ledger
                        // made an earlier run sign the same bytes.
                        let settled = JournalReader.settledStates.contains(state.rawValue)
                        let known = self.liveRows.withLock { settled ? $0.removeValue(forKey: hash) : $0[hash] }
                        guard let id = try known ?? Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM transactions WHERE hash = ?"), arguments: [hash])
                        else { continue }
                        // The ledger's verdict is final: a settled row never changes again.
                        try db.cachedStatement(sql: """
                            UPDATE transactions SET state = ?, result = COALESCE(?, result), state_ledger = ?, updated_at = ?,
                                note = COALESCE(?, note) WHERE id = ? AND state NOT IN ('VALIDATED', 'REJECTED', 'EXPIRED')
                            """).execute(arguments: [state.rawValue, result, ledger, now, note, id])
                        guard db.changesCount > 0 else { continue }
                        try db.cachedStatement(sql: "INSERT INTO transitions(tx, state, result, ledger, at, note) VALUES (?, ?, ?, ?, ?, ?)")
                            .execute(arguments: [id, state.rawValue, result, ledger, now, note])
                    case .event(let kind, let ledger, let message):
                        try db.cachedStatement(sql: "INSERT INTO events(run, ledger, at, kind, message) VALUES (?, ?, ?, ?, ?)")
                            .execute(arguments: [run, ledger, now, kind, message])
                    case .ledger(let index):
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('last_ledger', ?)")
                            .execute(arguments: [String(index)])
                        try db.cachedStatement(sql: "UPDATE runs SET first_ledger = COALESCE(first_ledger, ?) WHERE run = ?")
                            .execute(arguments: [index, run])
                        if index > keep { try Self.compact(db, before: index - keep) }
                    }
                }
            }
        } catch {
            throw StateStoreError("journal \(path): \(Self.reason(error))")
        }
    }

    /// Folds final transactions whose last state change is below `ledger` into the totals and
    /// deletes them with their transitions. Called once per validated ledger, so each call
    /// moves about one ledger's worth.
    static func compact(_ db: Database, before ledger: UInt32) throws {
        let final = "state IN ('VALIDATED', 'REJECTED', 'EXPIRED') AND state_ledger < ?"
        try db.cachedStatement(sql: """
            INSERT INTO ledger_totals(ledger, origin, state, result, count)
            SELECT state_ledger, origin, state, COALESCE(result, ''), COUNT(*) FROM transactions WHERE \(final)
            GROUP BY 1, 2, 3, 4 ORDER BY 1
            ON CONFLICT(ledger, origin, state, result) DO UPDATE SET count = count + excluded.count
            """).execute(arguments: [ledger])
        try db.cachedStatement(sql: """
            INSERT INTO account_totals(account, state, result, count)
            SELECT account, state, COALESCE(result, ''), COUNT(*) FROM transactions WHERE \(final)
            GROUP BY 1, 2, 3 ORDER BY 1
            ON CONFLICT(account, state, result) DO UPDATE SET count = count + excluded.count
            """).execute(arguments: [ledger])
        try db.cachedStatement(sql: "DELETE FROM transitions WHERE tx IN (SELECT id FROM transactions WHERE \(final))")
            .execute(arguments: [ledger])
        try db.cachedStatement(sql: "DELETE FROM transactions WHERE \(final)").execute(arguments: [ledger])
        try db.cachedStatement(sql: "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?")
            .execute(arguments: [eventLimit])
    }

    /// Commits everything, checkpoints the WAL into the database and closes.
    public func close() {
        _ = try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try? database.close()
    }
}
