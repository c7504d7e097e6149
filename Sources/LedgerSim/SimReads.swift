import XRPL

/// The state-reading RPC methods: answered from a `LedgerSnapshot`, so they run off the
/// simulator's actor (see `Simulator.handle`) and every walk is bounded by the handler's limit
/// or by one account's objects.
enum SimReads {
    typealias Params = [String: JSONValue]
    typealias Reply = Result<JSONValue, RPCError>

    /// Methods served here.
    static let methods: Set<String> = [
        "account_lines", "account_objects", "account_offers", "account_currencies", "gateway_balances", "noripple_check",
        "book_offers", "ledger_entry", "ledger_data", "deposit_authorized",
    ]

    static func handle(method: String, params: Params, apiVersion: Int, snapshot s: LedgerSnapshot) -> Reply {
        switch method {
        case "account_lines": accountLines(params, s)
        case "account_objects": accountObjects(params, s)
        case "account_offers": accountOffers(params, s)
        case "account_currencies": accountCurrencies(params, s)
        case "gateway_balances": gatewayBalances(params, s)
        case "noripple_check": noRippleCheck(params, apiVersion: apiVersion, s)
        case "book_offers": bookOffers(params, s)
        case "ledger_entry": ledgerEntry(params, apiVersion: apiVersion, s)
        case "ledger_data": ledgerData(params, apiVersion: apiVersion, s)
        case "deposit_authorized": depositAuthorized(params, s)
        default: .failure(RPCError(.unknownCmd))
        }
    }

    /// The account a request is about, which must exist in the snapshot.
    static func existingAccount(_ params: Params, _ s: LedgerSnapshot, field: String = "account") -> Result<AccountEntry, RPCError> {
        switch RPCParams.account(params, field) {
        case .failure(let e): return .failure(e)
        case .success(let a):
            guard let entry = s.state.account(a) else { return .failure(RPCError(.actNotFound)) }
            return .success(entry)
        }
    }

    /// rippled's two-part owner-directory marker for the object a page stopped at.
    static func ownerMarker(_ index: String) -> JSONValue { .string("\(index),0") }

    /// An object as rippled's JSON shows it (`ledger_entry`, `account_objects`, `ledger_data`),
    /// with the directory fields the simulator keeps no directories for: every owner and book
    /// directory has a single page here, so each node hint is "0", and an offer's
    /// BookDirectory is the keylet of its book and quality.
    static func objectJSON(_ entry: StateEntry, state: LedgerState) -> JSONValue {
        guard case .object(var o) = entry.json else { return entry.json }
        switch entry {
        case .account: break
        case .line:
            o["LowNode"] = "0"
            o["HighNode"] = "0"
        case .offer(let offer):
            o["OwnerNode"] = "0"
            o["BookNode"] = "0"
            if let pays = BookAsset(offer.takerPays), let gets = BookAsset(offer.takerGets), let q = state.quality(of: offer) {
                o["BookDirectory"] = .string(Keylet.bookDirectory(Book(pays: pays, gets: gets), quality: q))
            }
        case .escrow(let e):
            o["Sequence"] = nil
            o["OwnerNode"] = "0"
            if e.destination != e.owner { o["DestinationNode"] = "0" }
        }
        return .object(o)
    }

    /// The binary form (`binary: true`): the object serialised without its `index`.
    static func objectBinary(_ json: JSONValue) -> String? {
        guard case .object(var o) = json else { return nil }
        o["index"] = nil
        return (try? BinaryCodec.encode(.object(o))).map(Hex.encode)
    }
}

extension Keylet {
    /// rippled's `keylet::quality(keylet::book(book), q)`: the book's base (SHA-512Half of
    /// namespace 'B', both currencies, both issuers) with its last 64 bits replaced by the quality.
    static func bookDirectory(_ book: Book, quality: UInt64) -> String {
        let zero = [UInt8](repeating: 0, count: 20)
        func currency(_ a: BookAsset) -> [UInt8] { a.currency?.bytes ?? zero }
        func issuer(_ a: BookAsset) -> [UInt8] { a.issuer.flatMap { try? AddressCodec.decodeClassicAddress($0) } ?? zero }
        var h = Hashing.sha512Half([0x00, 0x42] + currency(book.pays) + currency(book.gets) + issuer(book.pays) + issuer(book.gets))
        for i in 0..<8 { h[24 + i] = UInt8(truncatingIfNeeded: quality >> (56 - 8 * i)) }
        return Hex.encode(h)
    }
}
