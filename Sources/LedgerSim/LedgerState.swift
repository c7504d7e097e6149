import HashTreeCollections
import XRPL

/// The state tree of one ledger: every object the simulator models, keyed for the lookups
/// transactors make. A value type: a closed ledger's state is kept by copying (copy-on-write),
/// and the open ledger mutates its own copy.
///
/// Every write goes through the `put`/`remove` methods here (the object trees are
/// `private(set)`), because they also keep the read indexes the RPC methods answer from:
/// ledger index → object (`ledger_entry`, `ledger_data`), account → owned objects in index
/// order (`account_lines`, `account_objects`, `account_offers`), and book → offers in quality
/// order (`book_offers`). Without them each of those requests would scan the whole state on
/// the simulator's actor.
public struct LedgerState: Sendable {
    public private(set) var accounts: TreeDictionary<String, AccountEntry> = [:]
    private(set) var lines: TreeDictionary<LineKey, TrustLine> = [:]
    private(set) var offers: TreeDictionary<OwnedKey, Offer> = [:]
    private(set) var escrows: TreeDictionary<OwnedKey, Escrow> = [:]
    /// Lines per account, so owner counts stay cheap.
    private(set) var linesByAccount: TreeDictionary<String, TreeSet<LineKey>> = [:]
    /// Ledger index → object, for every object in the state.
    private(set) var objectsByIndex: TreeDictionary<String, StateKey> = [:]
    /// Each account's owned objects, sliced by the first byte of their index (see `OwnerSlice`).
    private(set) var ownerIndex: TreeDictionary<OwnerSlice, [OwnedObject]> = [:]
    /// Each book's qualities, ascending (best for the taker first).
    private(set) var bookQualities: TreeDictionary<Book, [UInt64]> = [:]
    /// The offers at one quality of one book, oldest first (rippled's quality directory).
    private(set) var bookTiers: TreeDictionary<BookTier, [OwnedKey]> = [:]
    /// Where each offer sits in its book, so a removal finds it without recomputing a quality.
    private(set) var offerTiers: TreeDictionary<OwnedKey, BookTier> = [:]
    /// XRP in existence, in drops; every burned fee lowers it.
    public internal(set) var totalCoins: UInt64 = Amount.maxDrops

    public init() {}

    public func account(_ address: String) -> AccountEntry? { accounts[address] }

    /// Orders two accounts the way rippled orders a trust line's sides: by account ID bytes.
    static func lineKey(_ a: String, _ aID: [UInt8], _ b: String, _ bID: [UInt8], currency: CurrencyCode) -> LineKey {
        aID.lexicographicallyPrecedes(bID) ? LineKey(low: a, high: b, currency: currency) : LineKey(low: b, high: a, currency: currency)
    }

    func line(_ a: String, _ b: String, currency: CurrencyCode) -> TrustLine? {
        guard let aID = accountID(a), let bID = accountID(b) else { return nil }
        return lines[Self.lineKey(a, aID, b, bID, currency: currency)]
    }

    func accountID(_ address: String) -> [UInt8]? {
        accounts[address]?.accountID ?? (try? AddressCodec.decodeClassicAddress(address))
    }

    // MARK: writes

    mutating func putAccount(_ account: AccountEntry) {
        if accounts.updateValue(account, forKey: account.address) == nil {
            objectsByIndex[account.index] = .account(account.address)
        }
    }

    mutating func putLine(_ line: TrustLine) {
        let key = LineKey(low: line.low, high: line.high, currency: line.currency)
        if lines.updateValue(line, forKey: key) == nil {
            linesByAccount[line.low, default: []].insert(key)
            linesByAccount[line.high, default: []].insert(key)
            addOwned(.line(key), index: line.index, owners: line.low, line.high)
        }
    }

    mutating func removeLine(_ line: TrustLine) {
        let key = LineKey(low: line.low, high: line.high, currency: line.currency)
        guard lines.removeValue(forKey: key) != nil else { return }
        linesByAccount[line.low]?.remove(key)
        linesByAccount[line.high]?.remove(key)
        if linesByAccount[line.low]?.isEmpty == true { linesByAccount[line.low] = nil }
        if linesByAccount[line.high]?.isEmpty == true { linesByAccount[line.high] = nil }
        removeOwned(index: line.index, owners: line.low, line.high)
    }

    /// Inserts or replaces an offer. A replaced offer keeps its place in the book, as rippled's
    /// partially consumed offer keeps its BookDirectory, unless its book changed.
    mutating func putOffer(_ offer: Offer) {
        let key = OwnedKey(owner: offer.owner, sequence: offer.sequence)
        if let old = offers.updateValue(offer, forKey: key) {
            if BookAsset(old.takerPays) == BookAsset(offer.takerPays), BookAsset(old.takerGets) == BookAsset(offer.takerGets) { return }
            unplace(key)
            place(offer, key: key)
            return
        }
        addOwned(.offer(key), index: offer.index, owners: offer.owner)
        place(offer, key: key)
    }

    mutating func removeOffer(_ offer: Offer) {
        let key = OwnedKey(owner: offer.owner, sequence: offer.sequence)
        guard offers.removeValue(forKey: key) != nil else { return }
        removeOwned(index: offer.index, owners: offer.owner)
        unplace(key)
    }

    /// An escrow is listed under its owner and, when different, its destination (rippled
    /// adds it to both owner directories).
    mutating func putEscrow(_ escrow: Escrow) {
        let key = OwnedKey(owner: escrow.owner, sequence: escrow.sequence)
        if escrows.updateValue(escrow, forKey: key) == nil {
            addOwned(.escrow(key), index: escrow.index, owners: escrow.owner, escrow.destination)
        }
    }

    mutating func removeEscrow(_ escrow: Escrow) {
        let key = OwnedKey(owner: escrow.owner, sequence: escrow.sequence)
        guard escrows.removeValue(forKey: key) != nil else { return }
        removeOwned(index: escrow.index, owners: escrow.owner, escrow.destination)
    }

    // MARK: index maintenance

    private mutating func addOwned(_ key: StateKey, index: String, owners: String...) {
        objectsByIndex[index] = key
        let item = OwnedObject(index: index, key: key)
        for owner in Set(owners) {
            ownerIndex[OwnerSlice(owner: owner, index: index), default: []].upsertSorted(item, by: \.index)
        }
    }

    private mutating func removeOwned(index: String, owners: String...) {
        objectsByIndex[index] = nil
        for owner in Set(owners) {
            let slice = OwnerSlice(owner: owner, index: index)
            ownerIndex[slice, default: []].removeSorted(index, by: \.index)
            if ownerIndex[slice]?.isEmpty == true { ownerIndex[slice] = nil }
        }
    }

    private mutating func place(_ offer: Offer, key: OwnedKey) {
        guard let pays = BookAsset(offer.takerPays), let gets = BookAsset(offer.takerGets),
            let quality = BookQuality.rate(pays: offer.takerPays, gets: offer.takerGets)
        else { return }
        let tier = BookTier(book: Book(pays: pays, gets: gets), quality: quality)
        offerTiers[key] = tier
        if bookTiers[tier] == nil {
            bookQualities[tier.book, default: []].upsertSorted(quality, by: { $0 })
        }
        bookTiers[tier, default: []].append(key)
    }

    private mutating func unplace(_ key: OwnedKey) {
        guard let tier = offerTiers.removeValue(forKey: key) else { return }
        bookTiers[tier]?.removeAll { $0 == key }
        guard bookTiers[tier]?.isEmpty == true else { return }
        bookTiers[tier] = nil
        bookQualities[tier.book]?.removeSorted(tier.quality, by: { $0 })
        if bookQualities[tier.book]?.isEmpty == true { bookQualities[tier.book] = nil }
    }

    // MARK: counts

    /// Every line an account is on (for the trust-lines count in the console and tests).
    public func trustLineCount(of address: String) -> Int { linesByAccount[address]?.count ?? 0 }
    public func offerCount(of address: String) -> Int { ownedCount(address) { if case .offer(let k) = $0 { k.owner == address } else { false } } }
    public func escrowCount(of address: String) -> Int { ownedCount(address) { if case .escrow(let k) = $0 { k.owner == address } else { false } } }

    private func ownedCount(_ address: String, _ match: (StateKey) -> Bool) -> Int {
        var n = 0
        for p in 0...255 {
            for o in ownerIndex[OwnerSlice(owner: address, prefix: UInt8(p))] ?? [] where match(o.key) { n += 1 }
        }
        return n
    }
}
