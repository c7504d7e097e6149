import Foundation
import GRDB
import LedgerSim
import XRPL

extension SimStore {
    /// Writes a validated ledger in one transaction: its header, its transactions and the state
    /// rows it changed. Returns once the commit is durable (see `SimStore` on `synchronous`).
    public func ledgerValidated(_ validated: ValidatedLedger) {
        let start = ContinuousClock.now
        let ledger = validated.ledger
        guard let transactions = ledger.archivedTransactions else {
            fail("cannot write ledger \(ledger.index) to \(path): a transaction's metadata does not encode")
        }
        do {
            try db.write { db in
                try Self.insert(ledger.header, transactions: transactions, db)
                try Self.apply(validated.changes, db)
            }
        } catch {
            fail("cannot write ledger \(ledger.index) to \(path): \(StoreText.oneLine(error))")
        }
        recordWrite(ContinuousClock.now - start, changes: validated.changes.count, transactions: transactions.count)
        checkpointer.ledgerCommitted()
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
                try Self.apply(StateEntry.all(in: state).map(StateChange.put), db)
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
    static func apply(_ changes: [StateChange], _ db: Database) throws {
        let put = try db.cachedStatement(sql: "INSERT OR REPLACE INTO state (ledger_entry_index, object) VALUES (?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM state WHERE ledger_entry_index = ?")
        // Keys sorted once up front: comparing the changes themselves copied an entry per look.
        for (key, change) in changes.map({ ($0.key, $0) }).sorted(by: { $0.0 < $1.0 }) {
            switch change {
            case .put(let entry):
                put.setUncheckedArguments([key, entry.jsonText])
                try put.execute()
            case .delete(let index):
                delete.setUncheckedArguments([index])
                try delete.execute()
            }
        }
    }
}

extension StateChange {
    /// The ledger index the change is filed under.
    var key: String {
        switch self {
        case .put(let entry): entry.index
        case .delete(let index): index
        }
    }
}
