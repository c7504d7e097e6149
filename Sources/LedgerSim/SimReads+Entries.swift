import XRPL

/// ledger_entry and ledger_data.
extension SimReads {
    static let entryNotFound = RPCError(token: "entryNotFound", code: 98, message: "Entry not found.")
    static let unexpectedLedgerType = RPCError(token: "unexpectedLedgerType", code: 99, message: "Unexpected ledger type.")

    /// A ledger_entry field error as `LedgerEntryHelpers::invalidFieldError` writes it: its own
    /// token, no code.
    static func fieldError(_ token: String, _ field: String, _ type: String) -> RPCError {
        RPCError(token: token, message: "Invalid field '\(field)', not \(type).")
    }

    /// The selectors served, in the order rippled's parser table tries them.
    static let entrySelectors = ["index", "account_root", "ripple_state", "offer", "escrow"]
    /// Selectors rippled knows for objects the simulator never has: valid, always entryNotFound.
    static let unmodelledSelectors: Set<String> = [
        "amendments", "amm", "bridge", "check", "credential", "delegate", "deposit_preauth", "did", "directory", "fee", "hashes",
        "mpt_issuance", "mptoken", "nft_offer", "nft_page", "nunl", "oracle", "payment_channel", "permissioned_domain",
        "signer_list", "ticket", "vault", "xchain_owned_claim_id", "xchain_owned_create_account_claim_id",
    ]

    /// rippled's `doLedgerEntry` (LedgerEntry.cpp) for the object types the simulator models.
    static func ledgerEntry(_ params: Params, apiVersion: Int, _ s: LedgerSnapshot) -> Reply {
        let present = entrySelectors.filter { params[$0] != nil } + unmodelledSelectors.filter { params[$0] != nil }
        guard present.count <= 1 else { return .failure(RPCError(.invalidParams, message: "Too many fields provided.")) }
        guard let selector = present.first else {
            if apiVersion < 2 { return .failure(RPCError(token: "unknownOption")) }
            return .failure(RPCError(.invalidParams, message: "No ledger_entry params provided."))
        }
        if unmodelledSelectors.contains(selector) { return .failure(entryNotFound) }
        let v = params[selector]!
        let index: String
        var expected: String?
        switch entryIndex(selector, v, s.state) {
        case .failure(let e): return .failure(e)
        case .success(let (i, t)): (index, expected) = (i, t)
        }
        guard let entry = s.state.entry(index: index) else { return .failure(entryNotFound) }
        if let expected, entryType(entry) != expected { return .failure(unexpectedLedgerType) }
        let json = objectJSON(entry, state: s.state)
        if params["binary"]?.boolValue == true {
            guard let hex = objectBinary(json) else { return .failure(RPCError(.internal)) }
            return s.reply(["index": .string(index), "node_binary": .string(hex)])
        }
        return s.reply(["index": .string(index), "node": json])
    }

    /// The ledger index a selector names, and the type it must have.
    private static func entryIndex(_ selector: String, _ v: JSONValue, _ state: LedgerState) -> Result<(String, String?), RPCError> {
        switch selector {
        case "index":
            guard let i = RPCParams.hash256(v) else { return .failure(fieldError("malformedRequest", "index", "hex string")) }
            return .success((i, nil))
        case "account_root":
            guard let a = v.stringValue, a.utf8.count <= 64, let id = try? AddressCodec.decodeClassicAddress(a) else {
                return .failure(fieldError("malformedAddress", "account_root", "AccountID"))
            }
            return .success((Keylet.account(id), "AccountRoot"))
        case "ripple_state":
            guard case .object(let o) = v else { return .failure(RPCParams.expected("ripple_state", "object")) }
            guard let accounts = o["accounts"] else { return .failure(RPCParams.missing("accounts")) }
            guard let currencyField = o["currency"] else { return .failure(RPCParams.missing("currency")) }
            guard let list = accounts.arrayValue, list.count == 2 else {
                return .failure(fieldError("malformedRequest", "accounts", "length-2 array of Accounts"))
            }
            let ids = list.compactMap { j -> (String, [UInt8])? in
                guard let a = j.stringValue, a.utf8.count <= 64, let id = try? AddressCodec.decodeClassicAddress(a) else { return nil }
                return (a, id)
            }
            guard ids.count == 2 else { return .failure(fieldError("malformedAddress", "accounts", "array of Accounts")) }
            guard ids[0].1 != ids[1].1 else {
                return .failure(RPCError(token: "malformedRequest", message: "Cannot have a trustline to self."))
            }
            guard let ctext = currencyField.stringValue, !ctext.isEmpty, ctext.utf8.count <= 40, let currency = try? CurrencyCode(ctext),
                !currency.isXRP
            else { return .failure(fieldError("malformedCurrency", "currency", "Currency")) }
            let low = ids[0].1.lexicographicallyPrecedes(ids[1].1) ? ids[0].1 : ids[1].1
            let high = low == ids[0].1 ? ids[1].1 : ids[0].1
            return .success((Keylet.line(low: low, high: high, currency: currency), "RippleState"))
        case "offer", "escrow":
            let ownerField = selector == "offer" ? "account" : "owner"
            if case .object(let o) = v {
                let seqField = "seq"
                guard let a = o[ownerField]?.stringValue, a.utf8.count <= 64, let id = try? AddressCodec.decodeClassicAddress(a) else {
                    return .failure(fieldError(selector == "offer" ? "malformedAddress" : "malformedOwner", ownerField, "AccountID"))
                }
                guard let seq = o[seqField].flatMap({ $0.uint64Value }).flatMap({ UInt32(exactly: $0) }) else {
                    return .failure(fieldError("malformedRequest", seqField, "number"))
                }
                let index = selector == "offer" ? Keylet.offer(id, seq) : Keylet.escrow(id, seq)
                return .success((index, selector == "offer" ? "Offer" : "Escrow"))
            }
            guard let i = RPCParams.hash256(v) else { return .failure(fieldError("malformedRequest", selector, "hex string")) }
            return .success((i, selector == "offer" ? "Offer" : "Escrow"))
        default:
            return .failure(RPCError(.invalidParams))
        }
    }

    /// ledger_data's `type` values (`chooseLedgerEntryType`), mapped to the modelled types;
    /// nil means a valid type the simulator holds none of.
    static let ledgerDataTypes: [String: String?] = accountObjectTypes.merging([
        "account": "AccountRoot", "amendments": nil, "directory": nil, "fee": nil, "hashes": nil, "nunl": nil,
    ]) { a, _ in a }

    /// rippled's `doLedgerData` (LedgerData.cpp): the state in pages of at most 256 objects
    /// (2048 with `binary`). As in rippled, `limit` counts objects visited, the type filter
    /// applying after, so a filtered page may be short but never walks further. The
    /// simulator's walk order is its object index's, not rippled's key order; the marker is
    /// the last object's index and must name an object of this ledger. The first page carries
    /// the ledger header, as rippled's.
    static func ledgerData(_ params: Params, apiVersion: Int, _ s: LedgerSnapshot) -> Reply {
        let binary = params["binary"]?.boolValue ?? false
        let maxLimit = binary ? 2048 : 256
        var limit = maxLimit
        if let l = params["limit"] {
            guard let n = l.int64Value, l.stringValue == nil else { return .failure(RPCParams.expected("limit", "integer")) }
            limit = Int(min(Int64(maxLimit), max(0, n)))
        }
        var after: String?
        if let m = params["marker"] {
            guard let index = RPCParams.hash256(m) else { return .failure(RPCParams.invalid("marker")) }
            guard s.state.hasObject(index: index) else { return .failure(RPCParams.invalid("marker")) }
            after = index
        }
        var wanted: String??
        if let t = params["type"] {
            guard let name = t.stringValue, let mapped = ledgerDataTypes[name.lowercased()] else { return .failure(RPCParams.invalid("type")) }
            wanted = .some(mapped)
        }
        let (items, more) = s.state.objects(after: after, limit: limit)
        var state: [JSONValue] = []
        for (index, key) in items {
            guard let entry = s.state.entry(at: key) else { continue }
            if let wanted, wanted != entryType(entry) { continue }
            let json = objectJSON(entry, state: s.state)
            if binary {
                guard let hex = objectBinary(json) else { continue }
                state.append(.object(["data": .string(hex), "index": .string(index)]))
            } else {
                state.append(json)
            }
        }
        var out: [String: JSONValue] = ["state": .array(state)]
        if more, let last = items.last { out["marker"] = .string(last.0) }
        if after == nil {
            if let l = s.closed {
                out["ledger"] = binary
                    ? .object(["closed": true, "ledger_data": .string(ledgerHeaderBinary(l))])
                    : .object(SimAPI.ledgerHeader(l, apiVersion: apiVersion))
            } else {
                out["ledger"] = .object(["closed": false, "ledger_index": apiVersion >= 2 ? .int(Int64(s.ledgerIndex)) : .string(String(s.ledgerIndex))])
            }
        }
        return s.reply(out)
    }

    /// rippled's serialised ledger header (`addRaw`): seq, drops, parent hash, tx hash, account
    /// hash, parent close time, close time, resolution, close flags.
    static func ledgerHeaderBinary(_ l: ClosedLedger) -> String {
        var b: [UInt8] = l.index.bigEndianBytes
        for i in (0..<8).reversed() { b.append(UInt8(truncatingIfNeeded: l.totalCoins >> (8 * UInt64(i)))) }
        for h in [l.parentHash, l.transactionHash, l.accountHash] { b += (try? Hex.decode(h)) ?? [UInt8](repeating: 0, count: 32) }
        b += l.parentCloseTime.bigEndianBytes + l.closeTime.bigEndianBytes
        b.append(UInt8(truncatingIfNeeded: l.closeTimeResolution))
        b.append(0)
        return Hex.encode(b)
    }
}
