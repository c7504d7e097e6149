import Foundation
import GRDB
import Workload
import XRPL

/// Reads a journal without writing to it: restart reconciliation (what is not settled), and the
/// post-mortems (`seqwatch journal stats|export`), which may run while the engine still writes —
/// a read-only WAL reader sees the last committed state and never blocks the writer.
public struct JournalReader: Sendable {
    public let path: String
    let database: DatabaseQueue

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StateStoreError("no journal at \(path)") }
        try Journal.check(path: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do { database = try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw StateStoreError("cannot read the journal \(path): \(Journal.reason(error))")
        }
        self.path = path
    }

    /// A journalled transaction as export and reconciliation see it.
    public struct Entry: Sendable, Equatable {
        public let entry: JournalEntry
        public let run: Int
        public let state: String
        public let result: String?
        public let stateLedger: UInt32
        public let signedAt: Double
        public let updatedAt: Double
        public let note: String?
    }

    /// The states the journal counts as settled: the ledger's verdict, or its LastLedgerSequence passed.
    public static let settledStates = ["VALIDATED", "REJECTED", "EXPIRED"]

    /// Every transaction whose fate the ledger has not settled yet, oldest first (what a restart
    /// must look up before it signs anything new).
    public func unsettled() throws -> [Entry] {
        try rows(where: "state NOT IN ('VALIDATED', 'REJECTED', 'EXPIRED')", arguments: [])
    }

    /// The unsettled transactions as restart reconciliation takes them: with their last state,
    /// and whether the journal holds a validated transaction at the same account and Sequence.
    public func unsettledTransactions() throws -> [UnsettledTransaction] {
        let spent = try read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT u.hash FROM transactions u JOIN transactions v
                    ON v.account = u.account AND v.sequence = u.sequence AND v.state = 'VALIDATED'
                WHERE u.state NOT IN ('VALIDATED', 'REJECTED', 'EXPIRED')
                """))
        }
        return try unsettled().map { row in
            UnsettledTransaction(entry: row.entry, state: TxState(rawValue: row.state) ?? .submitted, sequenceSpentByJournal: spent.contains(row.entry.hash))
        }
    }

    /// The newest row with this hash (case-insensitive), or nil.
    public func transaction(hash: String) throws -> Entry? {
        try rows(where: "id = (SELECT MAX(id) FROM transactions WHERE hash = ?)", arguments: [hash.uppercased()]).first
    }

    /// The newest validated ledger the engine saw close (nil for a journal that saw none).
    public func lastLedger() throws -> UInt32? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_ledger'").flatMap { UInt32($0) } }
    }

    /// Whether any transaction ever validated (live or compacted): the accounts were funded.
    public func anythingValidated() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM transactions WHERE state = 'VALIDATED')
                    OR EXISTS(SELECT 1 FROM ledger_totals WHERE state = 'VALIDATED')
                """) ?? false
        }
    }

    /// Filtered export rows, in signing order.
    public func export(account: String?, state: String?, sinceLedger: UInt32?) throws -> [Entry] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let account { conditions.append("account = ?"); arguments.append(account) }
        if let state { conditions.append("state = ?"); arguments.append(state.uppercased()) }
        if let sinceLedger { conditions.append("state_ledger >= ?"); arguments.append(sinceLedger) }
        return try rows(where: conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments: arguments)
    }

    /// An account's last `limit` transactions, each with the states it went through, and the
    /// events that name the account (heals, resyncs, divergences) over the same ledgers, oldest
    /// first: the detail view's timeline.
    public func timeline(account: String, limit: Int = 50) throws -> [TimelineEntry] {
        try read { db in
            let txs = try GRDB.Row.fetchAll(
                db, sql: "SELECT id, sequence, kind, hash, signed_ledger, state, result FROM transactions WHERE account = ? ORDER BY id DESC LIMIT ?",
                arguments: [account, max(1, min(limit, 500))]
            ).reversed()
            guard !txs.isEmpty else { return [] }
            let ids: [Int64] = txs.map { $0["id"] }
            var path: [Int64: (states: [String], result: String?)] = [:]
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for r in try GRDB.Row.fetchAll(
                db, sql: "SELECT tx, state, result FROM transitions WHERE tx IN (\(marks)) ORDER BY id", arguments: StatementArguments(ids))
            {
                let id: Int64 = r["tx"]
                var p = path[id] ?? ([], nil)
                let state: String = r["state"]
                if p.states.last != state { p.states.append(state) }
                if let result: String = r["result"] { p.result = result }
                path[id] = p
            }
            var entries: [TimelineEntry] = txs.map { r in
                let id: Int64 = r["id"]
                let p = path[id] ?? ([r["state"]], r["result"])
                return .transaction(
                    ledger: r["signed_ledger"], sequence: r["sequence"], type: r["kind"], hash: r["hash"],
                    states: p.states.isEmpty ? [r["state"]] : p.states, result: p.result ?? r["result"])
            }
            // Events name an account by its short form.
            let first = entries.first?.ledger ?? 0
            let short = AccountAddress(account).short
            let events = try GRDB.Row.fetchAll(
                db, sql: "SELECT ledger, kind, message FROM events WHERE ledger >= ? AND instr(message, ?) > 0 ORDER BY id DESC LIMIT 50",
                arguments: [first, short])
            entries += events.reversed().map { .mark(ledger: $0["ledger"], kind: $0["kind"], message: $0["message"]) }
            // Marks after the transactions signed in their ledger (the sort is stable).
            return entries.enumerated().sorted { ($0.element.ledger, $0.offset) < ($1.element.ledger, $1.offset) }.map(\.element)
        }
    }

    func rows(where condition: String, arguments: [any DatabaseValueConvertible]) throws -> [Entry] {
        try read { db in
            try GRDB.Row.fetchAll(
                db, sql: "SELECT * FROM transactions WHERE \(condition) ORDER BY id", arguments: StatementArguments(arguments)
            ).map { r in
                Entry(
                    entry: JournalEntry(
                        hash: r["hash"], account: r["account"], sequence: r["sequence"], lastLedgerSequence: r["last_ledger"],
                        fee: UInt64(clamping: r["fee"] as Int64), generation: r["generation"], blob: [UInt8](r["blob"] as Data),
                        strategy: r["strategy"], kind: r["kind"], origin: JournalOrigin(rawValue: r["origin"]) ?? .workload,
                        ledger: r["signed_ledger"]),
                    run: r["run"], state: r["state"], result: r["result"], stateLedger: r["state_ledger"],
                    signedAt: r["signed_at"], updatedAt: r["updated_at"], note: r["note"])
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try database.read(body) } catch let e as StateStoreError { throw e } catch {
            throw StateStoreError("cannot read the journal \(path): \(Journal.reason(error))")
        }
    }
}
