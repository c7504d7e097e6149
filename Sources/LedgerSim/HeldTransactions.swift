import XRPL

/// What the server keeps for later (§1.10): LocalTxs, retried into every new open ledger for a
/// few ledgers, and the held set of retry results, re-applied at each close and right after the
/// account's gap fills.
struct HeldTransactions: Sendable {
    struct Local: Sendable {
        let candidate: Candidate
        /// `m_expire`: submitted-in ledger + holdLedgers, or LastLedgerSequence + 1 if sooner.
        /// Swept once a validated ledger's index passes it.
        let expiry: UInt32
    }

    private(set) var local: [String: Local] = [:]
    /// Held retry results per account, by Sequence.
    private(set) var held: [String: [UInt32: Candidate]] = [:]

    var localCount: Int { local.count }
    var heldCount: Int { held.values.reduce(0) { $0 + $1.count } }

    mutating func keepLocal(_ c: Candidate, submittedIn ledger: UInt32, holdLedgers: UInt32) {
        // Saturating: a client may send LastLedgerSequence = UInt32.max.
        var expiry = UInt32(clamping: UInt64(ledger) + UInt64(holdLedgers))
        if let lls = c.tx.lastLedgerSequence { expiry = min(expiry, UInt32(clamping: UInt64(lls) + 1)) }
        local[c.hash] = Local(candidate: c, expiry: expiry)
    }

    mutating func hold(_ c: Candidate) {
        held[c.account, default: [:]][c.sequence] = c
    }

    /// `CanonicalTXSet::popAcctTransaction` after `c` applied: the held transaction of the
    /// same account that comes first at or after `c`'s Sequence, removed — but only if that is
    /// `c.sequence + 1`. (So a held copy at `c`'s own Sequence, e.g. `c` itself held earlier,
    /// blocks the pop until the next close, as it does in rippled.)
    mutating func pop(after c: Candidate) -> Candidate? {
        guard let byAccount = held[c.account], let first = byAccount.keys.filter({ $0 >= c.sequence }).min(),
            first == c.sequence &+ 1
        else { return nil }
        let next = held[c.account]?.removeValue(forKey: first)
        if held[c.account]?.isEmpty == true { held[c.account] = nil }
        return next
    }

    /// Takes the whole held set, each account in Sequence order (applied before a close).
    mutating func takeHeld() -> [Candidate] {
        let all = held.keys.sorted().flatMap { account in held[account]!.keys.sorted().map { held[account]![$0]! } }
        held = [:]
        return all
    }

    /// `LocalTxs::getTxSet`: the local transactions to retry, each account's in Sequence order.
    /// `skip` leaves out those whose retry would change nothing (Sequence past, or already in
    /// the open ledger or the queue) before sorting.
    func localTransactions(skipping skip: (Candidate) -> Bool) -> [Candidate] {
        local.values.map(\.candidate).filter { !skip($0) }
            .sorted { ($0.account, $0.sequence, $0.hash) < ($1.account, $1.sequence, $1.hash) }
    }

    /// `LocalTxs::sweep` against the ledger just validated (`index`, `state`): forgets what is
    /// expired (`index` past its expiry), in that ledger, or whose Sequence it has passed. It
    /// runs after the new open ledger took its retries, so a transaction submitted while `S`
    /// was open is retried into S+1 … S+holdLedgers+2.
    mutating func sweepLocal(validated index: UInt32, state: LedgerState, inLedger: (String) -> Bool) {
        for (hash, entry) in local {
            let seqPast = (state.accounts[entry.candidate.account]?.sequence ?? 0) > entry.candidate.sequence
            if index > entry.expiry || seqPast || inLedger(hash) { local[hash] = nil }
        }
    }

    func isKnown(_ hash: String) -> Bool {
        local[hash] != nil || held.values.contains { $0.values.contains { $0.hash == hash } }
    }

    func candidate(hash: String) -> Candidate? {
        if let l = local[hash] { return l.candidate }
        for account in held.values { if let c = account.values.first(where: { $0.hash == hash }) { return c } }
        return nil
    }

    mutating func reset() {
        local = [:]
        held = [:]
    }
}
