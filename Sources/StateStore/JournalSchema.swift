import GRDB

/// The journal's tables. The version is SQLite's `user_version`: a journal written by a newer
/// SeqWatch is refused with its number instead of being misread or "migrated" backwards.
enum JournalSchema {
    static let version = 1

    /// Every table the journal needs; a file without them is not a journal.
    static let tables = ["meta", "runs", "transactions", "transitions", "events", "ledger_totals", "account_totals"]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE runs(
                run INTEGER PRIMARY KEY, started_at REAL NOT NULL, endpoint TEXT NOT NULL, strategy TEXT NOT NULL,
                accounts INTEGER NOT NULL, first_ledger INTEGER);
            -- One row per signed transaction: as signed (before its first submit), then its latest state.
            -- The hash is not unique: a ledger that starts over (a test server, the embedded
            -- simulator) can see the same keys sign the same transaction again.
            CREATE TABLE transactions(
                id INTEGER PRIMARY KEY, hash TEXT NOT NULL, run INTEGER NOT NULL, account TEXT NOT NULL, sequence INTEGER NOT NULL,
                last_ledger INTEGER NOT NULL, fee INTEGER NOT NULL, generation INTEGER NOT NULL, blob BLOB NOT NULL,
                strategy TEXT NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL, signed_ledger INTEGER NOT NULL,
                signed_at REAL NOT NULL, state TEXT NOT NULL, result TEXT, state_ledger INTEGER NOT NULL,
                updated_at REAL NOT NULL, note TEXT);
            CREATE INDEX transactions_state ON transactions(state, state_ledger);
            CREATE INDEX transactions_account ON transactions(account, sequence);
            CREATE INDEX transactions_hash ON transactions(hash);
            -- Every state change, in order.
            CREATE TABLE transitions(
                id INTEGER PRIMARY KEY, tx INTEGER NOT NULL REFERENCES transactions(id), state TEXT NOT NULL, result TEXT,
                ledger INTEGER NOT NULL, at REAL NOT NULL, note TEXT);
            CREATE INDEX transitions_tx ON transitions(tx);
            CREATE TABLE events(
                id INTEGER PRIMARY KEY, run INTEGER NOT NULL, ledger INTEGER NOT NULL, at REAL NOT NULL, kind TEXT NOT NULL,
                message TEXT NOT NULL);
            -- Final transactions compacted away, counted per ledger and per account.
            CREATE TABLE ledger_totals(
                ledger INTEGER NOT NULL, origin TEXT NOT NULL, state TEXT NOT NULL, result TEXT NOT NULL,
                count INTEGER NOT NULL, PRIMARY KEY(ledger, origin, state, result));
            CREATE TABLE account_totals(
                account TEXT NOT NULL, state TEXT NOT NULL, result TEXT NOT NULL, count INTEGER NOT NULL,
                PRIMARY KEY(account, state, result));
            """)
        try db.execute(sql: "PRAGMA user_version = \(version)")
    }
}
