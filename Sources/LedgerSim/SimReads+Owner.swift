import XRPL

/// account_lines, account_objects, account_offers, account_currencies: one account's owned
/// objects, walked from the owner index in ledger-index order.
extension SimReads {
    /// rippled's `doAccountLines` (AccountLines.cpp). As there, the page counts every owned
    /// object it passes, lines or not, so a page may hold fewer lines than `limit`; the marker
    /// is the limit-th object's index.
    static func accountLines(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        var peer: String?
        if let p = params["peer"] {
            guard let text = p.stringValue, text.utf8.count <= 64, AddressCodec.isValidClassicAddress(text) else {
                return .failure(RPCError(.actMalformed))
            }
            peer = text
        }
        let ignoreDefault = params["ignore_default"]?.boolValue ?? false
        return ownerPage(params, s, .accountLines, key: "lines") { me, o in
            guard case .line(let key) = o.key, let line = s.state.lines[key] else { return nil }
            let peerAddress = line.low == me ? line.high : line.low
            if let peer, peer != peerAddress { return nil }
            // ignore_default skips lines this account does not reserve (the other side's).
            if ignoreDefault, !(line.low == me ? line.lowReserve : line.highReserve) { return nil }
            return lineJSON(line, for: me)
        }
    }

    /// A page of one account's owned objects the way `forEachItemAfter` pages them for
    /// account_lines and account_offers: every object passed counts toward `limit`, `item`
    /// picks and shapes the ones listed, and the marker is the limit-th object's index when one
    /// more follows.
    static func ownerPage(
        _ params: Params, _ s: LedgerSnapshot, _ range: RPCParams.LimitRange, key: String,
        item: (String, OwnedObject) -> JSONValue?
    ) -> Reply {
        let (me, limit, after): (AccountEntry, Int, String?)
        switch ownerRequest(params, s, range) {
        case .failure(let e): return .failure(e)
        case .success(let r): (me, limit, after) = r
        }
        var items: [JSONValue] = []
        var count = 0
        var marker: String?
        s.state.walkOwned(me.address, after: after) { o in
            count += 1
            if count == limit { marker = o.index }
            guard count <= limit else { return false }
            if let j = item(me.address, o) { items.append(j) }
            return true
        }
        var out: [String: JSONValue] = ["account": .string(me.address), key: .array(items)]
        if count == limit + 1, let marker {
            out["limit"] = .int(Int64(limit))
            out["marker"] = ownerMarker(marker)
        }
        return s.reply(out)
    }

    /// What every owner-directory method reads first, in rippled's order: the account (which
    /// must exist), the limit, then the marker (which must name one of its objects).
    static func ownerRequest(
        _ params: Params, _ s: LedgerSnapshot, _ range: RPCParams.LimitRange
    ) -> Result<(AccountEntry, Int, String?), RPCError> {
        existingAccount(params, s).flatMap { me in
            RPCParams.limit(params, range).flatMap { limit in
                RPCParams.ownerMarker(params, owner: me.address, state: s.state).map { (me, limit, $0) }
            }
        }
    }

    /// One line as `addLine` shows it, from `account`'s side, with the flags each side set.
    /// `no_ripple` / `no_ripple_peer` appear when set or when `getDefaultRipple()` is false;
    /// rippled's `getDefaultRipple()` tests lsfDefaultRipple against the *line's* flags, where
    /// that bit is lsfHighFreeze, and the simulator keeps that quirk.
    static func lineJSON(_ line: TrustLine, for account: String) -> JSONValue {
        let isLow = line.low == account
        let peer = isLow ? line.high : line.low
        var o: [String: JSONValue] = [
            "account": .string(peer), "balance": .string(line.holding(of: account).description),
            "currency": .string(line.currency.description), "limit": .string(line.limit(of: account).description),
            "limit_peer": .string((isLow ? line.highLimit : line.lowLimit).description), "quality_in": 0, "quality_out": 0,
        ]
        let lineDefaultRipple = line.flags & LineFlag.freeze.bit(low: false) != 0
        if line.has(.auth, on: account) { o["authorized"] = true }
        if line.has(.auth, on: peer) { o["peer_authorized"] = true }
        if line.has(.noRipple, on: account) || !lineDefaultRipple { o["no_ripple"] = .bool(line.has(.noRipple, on: account)) }
        if line.has(.noRipple, on: peer) || !lineDefaultRipple { o["no_ripple_peer"] = .bool(line.has(.noRipple, on: peer)) }
        if line.has(.freeze, on: account) { o["freeze"] = true }
        if line.has(.freeze, on: peer) { o["freeze_peer"] = true }
        if line.has(.deepFreeze, on: account) { o["deep_freeze"] = true }
        if line.has(.deepFreeze, on: peer) { o["deep_freeze_peer"] = true }
        return .object(o)
    }

    /// The `type` filter values rippled's account_objects accepts (`chooseLedgerEntryType` for
    /// account objects), mapped to what the simulator models; nil means a valid type of which
    /// no object can exist here.
    static let accountObjectTypes: [String: String?] = [
        "state": "RippleState", "ripple_state": "RippleState", "offer": "Offer", "escrow": "Escrow",
        "check": nil, "deposit_preauth": nil, "did": nil, "nft_offer": nil, "nft_page": nil, "oracle": nil,
        "payment_channel": nil, "signer_list": nil, "ticket": nil, "credential": nil, "mptoken": nil, "mpt_issuance": nil,
        "bridge": nil, "xchain_owned_claim_id": nil, "xchain_owned_create_account_claim_id": nil, "amm": nil,
        "permissioned_domain": nil, "vault": nil, "delegate": nil,
    ]

    /// rippled's `doAccountObjects` / `getAccountObjects`: here the limit counts matching
    /// objects only. AccountRoot is not an owned object, and the simulator keeps no
    /// DirectoryNode objects, so neither is ever listed.
    static func accountObjects(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        var wanted: String??
        if let t = params["type"] {
            guard let name = t.stringValue, let mapped = accountObjectTypes[name.lowercased()] else {
                return .failure(RPCParams.invalid("type"))
            }
            wanted = .some(mapped)
        }
        let (me, limit, after): (AccountEntry, Int, String?)
        switch ownerRequest(params, s, .accountObjects) {
        case .failure(let e): return .failure(e)
        case .success(let r): (me, limit, after) = r
        }
        // deletion_blockers_only: of the modelled types, lines and escrows block AccountDelete;
        // offers are deleted with the account (rippled's `isDeletionBlocker`).
        let blockersOnly = params["deletion_blockers_only"].map(looseBool) ?? false
        var objects: [JSONValue] = []
        var marker: String?
        var more = false
        if wanted != .some(nil) {
            s.state.walkOwned(me.address, after: after) { o in
                guard let entry = s.state.entry(at: o.key) else { return true }
                if case .some(.some(let type)) = wanted, entryType(entry) != type { return true }
                if blockersOnly, case .offer = entry { return true }
                if objects.count == limit {
                    more = true
                    return false
                }
                objects.append(objectJSON(entry, state: s.state))
                marker = o.index
                return true
            }
        }
        var out: [String: JSONValue] = ["account": .string(me.address), "account_objects": .array(objects)]
        if more, let marker {
            out["limit"] = .int(Int64(limit))
            out["marker"] = ownerMarker(marker)
        }
        return s.reply(out)
    }

    static func entryType(_ e: StateEntry) -> String {
        switch e {
        case .account: "AccountRoot"
        case .line: "RippleState"
        case .offer: "Offer"
        case .escrow: "Escrow"
        }
    }

    /// rippled's `doAccountOffers` (AccountOffers.cpp): counts every owned object like
    /// account_lines; each offer as `appendOfferJson`.
    static func accountOffers(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        ownerPage(params, s, .accountOffers, key: "offers") { _, o in
            guard case .offer(let key) = o.key, let offer = s.state.offers[key] else { return nil }
            var j: [String: JSONValue] = [
                "taker_pays": offer.takerPays.json, "taker_gets": offer.takerGets.json, "seq": .int(Int64(offer.sequence)),
                "flags": .int(Int64(offer.flags)), "quality": .string(s.state.quality(of: offer).map(BookQuality.text) ?? "0"),
            ]
            if let x = offer.expiration { j["expiration"] = .int(Int64(x)) }
            return .object(j)
        }
    }

    /// rippled's `doAccountCurrencies`: a currency is receivable while the balance is below the
    /// account's limit, sendable while it is above minus the peer's limit. Sorted, unique.
    static func accountCurrencies(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        var p = params
        if p["account"] == nil, let ident = p["ident"] { p["account"] = ident }
        let me: AccountEntry
        switch existingAccount(p, s) {
        case .failure(let e): return .failure(e)
        case .success(let a): me = a
        }
        var receive = Set<String>()
        var send = Set<String>()
        for line in s.state.lines(of: me.address) {
            let balance = line.holding(of: me.address)
            let isLow = line.low == me.address
            if balance < line.limit(of: me.address) { receive.insert(line.currency.description) }
            if (balance.negated) < (isLow ? line.highLimit : line.lowLimit) { send.insert(line.currency.description) }
        }
        return s.reply([
            "receive_currencies": .array(receive.sorted().map(JSONValue.string)),
            "send_currencies": .array(send.sorted().map(JSONValue.string)),
        ])
    }
}
