/// A transaction of one of the seven workload types: the common fields every transaction has
/// plus a typed body. Converts to and from rippled's JSON (`tx_json`), which the binary codec
/// turns into bytes.
public struct Transaction: Sendable, Hashable {
    public var account: String
    public var body: TransactionBody
    /// Fee in drops.
    public var fee: UInt64
    public var sequence: UInt32
    public var flags: UInt32?
    public var sourceTag: UInt32?
    public var lastLedgerSequence: UInt32?
    public var memos: [Memo]
    public var networkID: UInt32?
    public var ticketSequence: UInt32?
    public var signingPubKey: [UInt8]?
    public var txnSignature: [UInt8]?

    public init(
        account: String, body: TransactionBody, fee: UInt64 = 10, sequence: UInt32, flags: UInt32? = nil,
        sourceTag: UInt32? = nil, lastLedgerSequence: UInt32? = nil, memos: [Memo] = [], networkID: UInt32? = nil,
        ticketSequence: UInt32? = nil, signingPubKey: [UInt8]? = nil, txnSignature: [UInt8]? = nil
    ) {
        self.account = account
        self.body = body
        self.fee = fee
        self.sequence = sequence
        self.flags = flags
        self.sourceTag = sourceTag
        self.lastLedgerSequence = lastLedgerSequence
        self.memos = memos
        self.networkID = networkID
        self.ticketSequence = ticketSequence
        self.signingPubKey = signingPubKey
        self.txnSignature = txnSignature
    }

    public var transactionType: String { body.transactionType }

    /// rippled's `tx_json` shape: field names as in definitions.json, drops as strings, blobs hex.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "TransactionType": .string(body.transactionType),
            "Account": .string(account),
            "Fee": .string(String(fee)),
            "Sequence": .int(Int64(sequence)),
        ]
        func put(_ k: String, _ v: UInt32?) { if let v { o[k] = .int(Int64(v)) } }
        put("Flags", flags)
        put("SourceTag", sourceTag)
        put("LastLedgerSequence", lastLedgerSequence)
        put("NetworkID", networkID)
        put("TicketSequence", ticketSequence)
        if !memos.isEmpty { o["Memos"] = .array(memos.map(\.json)) }
        if let signingPubKey { o["SigningPubKey"] = .string(Hex.encode(signingPubKey)) }
        if let txnSignature { o["TxnSignature"] = .string(Hex.encode(txnSignature)) }
        body.addFields(to: &o)
        return .object(o)
    }

    /// Parses a transaction JSON object. Unknown transaction types and missing or malformed
    /// fields throw with the field named.
    public init(json: JSONValue) throws {
        try self.init(json: json, replacingBodyWith: nil)
    }

    /// Reads the common fields, and takes `body` instead of parsing the type's own fields when it
    /// is given: a server answering a type it does not model with an engine result, as rippled
    /// answers a disabled type, still needs the account, fee and sequence.
    public init(json: JSONValue, replacingBodyWith replacement: TransactionBody?) throws {
        guard case .object(var o) = json else { throw XRPLError.malformedJSON("a transaction must be a JSON object") }
        // Resolve X-addresses the same way the codec does, so typed and JSON paths agree.
        if let decoded = try? BinaryCodec.normalizeAddresses(.object(o)), case .object(let n) = decoded { o = n }
        let f = FieldReader(o)
        if let replacement { body = replacement } else { body = try TransactionBody(json: o) }
        account = try f.address("Account")
        guard let feeValue = o["Fee"] else { throw XRPLError.missingField("Fee") }
        let feeAmount = try Amount(json: feeValue, field: "Fee")
        guard let drops = feeAmount.drops else { throw XRPLError.invalidFieldValue(field: "Fee", reason: "the fee is paid in XRP drops") }
        fee = drops
        guard let seq = try f.uint32("Sequence") else { throw XRPLError.missingField("Sequence") }
        sequence = seq
        flags = try f.uint32("Flags")
        sourceTag = try f.uint32("SourceTag")
        lastLedgerSequence = try f.uint32("LastLedgerSequence")
        networkID = try f.uint32("NetworkID")
        ticketSequence = try f.uint32("TicketSequence")
        signingPubKey = try f.blob("SigningPubKey")
        txnSignature = try f.blob("TxnSignature")
        if let m = o["Memos"] {
            guard let items = m.arrayValue else { throw XRPLError.invalidFieldValue(field: "Memos", reason: "expected an array") }
            memos = try items.map(Memo.init(json:))
        } else {
            memos = []
        }
    }

    /// Decodes a blob into a typed transaction.
    public init(blob: [UInt8]) throws {
        try self.init(json: BinaryCodec.decode(blob))
    }
}

extension BinaryCodec {
    /// Replaces X-addresses in Account/Destination with classic addresses plus tag fields.
    static func normalizeAddresses(_ json: JSONValue) throws -> JSONValue {
        guard case .object(var o) = json else { return json }
        for (addressField, tagField) in [("Account", "SourceTag"), ("Destination", "DestinationTag")] {
            guard let s = o[addressField]?.stringValue, AddressCodec.isXAddress(s) else { continue }
            let x = try AddressCodec.decodeXAddress(s)
            o[addressField] = .string(x.classicAddress)
            if let tag = x.tag { o[tagField] = .int(Int64(tag)) }
        }
        return .object(o)
    }
}
