import DequeModule
import XRPL

/// The engine's books: every account's sequence chain and every tracked transaction, with the
/// index that finds one by hash and the most recent final ones. It keeps them consistent — a
/// live transaction is in `txs`, in `byHash` and in its chain's `live` together, or in none —
/// while `WorkloadCore` decides what moves where (through the state machines).
public struct AccountBook: Sendable {
    public internal(set) var chains: [AccountAddress: SequenceChain] = [:]
    /// Non-final tracked transactions.
    public internal(set) var txs: [TrackedTransaction.ID: TrackedTransaction] = [:]
    private(set) var byHash: [String: TrackedTransaction.ID] = [:]
    /// The most recent final transactions, for lookups and the console (bounded). A deque: one
    /// is dropped from the front for every transaction that finishes.
    public private(set) var recentFinal: Deque<TrackedTransaction> = []
    static let recentFinalLimit = 500
    private var nextTxID: TrackedTransaction.ID = 1
    /// Every transaction ever tracked (live or final): the accounting invariant's total.
    public var signedCount: Int { Int(nextTxID) - 1 }
    /// Hashes of transactions the engine abandoned (re-signed or dropped) that the server may
    /// still hold: if one validates, it is ours, not a foreign transaction.
    /// Each with its Sequence and LastLedgerSequence: past the latter it can never apply.
    private var abandonedHashes: [String: (sequence: UInt32, lastLedger: UInt32)] = [:]
    static let abandonedLimit = 5_000

    /// Starts tracking a newly signed transaction at its Sequence. Returns its id and the
    /// transaction it replaced at that Sequence, if any (the caller abandons it).
    mutating func track(
        account: AccountAddress, sequence: UInt32, body: TransactionBody, fee: UInt64, lastLedgerSequence: UInt32,
        blob: [UInt8], hash: String, injected: Bool
    ) -> (id: TrackedTransaction.ID, replaced: TrackedTransaction.ID?)? {
        guard var chain = chains[account] else { return nil }
        let id = nextTxID
        nextTxID += 1
        var t = TrackedTransaction(
            id: id, account: account, sequence: sequence, generation: chain.generation, body: body, fee: fee,
            lastLedgerSequence: lastLedgerSequence, blob: blob, hash: hash)
        t.injected = injected
        let previous = chain.live[sequence]
        chain.live[sequence] = id
        chains[account] = chain
        txs[id] = t
        byHash[hash] = id
        return (id, previous.flatMap { $0 == id ? nil : $0 })
    }

    /// A tracked transaction re-signed to the same bytes after a resync: it belongs to the
    /// chain's current generation (its blob may be sent again).
    mutating func adoptGeneration(_ id: TrackedTransaction.ID) {
        guard var t = txs[id], let g = chains[t.account]?.generation else { return }
        t.generation = g
        txs[id] = t
    }

    /// Stops tracking a transaction that became final and keeps it among the recent ones.
    @discardableResult
    mutating func retire(_ id: TrackedTransaction.ID) -> TrackedTransaction? {
        guard let t = txs.removeValue(forKey: id) else { return nil }
        if byHash[t.hash] == id { byHash[t.hash] = nil }
        if chains[t.account]?.live[t.sequence] == id { chains[t.account]?.live[t.sequence] = nil }
        recentFinal.append(t)
        if recentFinal.count > Self.recentFinalLimit { recentFinal.removeFirst() }
        return t
    }

    /// Remembers a transaction the engine gives up on, in case the server applies it anyway.
    mutating func rememberAbandoned(_ t: TrackedTransaction) {
        abandonedHashes[t.hash] = (t.sequence, t.lastLedgerSequence)
        if abandonedHashes.count > Self.abandonedLimit { abandonedHashes.removeAll() }
    }

    /// Abandoned transactions whose LastLedgerSequence has not passed: they may still apply.
    public var abandonedInWindow: Int { abandonedHashes.count }

    /// An abandoned transaction of an earlier run (restart reconciliation), watched the same way.
    mutating func rememberAbandoned(hash: String, sequence: UInt32, lastLedger: UInt32) {
        abandonedHashes[hash] = (sequence, lastLedger)
    }

    /// The Sequence of an abandoned transaction with this hash (forgotten once found).
    mutating func takeAbandoned(hash: String) -> UInt32? { abandonedHashes.removeValue(forKey: hash)?.sequence }

    /// Forgets, and returns, the abandoned transactions whose LastLedgerSequence is below the
    /// validated ledger `index`: no ledger that can still come may hold them (sorted, so the
    /// journal's order does not depend on dictionary order).
    mutating func expireAbandoned(before index: UInt32) -> [String] {
        let gone = abandonedHashes.filter { $0.value.lastLedger < index }.keys.sorted()
        for h in gone { abandonedHashes[h] = nil }
        return gone
    }

    func id(hash: String) -> TrackedTransaction.ID? { byHash[hash] }

    /// A live or recently final transaction by hash (case-insensitive).
    public func transaction(hash: String) -> TrackedTransaction? {
        let h = hash.uppercased()
        if let id = byHash[h], let t = txs[id] { return t }
        return recentFinal.last { $0.hash == h }
    }

    /// The allocated sequences at or above the ledger's next one that nothing in flight will
    /// consume: the gaps that make every later transaction terPRE_SEQ.
    public func gaps(of address: AccountAddress) -> [UInt32] {
        guard let chain = chains[address], let floor = chain.ledgerValidated ?? chain.ledgerCurrent else { return [] }
        guard chain.nextSequence > floor else { return [] }
        var out: [UInt32] = []
        for s in floor..<chain.nextSequence {
            guard let id = chain.live[s], let t = txs[id] else {
                out.append(s)
                continue
            }
            switch t.state {
            case .retryable, .failedNet, .rejected, .expired: out.append(s)
            default: break
            }
        }
        return out
    }

    /// The server lost its state: every chain starts over (a new generation, nothing known of
    /// the ledger) and nothing abandoned can come back.
    mutating func forgetLedger() {
        for a in Array(chains.keys) {
            chains[a]?.live = [:]
            chains[a]?.generation += 1
            chains[a]?.ledgerValidated = nil
            chains[a]?.ledgerCurrent = nil
            chains[a]?.sequenceAvailable = nil
            chains[a]?.settledFloor = nil
            chains[a]?.floorLedger = 0
        }
        abandonedHashes = [:]
    }
}
