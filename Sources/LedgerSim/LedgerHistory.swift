import XRPL

/// A closed (and, as in standalone mode, validated) ledger.
///
/// The header hash is SHA-512Half over rippled's header layout ("LWR\0", index, total coins,
/// parent hash, transaction hash, state hash, close times, resolution, flags), but the
/// transaction and state hashes are not SHAMap roots: the transaction hash chains the ledger's
/// transaction IDs and metadata, and the state hash chains the parent's state hash with it.
/// They are deterministic and change whenever the contents change, which is all a client uses
/// them for; they are not comparable with a real network's.
public struct ClosedLedger: Sendable {
    public let index: UInt32
    public let hash: String
    public let parentHash: String
    public let closeTime: UInt32
    public let parentCloseTime: UInt32
    public let closeTimeResolution: UInt32
    public let totalCoins: UInt64
    public let transactionHash: String
    public let accountHash: String
    /// Decoded while the ledger is recent; binary once history archives it.
    private var body: Body
    /// The binary form, made early for a `LedgerSink` (which stores it), so history's later
    /// `archive()` reuses it instead of encoding every metadata a second time.
    private var archivedEarly: [ArchivedTransaction]?
    /// The state after this ledger; dropped for old ledgers to bound memory.
    public internal(set) var state: LedgerState?

    init(
        index: UInt32, parentHash: String, parentAccountHash: String, closeTime: UInt32, parentCloseTime: UInt32,
        resolution: UInt32, state: LedgerState, transactions: [LedgerTransaction]
    ) {
        self.index = index
        self.parentHash = parentHash
        self.closeTime = closeTime
        self.parentCloseTime = parentCloseTime
        self.closeTimeResolution = resolution
        self.totalCoins = state.totalCoins
        self.body = .decoded(transactions)
        self.state = state
        var txBytes: [UInt8] = []
        txBytes.reserveCapacity(transactions.count * 40)
        for (i, t) in transactions.enumerated() {
            // Transaction ID, position and result: the metadata is derived from these and the
            // parent state, so they identify the ledger's contents without serialising it.
            txBytes += (try? Hex.decode(t.candidate.hash)) ?? []
            txBytes += UInt32(i).bigEndianBytes
            txBytes += UInt32(bitPattern: Int32(t.result.number)).bigEndianBytes
        }
        let zero = [UInt8](repeating: 0, count: 32)
        let txHash = transactions.isEmpty ? zero : Hashing.sha512Half(txBytes)
        let parentState = (try? Hex.decode(parentAccountHash)) ?? zero
        let stateHash = Hashing.sha512Half(parentState + txHash + index.bigEndianBytes)
        transactionHash = Hex.encode(txHash)
        accountHash = Hex.encode(stateHash)
        var header: [UInt8] = [0x4C, 0x57, 0x52, 0x00]
        header += index.bigEndianBytes
        header += withUnsafeBytes(of: totalCoins.bigEndian, Array.init)
        header += (try? Hex.decode(parentHash)) ?? zero
        header += txHash
        header += stateHash
        header += parentCloseTime.bigEndianBytes
        header += closeTime.bigEndianBytes
        header += [UInt8(min(resolution, 255)), 0]
        hash = Hex.encode(Hashing.sha512Half(header))
    }

    /// A ledger read back from a store: the header as it was hashed when the ledger closed (not
    /// recomputed, so hashes and parent links stay exactly what clients saw), its transactions
    /// already in binary form, and the state only for the newest.
    package init(
        restoring header: ClosedLedgerHeader, transactions: [ArchivedTransaction], state: LedgerState?
    ) {
        index = header.index
        hash = header.hash
        parentHash = header.parentHash
        closeTime = header.closeTime
        parentCloseTime = header.parentCloseTime
        closeTimeResolution = header.closeTimeResolution
        totalCoins = header.totalCoins
        transactionHash = header.transactionHash
        accountHash = header.accountHash
        body = .archived(transactions)
        self.state = state
    }

    /// The header fields, as a store files them.
    package var header: ClosedLedgerHeader {
        ClosedLedgerHeader(
            index: index, hash: hash, parentHash: parentHash, closeTime: closeTime, parentCloseTime: parentCloseTime,
            closeTimeResolution: closeTimeResolution, totalCoins: totalCoins, transactionHash: transactionHash, accountHash: accountHash)
    }

    /// The transactions in binary form (what history archives them to), for a store. Nil if a
    /// transaction's metadata does not encode, which the codec's round-trip tests rule out.
    package var archivedTransactions: [ArchivedTransaction]? {
        if let archivedEarly { return archivedEarly }
        switch body {
        case .archived(let a): return a
        case .decoded(let t):
            var out: [ArchivedTransaction] = []
            out.reserveCapacity(t.count)
            for tx in t {
                guard let a = ArchivedTransaction(tx) else { return nil }
                out.append(a)
            }
            return out
        }
    }

    private enum Body: Sendable {
        case decoded([LedgerTransaction])
        case archived([ArchivedTransaction])
    }

    public var transactionCount: Int {
        switch body {
        case .decoded(let t): t.count
        case .archived(let a): a.count
        }
    }

    /// The ledger's transactions in ledger order; an archived ledger decodes them again.
    public var transactions: [LedgerTransaction] {
        switch body {
        case .decoded(let t): t
        case .archived(let a): a.compactMap(\.decoded)
        }
    }

    /// One transaction by position, decoding only that one.
    public func transaction(at position: Int) -> LedgerTransaction? {
        guard position >= 0, position < transactionCount else { return nil }
        switch body {
        case .decoded(let t): return t[position]
        case .archived(let a): return a[position].decoded
        }
    }

    /// The hash of the transaction at `position`, without decoding it.
    public func transactionHash(at position: Int) -> String? {
        guard position >= 0, position < transactionCount else { return nil }
        switch body {
        case .decoded(let t): return t[position].candidate.hash
        case .archived(let a): return a[position].hash
        }
    }

    /// True once history keeps this ledger's transactions in binary form.
    public var isArchived: Bool {
        if case .archived = body { true } else { false }
    }

    /// Makes the binary form now, while the ledger stays decoded for its streams (see
    /// `archivedEarly`). False if a metadata does not encode.
    mutating func encodeArchiveEarly() -> Bool {
        archivedEarly = archivedTransactions
        return archivedEarly != nil
    }

    /// Swaps the decoded transactions for their binary form; a ledger whose metadata would not
    /// encode stays decoded rather than lose it.
    mutating func archive() {
        guard case .decoded(let t) = body else { return }
        if let archivedEarly {
            body = .archived(archivedEarly)
            self.archivedEarly = nil
            return
        }
        var archived: [ArchivedTransaction] = []
        archived.reserveCapacity(t.count)
        for tx in t {
            guard let a = ArchivedTransaction(tx) else { return }
            archived.append(a)
        }
        body = .archived(archived)
    }
}

/// A closed ledger's header fields (everything but its transactions and state).
package struct ClosedLedgerHeader: Sendable, Equatable {
    package let index: UInt32
    package let hash: String
    package let parentHash: String
    package let closeTime: UInt32
    package let parentCloseTime: UInt32
    package let closeTimeResolution: UInt32
    package let totalCoins: UInt64
    package let transactionHash: String
    package let accountHash: String

    package init(
        index: UInt32, hash: String, parentHash: String, closeTime: UInt32, parentCloseTime: UInt32, closeTimeResolution: UInt32,
        totalCoins: UInt64, transactionHash: String, accountHash: String
    ) {
        self.index = index
        self.hash = hash
        self.parentHash = parentHash
        self.closeTime = closeTime
        self.parentCloseTime = parentCloseTime
        self.closeTimeResolution = closeTimeResolution
        self.totalCoins = totalCoins
        self.transactionHash = transactionHash
        self.accountHash = accountHash
    }
}

/// Where a transaction sits in history.
struct TxLocation: Sendable, Hashable {
    let ledger: UInt32
    let position: Int
}

/// Closed ledgers kept for `ledger`, `tx` and `account_tx`, bounded by count. The most recent
/// few keep their full state so `account_info` can be asked about them.
struct LedgerHistory: Sendable {
    let capacity: Int
    let statefulLedgers = 16
    private(set) var ledgers: [UInt32: ClosedLedger] = [:]
    private(set) var oldest: UInt32 = 0
    private(set) var newest: UInt32 = 0
    private var byHash: [String: UInt32] = [:]
    private var txIndex: [String: TxLocation] = [:]
    private var accountTxs: [String: [TxLocation]] = [:]
    /// Each ledger's affected accounts, so eviction need not decode its transactions.
    private var ledgerAccounts: [UInt32: Set<String>] = [:]
    /// Only the newest ledger stays decoded: its streams are sent from it; anything older is
    /// read rarely (a backfill, a `tx` lookup) and decodes on demand.
    let decodedLedgers = 1

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func append(_ ledger: ClosedLedger) {
        if ledgers.isEmpty { oldest = ledger.index }
        ledgers[ledger.index] = ledger
        byHash[ledger.hash] = ledger.index
        newest = ledger.index
        var touched: Set<String> = []
        for (i, t) in ledger.transactions.enumerated() {
            let loc = TxLocation(ledger: ledger.index, position: i)
            txIndex[t.candidate.hash] = loc
            for account in Self.affectedAccounts(t) {
                accountTxs[account, default: []].append(loc)
                touched.insert(account)
            }
        }
        ledgerAccounts[ledger.index] = touched
        let stale = ledger.index >= UInt32(statefulLedgers) ? ledger.index - UInt32(statefulLedgers) : 0
        if stale > 0 { ledgers[stale]?.state = nil }
        if ledger.index > UInt32(decodedLedgers) { ledgers[ledger.index - UInt32(decodedLedgers)]?.archive() }
        while ledgers.count > capacity { evictOldest() }
    }

    private mutating func evictOldest() {
        guard let old = ledgers.removeValue(forKey: oldest) else {
            oldest += 1
            return
        }
        byHash[old.hash] = nil
        for position in 0..<old.transactionCount {
            if let hash = old.transactionHash(at: position) { txIndex[hash] = nil }
        }
        for account in ledgerAccounts.removeValue(forKey: old.index) ?? [] {
            accountTxs[account]?.removeAll { $0.ledger <= old.index }
            if accountTxs[account]?.isEmpty == true { accountTxs[account] = nil }
        }
        oldest += 1
    }

    func ledger(_ index: UInt32) -> ClosedLedger? { ledgers[index] }
    func ledger(hash: String) -> ClosedLedger? { byHash[hash.uppercased()].flatMap { ledgers[$0] } }

    func transaction(_ hash: String) -> (ClosedLedger, LedgerTransaction)? {
        guard let loc = txIndex[hash.uppercased()], let l = ledgers[loc.ledger], let t = l.transaction(at: loc.position) else { return nil }
        return (l, t)
    }

    func contains(tx hash: String) -> Bool { txIndex[hash] != nil }

    /// The account's transactions, oldest first, within [min, max].
    func accountTransactions(_ account: String, min lo: UInt32, max hi: UInt32) -> [(ClosedLedger, LedgerTransaction)] {
        (accountTxs[account] ?? []).compactMap { loc in
            guard loc.ledger >= lo, loc.ledger <= hi, let l = ledgers[loc.ledger], let t = l.transaction(at: loc.position) else { return nil }
            return (l, t)
        }
    }

    /// "a-b" or "empty", as server_info reports complete_ledgers.
    var completeLedgers: String { ledgers.isEmpty ? "empty" : "\(oldest)-\(newest)" }

    /// Accounts a transaction touches: sender, destination, issuer or escrow owner.
    static func affectedAccounts(_ t: LedgerTransaction) -> Set<String> {
        var s: Set<String> = [t.candidate.account]
        switch t.candidate.tx.body {
        case .payment(let d, let amount, _, _):
            s.insert(d)
            if case .issued(_, _, let issuer) = amount { s.insert(issuer) }
        case .trustSet(let limit, _, _):
            if case .issued(_, _, let issuer) = limit { s.insert(issuer) }
        case .escrowCreate(let d, _, _, _, _, _):
            s.insert(d)
        case .escrowFinish(let owner, _, _, _):
            s.insert(owner)
        default:
            break
        }
        return s
    }
}
