/// `tx`: look up one transaction by hash (or CTID).
///
/// With `min_ledger`/`max_ledger` (a range of at most 1000), a `txnNotFound` error also says
/// whether the server searched the whole range (`searched_all`), which is how a client proves a
/// transaction past its LastLedgerSequence will never appear.
public struct TxRequest: RPCRequest, Hashable {
    public typealias Response = TxResponse
    public static let command = "tx"

    public var transaction: String?
    public var ctid: String?
    public var binary: Bool?
    public var minLedger: UInt32?
    public var maxLedger: UInt32?

    public init(transaction: String, binary: Bool? = nil, minLedger: UInt32? = nil, maxLedger: UInt32? = nil) {
        self.transaction = transaction
        self.binary = binary
        self.minLedger = minLedger
        self.maxLedger = maxLedger
    }

    public init(ctid: String, binary: Bool? = nil) {
        self.ctid = ctid
        self.binary = binary
    }

    enum CodingKeys: String, CodingKey {
        case transaction, ctid, binary
        case minLedger = "min_ledger"
        case maxLedger = "max_ledger"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transaction = try c.decodeIfPresent(String.self, forKey: .transaction)
        ctid = try c.decodeIfPresent(String.self, forKey: .ctid)
        binary = try c.lenientBoolIfPresent(.binary)
        minLedger = try c.lenientUInt32IfPresent(.minLedger)
        maxLedger = try c.lenientUInt32IfPresent(.maxLedger)
    }
}

/// The `tx` result.
///
/// v2: `{tx_json, hash, meta?, validated, ledger_index?, ledger_hash?, close_time_iso?, ctid?}`.
/// v1: the transaction's fields at the top level beside `hash`, `inLedger`, `ledger_index`,
/// `meta`, `validated`; decoding moves them into `txJSON`, so callers see one shape.
///
/// A transaction the server knows but has not put in a closed ledger (queued, held, or only in
/// the open ledger) comes back with no `meta` and `validated: false`. Finality needs
/// `validated == true` and `meta.TransactionResult`.
public struct TxResponse: Sendable, Hashable {
    public var txJSON: JSONValue?
    /// Binary mode.
    public var txBlob: String?
    public var hash: String
    public var meta: JSONValue?
    /// Binary mode.
    public var metaBlob: String?
    public var validated: Bool
    /// Only when validated (v2).
    public var ledgerIndex: UInt32?
    public var ledgerHash: String?
    /// Only when validated (v2).
    public var closeTimeISO: String?
    public var ctid: String?

    public init(
        txJSON: JSONValue? = nil, txBlob: String? = nil, hash: String, meta: JSONValue? = nil, metaBlob: String? = nil,
        validated: Bool, ledgerIndex: UInt32? = nil, ledgerHash: String? = nil, closeTimeISO: String? = nil,
        ctid: String? = nil
    ) {
        self.txJSON = txJSON
        self.txBlob = txBlob
        self.hash = hash
        self.meta = meta
        self.metaBlob = metaBlob
        self.validated = validated
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.closeTimeISO = closeTimeISO
        self.ctid = ctid
    }

    /// A typed view of `meta`.
    public var metadata: TransactionMetadata? { meta.map(TransactionMetadata.init) }

    /// The final result code if, and only if, the outcome is final.
    public var finalResult: String? { validated ? metadata?.transactionResult : nil }
}

extension TxResponse: Codable {
    public init(from decoder: any Decoder) throws {
        let o = try decoder.jsonObject()
        func uint32(_ k: String) -> UInt32? { o[k].flatMap(Lenient.uint32) }
        if let tx = o["tx_json"] {
            txJSON = tx
        } else if o["tx_blob"] == nil {
            let (tx, _) = TransactionShape.split(o)
            txJSON = tx.isEmpty ? nil : .object(tx)
        }
        txBlob = o["tx_blob"]?.stringValue
        guard let hash = o["hash"]?.stringValue ?? txJSON?["hash"]?.stringValue else {
            throw DecodingError.keyNotFound(
                AnyCodingKey("hash"), .init(codingPath: decoder.codingPath, debugDescription: "tx result has no hash"))
        }
        self.hash = hash
        switch o["meta"] {
        case .string(let s)?: metaBlob = s  // v1 binary
        case let m?: meta = m
        case nil: meta = nil
        }
        if let blob = o["meta_blob"]?.stringValue { metaBlob = blob }
        validated = o["validated"].flatMap(Lenient.bool) ?? false
        ledgerIndex = uint32("ledger_index") ?? uint32("inLedger")
        ledgerHash = o["ledger_hash"]?.stringValue
        closeTimeISO = o["close_time_iso"]?.stringValue
        ctid = o["ctid"]?.stringValue
    }

    public func encode(to encoder: any Encoder) throws {
        var o: [String: JSONValue] = [:]
        let v1 = encoder.xrplAPIVersion == XRPLAPIVersion.v1
        if v1, let tx = txJSON?.objectValue {
            o = tx
            if let ledgerIndex { o["inLedger"] = .int(Int64(ledgerIndex)) }
        } else if let txJSON {
            o["tx_json"] = txJSON
        }
        if let txBlob { o["tx_blob"] = .string(txBlob) }
        o["hash"] = .string(hash)
        if let meta { o["meta"] = meta }
        if let metaBlob { o[v1 ? "meta" : "meta_blob"] = .string(metaBlob) }
        o["validated"] = .bool(validated)
        if let ledgerIndex { o["ledger_index"] = .int(Int64(ledgerIndex)) }
        if let ledgerHash { o["ledger_hash"] = .string(ledgerHash) }
        if let closeTimeISO { o["close_time_iso"] = .string(closeTimeISO) }
        if let ctid { o["ctid"] = .string(ctid) }
        try JSONValue.object(o).encode(to: encoder)
    }
}
