import GRDB

/// The database layout, versioned with SQLite's `user_version`. A file whose version is above
/// `version` comes from a newer seqwatch and is refused, never migrated down or overwritten.
///
/// - `config`: what the chain was started with (network id, first ledger), checked on restart.
/// - `ledgers`: one row per validated ledger: its header, as it was hashed, and its
///   transactions in binary form (blobs and metadata, as the in-memory history archives them),
///   packed into one blob (`TransactionPack`).
/// - `state`: the state, one row per object keyed by its ledger index, each rippled's JSON of
///   the object. Ledgers write only the rows they change, so a ledger costs its diff, not the
///   whole state.
/// - `state_diffs`: each ledger's changes, packed, until they are applied to `state` just after
///   the ledger's write (`StateDiffPack`); `state` plus these, oldest first, is the state after
///   the newest ledger.
enum StoreSchema {
    static let version = 1

    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE config (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE ledgers (
                    ledger_index INTEGER PRIMARY KEY NOT NULL,
                    hash TEXT NOT NULL,
                    parent_hash TEXT NOT NULL,
                    close_time INTEGER NOT NULL,
                    parent_close_time INTEGER NOT NULL,
                    close_time_resolution INTEGER NOT NULL,
                    total_coins INTEGER NOT NULL,
                    transaction_hash TEXT NOT NULL,
                    account_hash TEXT NOT NULL,
                    transaction_count INTEGER NOT NULL,
                    transactions BLOB NOT NULL
                );
                CREATE TABLE state (ledger_entry_index TEXT PRIMARY KEY NOT NULL, object TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE state_diffs (ledger_index INTEGER PRIMARY KEY NOT NULL, changes BLOB NOT NULL);
                PRAGMA user_version = \(version);
                """)
    }

    static let tables: Set<String> = ["config", "ledgers", "state", "state_diffs"]
}
