import HashTreeCollections
import XRPL

/// The state tree of one ledger: every object the simulator models, keyed for the lookups
/// transactors make. A value type: a closed ledger's state is kept by copying (copy-on-write),
/// and the open ledger mutates its own copy.
public struct LedgerState: Sendable {
    public internal(set) var accounts: TreeDictionary<String, AccountEntry> = [:]
    var lines: TreeDictionary<LineKey, TrustLine> = [:]
    var offers: TreeDictionary<OwnedKey, Offer> = [:]
    var escrows: TreeDictionary<OwnedKey, Escrow> = [:]
    /// Lines per account, so account_lines-style lookups and owner counts stay cheap.
    var linesByAccount: TreeDictionary<String, TreeSet<LineKey>> = [:]
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

    mutating func putLine(_ line: TrustLine) {
        let key = LineKey(low: line.low, high: line.high, currency: line.currency)
        if lines.updateValue(line, forKey: key) == nil {
            linesByAccount[line.low, default: []].insert(key)
            linesByAccount[line.high, default: []].insert(key)
        }
    }

    mutating func removeLine(_ line: TrustLine) {
        let key = LineKey(low: line.low, high: line.high, currency: line.currency)
        lines[key] = nil
        linesByAccount[line.low]?.remove(key)
        linesByAccount[line.high]?.remove(key)
    }

    /// Every line an account is on (for the trust-lines count in the console and tests).
    public func trustLineCount(of address: String) -> Int { linesByAccount[address]?.count ?? 0 }
    public func offerCount(of address: String) -> Int { offers.keys.filter { $0.owner == address }.count }
    public func escrowCount(of address: String) -> Int { escrows.keys.filter { $0.owner == address }.count }
}
