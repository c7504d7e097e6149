import XRPL

/// Read paths over `LedgerState`'s indexes. Each costs what it returns (plus a look at the
/// 256 slices of one owner), never a pass over the whole state.
extension LedgerState {
    /// The object with this ledger index (64 uppercase hex digits).
    func entry(index: String) -> StateEntry? {
        objectsByIndex[index].flatMap(entry(at:))
    }

    /// Whether `owner` is party to the object at `index` (owner, either side of a line, an
    /// escrow's destination): rippled's `RPC::isRelatedToAccount` for markers.
    func ownsObject(_ owner: String, index: String) -> Bool {
        let slice = ownerIndex[OwnerSlice(owner: owner, index: index)] ?? []
        let i = slice.lowerBound(index, by: \.index)
        return i < slice.count && slice[i].index == index
    }

    /// Visits `owner`'s objects in ledger-index order, starting after `after`, until `visit`
    /// returns false.
    func walkOwned(_ owner: String, after: String?, _ visit: (OwnedObject) -> Bool) {
        let first = after.map(OwnerSlice.prefix(of:)) ?? 0
        for p in Int(first)...255 {
            guard let slice = ownerIndex[OwnerSlice(owner: owner, prefix: UInt8(p))] else { continue }
            var i = 0
            if let after, p == Int(first) {
                i = slice.lowerBound(after, by: \.index)
                if i < slice.count, slice[i].index == after { i += 1 }
            }
            while i < slice.count {
                if !visit(slice[i]) { return }
                i += 1
            }
        }
    }

    /// Every line `account` is on (the owner index lists each line under both sides).
    func lines(of account: String) -> [TrustLine] {
        var out: [TrustLine] = []
        walkOwned(account, after: nil) { o in
            if case .line(let k) = o.key, let l = lines[k] { out.append(l) }
            return true
        }
        return out
    }

    /// A book's offers, best quality first and oldest first within a quality, up to `limit`.
    func offers(in book: Book, limit: Int) -> [(offer: Offer, quality: UInt64)] {
        var out: [(Offer, UInt64)] = []
        guard limit > 0 else { return out }
        for q in bookQualities[book] ?? [] {
            for key in bookTiers[BookTier(book: book, quality: q)] ?? [] {
                guard let o = offers[key] else { continue }
                out.append((o, q))
                if out.count >= limit { return out }
            }
        }
        return out
    }

    /// Walks a book's offers best first while their quality is at most `maxQuality`, visiting
    /// at most `limit`; `body` returns false to stop. Nothing is copied, so an OfferCreate
    /// that crosses nothing costs one lookup however deep the book is.
    func walkOffers(in book: Book, upTo maxQuality: UInt64, limit: Int, _ body: (Offer, UInt64) -> Bool) {
        var visited = 0
        for q in bookQualities[book] ?? [] {
            guard q <= maxQuality else { return }
            for key in bookTiers[BookTier(book: book, quality: q)] ?? [] {
                guard visited < limit else { return }
                guard let o = offers[key] else { continue }
                visited += 1
                if !body(o, q) { return }
            }
        }
    }

    /// The quality an offer's book directory carries.
    func quality(of offer: Offer) -> UInt64? {
        offerTiers[OwnedKey(owner: offer.owner, sequence: offer.sequence)]?.quality
    }

    /// Objects in `objectsByIndex` order starting after `after` (ledger_data's walk): at most
    /// `limit` visited. Returns the visited objects and whether more follow.
    func objects(after: String?, limit: Int) -> (items: [(String, StateKey)], more: Bool) {
        var i = objectsByIndex.startIndex
        if let after, let at = objectsByIndex.index(forKey: after) { i = objectsByIndex.index(after: at) }
        var out: [(String, StateKey)] = []
        out.reserveCapacity(min(limit, 4096))
        while i != objectsByIndex.endIndex {
            if out.count == limit { return (out, true) }
            let (k, v) = objectsByIndex[i]
            out.append((k, v))
            i = objectsByIndex.index(after: i)
        }
        return (out, false)
    }

    /// Whether `index` names an object in this state (ledger_data's marker check).
    func hasObject(index: String) -> Bool { objectsByIndex[index] != nil }
}
