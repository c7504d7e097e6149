import Foundation
import GRDB
import LedgerSim
import XRPL

extension SimStore {
    /// What the store kept, to continue from: the newest ledger with the full state after it,
    /// and the ledgers before it back to `window` in all (their transactions for `tx`,
    /// `account_tx` and `ledger`). Nil for a store with no ledger yet. A row that does not read
    /// back is an error: a restore never guesses a balance.
    static func restore(from db: DatabaseQueue, path: String, window: Int) throws -> RestoredLedgers? {
        do {
            return try db.read { db in
                guard let newest = try Int64.fetchOne(db, sql: "SELECT MAX(ledger_index) FROM ledgers") else { return nil }
                let after = newest - Int64(max(1, window))
                var ledgers: [ClosedLedger] = []
                for row in try Row.fetchAll(db, sql: "SELECT * FROM ledgers WHERE ledger_index > ? ORDER BY ledger_index", arguments: [after]) {
                    let header = try Self.header(row)
                    let txs: [ArchivedTransaction]
                    do {
                        txs = try TransactionPack.decode(try row.decode(forColumn: "transactions"))
                    } catch let e as PackError {
                        throw RestoreError("ledger \(header.index): \(e)")
                    }
                    let count: Int = try row.decode(forColumn: "transaction_count")
                    guard txs.count == count else { throw RestoreError("ledger \(header.index) has \(txs.count) of its \(count) transactions") }
                    ledgers.append(ClosedLedger(restoring: header, transactions: txs, state: nil))
                }
                guard let last = ledgers.last else { return nil }
                // `state`, then the diffs still waiting, oldest first.
                var objects: [String: String] = [:]
                let stateRows = try Row.fetchCursor(db, sql: "SELECT ledger_entry_index, object FROM state")
                while let row = try stateRows.next() { objects[try row.decode(forColumn: "ledger_entry_index")] = try row.decode(forColumn: "object") }
                for row in try Row.fetchAll(db, sql: "SELECT ledger_index, changes FROM state_diffs ORDER BY ledger_index") {
                    let ledger: Int64 = try row.decode(forColumn: "ledger_index")
                    do {
                        for r in try StateDiffPack.decode(try row.decode(forColumn: "changes")) { objects[r.index] = r.object }
                    } catch let e as PackError {
                        throw RestoreError("state diff of ledger \(ledger): \(e)")
                    }
                }
                var entries: [StateEntry] = []
                entries.reserveCapacity(objects.count)
                for (index, object) in objects {
                    do {
                        entries.append(try StateEntry(json: JSONValue.parse(object)))
                    } catch {
                        throw RestoreError("state object \(index): \(StoreText.oneLine(error))")
                    }
                }
                return RestoredLedgers(ledgers: ledgers, state: LedgerState(entries: entries, totalCoins: last.totalCoins))
            }
        } catch let e as RestoreError {
            throw SimStoreError.notADatabase(path, e.reason)
        } catch {
            throw SimStoreError.io("read", path, error)
        }
    }

    private static func header(_ row: Row) throws -> ClosedLedgerHeader {
        func u32(_ column: String) throws -> UInt32 {
            guard let v = UInt32(exactly: try row.decode(Int64.self, forColumn: column)) else { throw RestoreError("ledgers.\(column) out of range") }
            return v
        }
        guard let coins = UInt64(exactly: try row.decode(Int64.self, forColumn: "total_coins")) else {
            throw RestoreError("ledgers.total_coins out of range")
        }
        return ClosedLedgerHeader(
            index: try u32("ledger_index"), hash: try row.decode(forColumn: "hash"), parentHash: try row.decode(forColumn: "parent_hash"),
            closeTime: try u32("close_time"), parentCloseTime: try u32("parent_close_time"),
            closeTimeResolution: try u32("close_time_resolution"), totalCoins: coins,
            transactionHash: try row.decode(forColumn: "transaction_hash"), accountHash: try row.decode(forColumn: "account_hash"))
    }

}

/// A row that does not read back; becomes a one-line `SimStoreError`.
private struct RestoreError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
