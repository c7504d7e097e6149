import Foundation
import GRDB
import LedgerSim
import XRPL

extension SimStore {
    /// Writes a validated ledger in one transaction: its header, its transactions and the state
    /// changes it made, packed (`StateDiffPack`). Returns once the commit is durable (see
    /// `SimStore` on `synchronous`); the changes reach the `state` table just after, on the
    /// store's own queue (`materialize`).
    public func ledgerValidated(_ validated: ValidatedLedger) {
        let start = ContinuousClock.now
        let ledger = validated.ledger
        guard let transactions = ledger.archivedTransactions else {
            fail("cannot write ledger \(ledger.index) to \(path): a transaction's metadata does not encode")
        }
        do {
            try db.write { db in
                try Self.insert(ledger.header, transactions: transactions, db)
                let diff = try db.cachedStatement(sql: "INSERT INTO state_diffs (ledger_index, changes) VALUES (?, ?)")
                try diff.execute(arguments: [ledger.index, StateDiffPack.encode(StateDiffPack.rows(validated.changes))])
            }
        } catch {
            fail("cannot write ledger \(ledger.index) to \(path): \(StoreText.oneLine(error))")
        }
        recordWrite(ContinuousClock.now - start, changes: validated.changes.count, transactions: transactions.count)
        scheduleMaterialize()
    }

    /// Moves the waiting diffs into `state` on the store's serial queue, after the ledger's own
    /// write; the next ledger's write waits for it only if it comes within its few milliseconds.
    private func scheduleMaterialize() {
        db.asyncWrite({ db -> Duration in
            let start = ContinuousClock.now
            try Self.materialize(db)
            return ContinuousClock.now - start
        }, completion: { [self] _, result in
            switch result {
            case .success(let took): recordDeferred(took)
            case .failure(let error): fail("cannot update the state in \(path): \(StoreText.oneLine(error))")
            }
            checkpointer.ledgerCommitted()
        })
    }

    /// Applies every waiting diff to `state`, oldest first, and drops them, in one transaction.
    static func materialize(_ db: Database) throws {
        var newest: Int64?
        let diffs = try Row.fetchCursor(db, sql: "SELECT ledger_index, changes FROM state_diffs ORDER BY ledger_index")
        var latest: [String: String?] = [:]
        while let row = try diffs.next() {
            newest = try row.decode(forColumn: "ledger_index")
            for r in try StateDiffPack.decode(try row.decode(forColumn: "changes")) { latest[r.index] = .some(r.object) }
        }
        guard let newest else { return }
        try apply(latest.map { StateDiffPack.Row(index: $0.key, object: $0.value) }, db)
        try db.execute(sql: "DELETE FROM state_diffs WHERE ledger_index <= ?", arguments: [newest])
    }

    /// The first write of a new store: the simulator's genesis and first validated ledger, and
    /// its whole state (the genesis account and its load accounts), so a restart before the
    /// first close still finds a chain.
    public func writeInitial(_ core: SimulatorCore) throws {
        let first = core.validated
        guard let state = first.state else { throw SimStoreError("the simulator's first ledger has no state to store") }
        let chain = [core.ledger(first.index - 1), first].compactMap { $0 }
        do {
            try db.write { db in
                for l in chain { try Self.insert(l.header, transactions: l.archivedTransactions ?? [], db) }
                try Self.apply(StateDiffPack.rows(StateEntry.all(in: state).map(StateChange.put)), db)
            }
        } catch {
            throw SimStoreError.io("write the first ledgers to", path, error)
        }
    }

    static func insert(_ h: ClosedLedgerHeader, transactions: [ArchivedTransaction], _ db: Database) throws {
        let ledger = try db.cachedStatement(
            sql: """
                INSERT INTO ledgers (ledger_index, hash, parent_hash, close_time, parent_close_time, close_time_resolution,
                    total_coins, transaction_hash, account_hash, transaction_count, transactions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try ledger.execute(arguments: [
            h.index, h.hash, h.parentHash, h.closeTime, h.parentCloseTime, h.closeTimeResolution, Int64(clamping: h.totalCoins),
            h.transactionHash, h.accountHash, transactions.count, TransactionPack.encode(transactions),
        ])
    }

    /// Upserts and deletes in key order, so neighbouring rows share b-tree pages.
    static func apply(_ rows: [StateDiffPack.Row], _ db: Database) throws {
        let put = try db.cachedStatement(sql: "INSERT OR REPLACE INTO state (ledger_entry_index, object) VALUES (?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM state WHERE ledger_entry_index = ?")
        for row in rows.sorted(by: { $0.index < $1.index }) {
            if let object = row.object {
                put.setUncheckedArguments([row.index, object])
                try put.execute()
            } else {
                delete.setUncheckedArguments([row.index])
                try delete.execute()
            }
        }
    }
}
