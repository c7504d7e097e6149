import XRPL

/// Where an object lives in `LedgerState`: the key its own tree uses. Recorded by `ApplyView`
/// for every write at close, so a store learns which entries a ledger changed without
/// comparing whole states.
package enum StateKey: Hashable, Sendable {
    case account(String)
    case line(LineKey)
    case offer(OwnedKey)
    case escrow(OwnedKey)
}

/// One object of the state tree, of whichever kind, as persistence moves it.
package enum StateEntry: Sendable, Equatable {
    case account(AccountEntry)
    case line(TrustLine)
    case offer(Offer)
    case escrow(Escrow)

    /// The object's ledger index (keylet): the key a store files it under.
    package var index: String {
        switch self {
        case .account(let e): e.index
        case .line(let e): e.index
        case .offer(let e): e.index
        case .escrow(let e): e.index
        }
    }

    /// rippled's JSON of the object (`ledger_entry`'s shape): what a store writes, readable with
    /// any SQLite shell, and what `init(json:)` reads back. An Escrow also carries the Sequence
    /// of its EscrowCreate: rippled derives the escrow's index from it but keeps it out of the
    /// object, and the simulator keys escrows by it.
    package var json: JSONValue {
        switch self {
        case .account(let e): return e.json
        case .line(let e): return e.json
        case .offer(let e): return e.json
        case .escrow(let e):
            guard case .object(var o) = e.json else { return e.json }
            o["Sequence"] = .int(Int64(e.sequence))
            return .object(o)
        }
    }

    /// `json` as text. AccountRoots, most of every ledger's changes, are written directly (their
    /// values are numbers, an address and hex, none needing escapes), ~10× quicker than
    /// building and serialising the dictionary; the result is the same JSON (tested).
    package var jsonText: String {
        guard case .account(let a) = self, a.optionalFields.isEmpty else { return json.serialized() }
        var out = "{\"Account\":\"\(a.address)\",\"Balance\":\"\(a.balance)\",\"Flags\":\(a.flags),\"LedgerEntryType\":\"AccountRoot\","
        out += "\"OwnerCount\":\(a.ownerCount),"
        if let p = a.previousTxnID { out += "\"PreviousTxnID\":\"\(p)\"," }
        if let p = a.previousTxnLgrSeq { out += "\"PreviousTxnLgrSeq\":\(p)," }
        out += "\"Sequence\":\(a.sequence),\"index\":\"\(a.index)\"}"
        return out
    }

    /// Reads an object written by `json`. Throws on anything else, so a damaged row stops a
    /// restore instead of resurrecting a wrong balance.
    package init(json: JSONValue) throws {
        guard case .object(let o) = json, let type = o["LedgerEntryType"]?.stringValue else {
            throw StateEntryError("not a ledger object")
        }
        let r = FieldReader(o, type: type)
        switch type {
        case "AccountRoot":
            let address = try r.string("Account")
            var e = AccountEntry(
                address: address, accountID: try AddressCodec.decodeClassicAddress(address), balance: try r.uint64("Balance"),
                sequence: try r.uint32("Sequence"))
            e.ownerCount = try r.uint32("OwnerCount")
            e.flags = try r.uint32("Flags")
            (e.previousTxnID, e.previousTxnLgrSeq) = try r.previousTxn()
            for k in AccountEntry.optionalFieldNames { e.optionalFields[k] = o[k] }
            self = .account(e)
        case "RippleState":
            let (low, lowLimit, currency) = try r.issued("LowLimit")
            let (high, highLimit, _) = try r.issued("HighLimit")
            let flags = try r.uint32("Flags")
            var e = TrustLine(low: low, high: high, currency: currency, index: try r.string("index"))
            e.balance = try r.issued("Balance").value
            (e.lowLimit, e.highLimit) = (lowLimit, highLimit)
            e.lowReserve = flags & TrustLine.lowReserveFlag != 0
            e.highReserve = flags & TrustLine.highReserveFlag != 0
            e.flags = flags & ~(TrustLine.lowReserveFlag | TrustLine.highReserveFlag)
            (e.previousTxnID, e.previousTxnLgrSeq) = try r.previousTxn()
            self = .line(e)
        case "Offer":
            var e = Offer(
                owner: try r.string("Account"), sequence: try r.uint32("Sequence"), index: try r.string("index"),
                takerPays: try Amount(json: r.value("TakerPays"), field: "TakerPays"),
                takerGets: try Amount(json: r.value("TakerGets"), field: "TakerGets"),
                expiration: try r.optionalUInt32("Expiration"), flags: try r.uint32("Flags"))
            (e.previousTxnID, e.previousTxnLgrSeq) = try r.previousTxn()
            self = .offer(e)
        case "Escrow":
            var e = Escrow(
                owner: try r.string("Account"), sequence: try r.uint32("Sequence"), index: try r.string("index"),
                destination: try r.string("Destination"), amount: try r.uint64("Amount"),
                finishAfter: try r.optionalUInt32("FinishAfter"), cancelAfter: try r.optionalUInt32("CancelAfter"),
                condition: try o["Condition"]?.stringValue.map { try Hex.decode($0) },
                destinationTag: try r.optionalUInt32("DestinationTag"))
            (e.previousTxnID, e.previousTxnLgrSeq) = try r.previousTxn()
            self = .escrow(e)
        default:
            throw StateEntryError("unknown LedgerEntryType \(type)")
        }
    }

    /// Every object in a state, for the first write of a new store.
    package static func all(in state: LedgerState) -> [StateEntry] {
        var out: [StateEntry] = []
        out.reserveCapacity(state.accounts.count + state.lines.count + state.offers.count + state.escrows.count)
        out += state.accounts.values.map(StateEntry.account)
        out += state.lines.values.map(StateEntry.line)
        out += state.offers.values.map(StateEntry.offer)
        out += state.escrows.values.map(StateEntry.escrow)
        return out
    }
}

/// A state that a store read back, rebuilt through the same insertions transactors use, so
/// derived indexes (lines per account) come out as they were.
extension LedgerState {
    package init(entries: [StateEntry], totalCoins: UInt64) {
        self.init()
        self.totalCoins = totalCoins
        for entry in entries {
            switch entry {
            case .account(let e): putAccount(e)
            case .line(let e): putLine(e)
            case .offer(let e): putOffer(e)
            case .escrow(let e): putEscrow(e)
            }
        }
    }

    /// The object at `key`, if it exists in this state.
    package func entry(at key: StateKey) -> StateEntry? {
        switch key {
        case .account(let a): accounts[a].map(StateEntry.account)
        case .line(let k): lines[k].map(StateEntry.line)
        case .offer(let k): offers[k].map(StateEntry.offer)
        case .escrow(let k): escrows[k].map(StateEntry.escrow)
        }
    }
}

/// A stored object that does not read back as one.
package struct StateEntryError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

/// Typed field access over a ledger object's JSON, each failure naming the field.
private struct FieldReader {
    let o: [String: JSONValue]
    let type: String

    init(_ o: [String: JSONValue], type: String) {
        self.o = o
        self.type = type
    }

    func value(_ f: String) throws -> JSONValue {
        guard let v = o[f] else { throw StateEntryError("\(type) without \(f)") }
        return v
    }

    func string(_ f: String) throws -> String {
        guard let s = try value(f).stringValue else { throw StateEntryError("\(type).\(f) is not a string") }
        return s
    }

    func uint64(_ f: String) throws -> UInt64 {
        let v = try value(f)
        guard let n = v.uint64Value ?? v.stringValue.flatMap({ UInt64($0) }) else { throw StateEntryError("\(type).\(f) is not a number") }
        return n
    }

    func uint32(_ f: String) throws -> UInt32 {
        guard let n = UInt32(exactly: try uint64(f)) else { throw StateEntryError("\(type).\(f) is out of range") }
        return n
    }

    func optionalUInt32(_ f: String) throws -> UInt32? { o[f] == nil ? nil : try uint32(f) }

    func issued(_ f: String) throws -> (issuer: String, value: IssuedValue, currency: CurrencyCode) {
        let v = try value(f)
        guard let issuer = v["issuer"]?.stringValue, let value = v["value"]?.stringValue, let currency = v["currency"]?.stringValue else {
            throw StateEntryError("\(type).\(f) is not an issued amount")
        }
        return (issuer, try IssuedValue(parsing: value), try CurrencyCode(currency))
    }

    func previousTxn() throws -> (String?, UInt32?) {
        (o["PreviousTxnID"]?.stringValue, try optionalUInt32("PreviousTxnLgrSeq"))
    }
}
