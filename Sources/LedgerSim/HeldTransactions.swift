import XRPL

/// What the server keeps for later (§1.10): LocalTxs, retried into every new open ledger for a
/// few ledgers, and the held set of retry results, re-applied at each close and right after the
/// account's gap fills.
struct HeldTransactions: Sendable {
    struct Local: Sendable {
        let candidate: Candidate
        /// Last ledger index in which the server still retries it.
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

    /// `popAcctTransaction`: the held transaction of `account` at exactly `sequence`, removed.
    mutating func pop(account: String, sequence: UInt32) -> Candidate? {
        guard let c = held[account]?.removeValue(forKey: sequence) else { return nil }
        if held[account]?.isEmpty == true { held[account] = nil }
        return c
    }

    /// Takes the whole held set, each account in Sequence order (applied before a close).
    mutating func takeHeld() -> [Candidate] {
        let all = held.keys.sorted().flatMap { account in held[account]!.keys.sorted().map { held[account]![$0]! } }
        held = [:]
        return all
    }

    /// LocalTxs still worth retrying in the ledger `openIndex`; forgets the rest (in a ledger,
    /// Sequence already past, or expired).
    mutating func sweepLocal(openIndex: UInt32, state: LedgerState, inLedger: (String) -> Bool) -> [Candidate] {
        var keep: [Candidate] = []
        for (hash, entry) in local {
            let seqPast = (state.accounts[entry.candidate.account]?.sequence ?? 0) > entry.candidate.sequence
            if entry.expiry < openIndex || inLedger(hash) || seqPast {
                local[hash] = nil
            } else {
                keep.append(entry.candidate)
            }
        }
        return keep.sorted { ($0.account, $0.sequence) < ($1.account, $1.sequence) }
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
