import GRDB

/// `seqwatch journal stats`: what a run did, from the journal alone — live rows and the totals
/// that compaction folded them into, added together.
public struct JournalStats: Sendable, Equatable {
    public var runs = 0
    public var transactions = 0
    public var byState: [String: Int] = [:]
    /// Final (or last provisional) result codes; "" is a transaction with none (never answered).
    public var byResult: [String: Int] = [:]
    public var byAccount: [String: [String: Int]] = [:]
    public var byOrigin: [String: [String: Int]] = [:]
    public var firstLedger: UInt32?
    public var lastLedger: UInt32?
    /// Divergences the engine saw (its `divergence` events), and how gaps were filled: fillers
    /// and replacements by the state they ended in.
    public var divergences = 0
    public var heals = 0
    public var unsettled = 0
    public var compacted = 0
}

extension JournalReader {
    public func stats() throws -> JournalStats {
        try read { db in
            var s = JournalStats()
            s.runs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? 0
            for r in try GRDB.Row.fetchAll(db, sql: "SELECT state, COALESCE(result, '') AS result, account, origin, COUNT(*) AS n FROM transactions GROUP BY 1, 2, 3, 4") {
                let n: Int = r["n"]
                s.byState[r["state"], default: 0] += n
                s.byResult[r["result"], default: 0] += n
                s.byAccount[r["account"], default: [:]][r["state"], default: 0] += n
                s.byOrigin[r["origin"], default: [:]][r["state"], default: 0] += n
                s.transactions += n
                if !JournalReader.settledStates.contains(r["state"]) { s.unsettled += n }
            }
            for r in try GRDB.Row.fetchAll(db, sql: "SELECT origin, state, result, SUM(count) AS n FROM ledger_totals GROUP BY 1, 2, 3") {
                let n: Int = r["n"]
                s.byState[r["state"], default: 0] += n
                s.byResult[r["result"], default: 0] += n
                s.byOrigin[r["origin"], default: [:]][r["state"], default: 0] += n
                s.transactions += n
                s.compacted += n
            }
            for r in try GRDB.Row.fetchAll(db, sql: "SELECT account, state, SUM(count) AS n FROM account_totals GROUP BY 1, 2") {
                s.byAccount[r["account"], default: [:]][r["state"], default: 0] += r["n"] as Int
            }
            let firstLive = try UInt32.fetchOne(db, sql: "SELECT MIN(signed_ledger) FROM transactions")
            let firstCompacted = try UInt32.fetchOne(db, sql: "SELECT MIN(ledger) FROM ledger_totals")
            s.firstLedger = [firstLive, firstCompacted].compactMap { $0 }.min()
            s.lastLedger = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_ledger'").flatMap { UInt32($0) }
            s.divergences = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = 'divergence'") ?? 0
            s.heals = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = 'heal'") ?? 0
            return s
        }
    }
}
