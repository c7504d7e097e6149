/// The type-specific part of the seven transaction types SeqWatch's workload sends.
public enum TransactionBody: Sendable, Hashable {
    case payment(destination: String, amount: Amount, destinationTag: UInt32? = nil, sendMax: Amount? = nil)
    case accountSet(setFlag: AccountSetFlag? = nil, clearFlag: AccountSetFlag? = nil, domain: [UInt8]? = nil, transferRate: UInt32? = nil)
    case trustSet(limit: Amount, qualityIn: UInt32? = nil, qualityOut: UInt32? = nil)
    case offerCreate(takerPays: Amount, takerGets: Amount, expiration: UInt32? = nil, offerSequence: UInt32? = nil)
    case offerCancel(offerSequence: UInt32)
    case escrowCreate(destination: String, amount: Amount, finishAfter: UInt32? = nil, cancelAfter: UInt32? = nil,
        condition: [UInt8]? = nil, destinationTag: UInt32? = nil)
    case escrowFinish(owner: String, offerSequence: UInt32, condition: [UInt8]? = nil, fulfillment: [UInt8]? = nil)

    public var transactionType: String {
        switch self {
        case .payment: return "Payment"
        case .accountSet: return "AccountSet"
        case .trustSet: return "TrustSet"
        case .offerCreate: return "OfferCreate"
        case .offerCancel: return "OfferCancel"
        case .escrowCreate: return "EscrowCreate"
        case .escrowFinish: return "EscrowFinish"
        }
    }

    public static let supportedTypes = ["Payment", "AccountSet", "TrustSet", "OfferCreate", "OfferCancel", "EscrowCreate", "EscrowFinish"]

    /// A no-op AccountSet: the cheapest way to consume (fill) a sequence number.
    public static let noOp = TransactionBody.accountSet()

    func addFields(to o: inout [String: JSONValue]) {
        func put(_ k: String, _ v: UInt32?) { if let v { o[k] = .int(Int64(v)) } }
        func put(_ k: String, _ v: [UInt8]?) { if let v { o[k] = .string(Hex.encode(v)) } }
        switch self {
        case .payment(let dest, let amount, let tag, let sendMax):
            o["Destination"] = .string(dest)
            o["Amount"] = amount.json
            put("DestinationTag", tag)
            if let sendMax { o["SendMax"] = sendMax.json }
        case .accountSet(let set, let clear, let domain, let rate):
            put("SetFlag", set?.rawValue)
            put("ClearFlag", clear?.rawValue)
            put("Domain", domain)
            put("TransferRate", rate)
        case .trustSet(let limit, let qIn, let qOut):
            o["LimitAmount"] = limit.json
            put("QualityIn", qIn)
            put("QualityOut", qOut)
        case .offerCreate(let pays, let gets, let exp, let seq):
            o["TakerPays"] = pays.json
            o["TakerGets"] = gets.json
            put("Expiration", exp)
            put("OfferSequence", seq)
        case .offerCancel(let seq):
            put("OfferSequence", seq)
        case .escrowCreate(let dest, let amount, let finish, let cancel, let cond, let tag):
            o["Destination"] = .string(dest)
            o["Amount"] = amount.json
            put("FinishAfter", finish)
            put("CancelAfter", cancel)
            put("Condition", cond)
            put("DestinationTag", tag)
        case .escrowFinish(let owner, let seq, let cond, let ful):
            o["Owner"] = .string(owner)
            put("OfferSequence", seq)
            put("Condition", cond)
            put("Fulfillment", ful)
        }
    }

    /// Parses the type-specific fields; `TransactionType` must be one of `supportedTypes`.
    init(json o: [String: JSONValue]) throws {
        guard let type = o["TransactionType"]?.stringValue else { throw XRPLError.missingField("TransactionType") }
        let f = FieldReader(o)
        switch type {
        case "Payment":
            // API v2 names the delivered amount DeliverMax; the binary field is Amount.
            guard let amount = o["Amount"] ?? o["DeliverMax"] else { throw XRPLError.missingField("Amount") }
            self = .payment(
                destination: try f.address("Destination"), amount: try Amount(json: amount),
                destinationTag: try f.uint32("DestinationTag"), sendMax: try f.amount("SendMax"))
        case "AccountSet":
            // Any value parses: rippled ignores the ones it does not define.
            func flag(_ k: String) throws -> AccountSetFlag? { try f.uint32(k).map { AccountSetFlag(rawValue: $0) } }
            self = .accountSet(setFlag: try flag("SetFlag"), clearFlag: try flag("ClearFlag"), domain: try f.blob("Domain"),
                transferRate: try f.uint32("TransferRate"))
        case "TrustSet":
            guard let limit = try f.amount("LimitAmount") else { throw XRPLError.missingField("LimitAmount") }
            self = .trustSet(limit: limit, qualityIn: try f.uint32("QualityIn"), qualityOut: try f.uint32("QualityOut"))
        case "OfferCreate":
            guard let pays = try f.amount("TakerPays") else { throw XRPLError.missingField("TakerPays") }
            guard let gets = try f.amount("TakerGets") else { throw XRPLError.missingField("TakerGets") }
            self = .offerCreate(takerPays: pays, takerGets: gets, expiration: try f.uint32("Expiration"), offerSequence: try f.uint32("OfferSequence"))
        case "OfferCancel":
            guard let seq = try f.uint32("OfferSequence") else { throw XRPLError.missingField("OfferSequence") }
            self = .offerCancel(offerSequence: seq)
        case "EscrowCreate":
            guard let amount = try f.amount("Amount") else { throw XRPLError.missingField("Amount") }
            self = .escrowCreate(
                destination: try f.address("Destination"), amount: amount, finishAfter: try f.uint32("FinishAfter"),
                cancelAfter: try f.uint32("CancelAfter"), condition: try f.blob("Condition"), destinationTag: try f.uint32("DestinationTag"))
        case "EscrowFinish":
            guard let seq = try f.uint32("OfferSequence") else { throw XRPLError.missingField("OfferSequence") }
            self = .escrowFinish(owner: try f.address("Owner"), offerSequence: seq, condition: try f.blob("Condition"), fulfillment: try f.blob("Fulfillment"))
        default:
            throw XRPLError.unknownTransactionType(type)
        }
    }
}

/// Typed reads from a transaction's JSON object, each failure naming the field.
struct FieldReader {
    let o: [String: JSONValue]
    init(_ o: [String: JSONValue]) { self.o = o }

    func uint32(_ k: String) throws -> UInt32? {
        guard let v = o[k] else { return nil }
        guard let n = v.uint64Value, n <= UInt64(UInt32.max) else {
            throw XRPLError.invalidFieldValue(field: k, reason: "expected an integer in 0...4294967295")
        }
        return UInt32(n)
    }

    func address(_ k: String) throws -> String {
        guard let v = o[k] else { throw XRPLError.missingField(k) }
        guard let s = v.stringValue else { throw XRPLError.invalidFieldValue(field: k, reason: "expected an address") }
        do {
            _ = try AddressCodec.decodeClassicAddress(s)
        } catch let e as XRPLError {
            throw XRPLError.invalidFieldValue(field: k, reason: e.description)
        }
        return s
    }

    func amount(_ k: String) throws -> Amount? {
        guard let v = o[k] else { return nil }
        return try Amount(json: v, field: k)
    }

    func blob(_ k: String) throws -> [UInt8]? {
        guard let v = o[k] else { return nil }
        guard let s = v.stringValue else { throw XRPLError.invalidFieldValue(field: k, reason: "expected hex") }
        do { return try Hex.decode(s) } catch let e as XRPLError { throw XRPLError.invalidFieldValue(field: k, reason: e.description) }
    }
}
