import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and thread of its
/// own, after each ledger.
///
/// Why: SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages, so
/// every few ledgers one ledger's write (on the simulator's actor) also copied megabytes and
/// fsynced the database file. The writer turns it off (`wal_autocheckpoint = 0`) and this does
/// it instead, PASSIVE, which never blocks the writer; the WAL restarts from its beginning once
/// a checkpoint has caught up, so it stays about a ledger or two long.
final class WALCheckpointer: Sendable {
    private let db: DatabaseQueue
    private let queue = DispatchQueue(label: "seqwatch.simstore.checkpoint")
    /// A checkpoint is queued and not started: further ledgers need no other.
    private let queued = Mutex(false)

    init(path: String) throws {
        var c = Configuration()
        c.label = "seqwatch-sim-checkpoint"
        c.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        db = try DatabaseQueue(path: path, configuration: c)
    }

    /// A ledger was committed: checkpoint soon, unless one is already waiting to start.
    func ledgerCommitted() {
        let first = queued.withLock { q in
            defer { q = true }
            return !q
        }
        guard first else { return }
        queue.async { [self] in
            queued.withLock { $0 = false }
            // A failed or busy checkpoint is retried after the next ledger; the WAL only grows.
            _ = try? db.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }

    /// Waits for a running checkpoint and closes the connection.
    func close() throws {
        queue.sync {}
        try db.close()
    }
}
