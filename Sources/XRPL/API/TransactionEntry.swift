/// One transaction with its outcome, as it appears in `ledger` (expanded) and `account_tx`.
///
/// The wire shape depends on the API version, the method and `binary`:
/// - v2 JSON: `{tx_json, hash, meta, ledger_index?, ledger_hash?, close_time_iso?, validated?}`
/// - v2 binary: `{tx_blob, meta_blob, hash?, ledger_index?, validated?}`
/// - v1 `ledger`: the transaction's fields merged with `hash` and `metaData`
/// - v1 `account_tx`: `{tx: {…fields, hash, ledger_index}, meta, validated}`
/// - v1 binary: `{tx_blob, meta: "<hex>", ledger_index?, validated?}`
///
/// All of them decode into this one model, with the transaction in `txJSON` and its hash in
/// `hash` (never inside `txJSON`), as v2 has it. Encoding writes v2, or v1 `ledger` style when
/// the encoder's API version is 1 (`AccountTxResponse` writes its own v1 style).
public struct TransactionEntry: Sendable, Hashable {
    /// The transaction (JSON mode).
    public var txJSON: JSONValue?
    /// Hex of the signed transaction (binary mode).
    public var txBlob: String?
    public var hash: String?
    /// Metadata (JSON mode). See `metadata` for a typed view.
    public var meta: JSONValue?
    /// Hex of the metadata (binary mode).
    public var metaBlob: String?
    public var ledgerHash: String?
    public var ledgerIndex: UInt32?
    public var closeTimeISO: String?
    public var validated: Bool?

    public init(
        txJSON: JSONValue? = nil, txBlob: String? = nil, hash: String? = nil, meta: JSONValue? = nil,
        metaBlob: String? = nil, ledgerHash: String? = nil, ledgerIndex: UInt32? = nil, closeTimeISO: String? = nil,
        validated: Bool? = nil
    ) {
        self.txJSON = txJSON
        self.txBlob = txBlob
        self.hash = hash
        self.meta = meta
        self.metaBlob = metaBlob
        self.ledgerHash = ledgerHash
        self.ledgerIndex = ledgerIndex
        self.closeTimeISO = closeTimeISO
        self.validated = validated
    }

    /// A typed view of `meta`.
    public var metadata: TransactionMetadata? { meta.map(TransactionMetadata.init) }

    // MARK: Reading any shape

    init(object o: [String: JSONValue]) throws {
        func uint32(_ v: JSONValue?) -> UInt32? { v.flatMap(Lenient.uint32) }
        var metaValue = o["meta"] ?? o["metaData"]
        if let blob = o["meta_blob"]?.stringValue {
            metaBlob = blob
        } else if case .string(let s)? = metaValue {
            // v1 binary mode puts the metadata hex under `meta`.
            metaBlob = s
            metaValue = nil
        }
        meta = metaValue
        hash = o["hash"]?.stringValue
        ledgerHash = o["ledger_hash"]?.stringValue
        ledgerIndex = uint32(o["ledger_index"])
        closeTimeISO = o["close_time_iso"]?.stringValue
        validated = o["validated"].flatMap(Lenient.bool)

        if let tx = o["tx_json"] {
            txJSON = tx
        } else if let tx = o["tx"], case .object(let txo) = tx {
            let (stripped, h) = TransactionShape.detachHash(tx)
            txJSON = stripped
            hash = hash ?? h
            ledgerIndex = ledgerIndex ?? uint32(txo["ledger_index"]) ?? uint32(txo["inLedger"])
        } else if let blob = o["tx_blob"]?.stringValue {
            txBlob = blob
        } else {
            let (tx, _) = TransactionShape.split(o)
            guard !tx.isEmpty else {
                throw XRPLError.malformedJSON("transaction entry has no tx_json, tx, tx_blob or transaction fields")
            }
            txJSON = .object(tx)
        }
    }

    // MARK: Writing

    /// v2: `tx_json` / `tx_blob` beside `hash`, `meta` / `meta_blob` and the ledger fields.
    public var v2JSON: JSONValue {
        var o: [String: JSONValue] = [:]
        if let txJSON { o["tx_json"] = txJSON }
        if let txBlob { o["tx_blob"] = .string(txBlob) }
        if let hash { o["hash"] = .string(hash) }
        if let meta { o["meta"] = meta }
        if let metaBlob { o["meta_blob"] = .string(metaBlob) }
        if let ledgerHash { o["ledger_hash"] = .string(ledgerHash) }
        if let ledgerIndex { o["ledger_index"] = .int(Int64(ledgerIndex)) }
        if let closeTimeISO { o["close_time_iso"] = .string(closeTimeISO) }
        if let validated { o["validated"] = .bool(validated) }
        return .object(o)
    }

    /// v1 `ledger` style: the transaction's fields, `hash` and `metaData` in one object
    /// (binary: `tx_blob` and hex `meta`).
    public var v1LedgerJSON: JSONValue {
        if let txBlob {
            var o: [String: JSONValue] = ["tx_blob": .string(txBlob)]
            if let metaBlob { o["meta"] = .string(metaBlob) }
            return .object(o)
        }
        var o = TransactionShape.attachHash(txJSON ?? .object([:]), hash: hash).objectValue ?? [:]
        if let meta { o["metaData"] = meta }
        return .object(o)
    }

    /// v1 `account_tx` style: `{tx: {…fields, hash, ledger_index}, meta, validated}`
    /// (binary: `{tx_blob, meta: "<hex>", ledger_index, validated}`).
    public var v1AccountTxJSON: JSONValue {
        var o: [String: JSONValue] = [:]
        if let txBlob {
            o["tx_blob"] = .string(txBlob)
            if let metaBlob { o["meta"] = .string(metaBlob) }
            if let ledgerIndex { o["ledger_index"] = .int(Int64(ledgerIndex)) }
        } else {
            var tx = TransactionShape.attachHash(txJSON ?? .object([:]), hash: hash).objectValue ?? [:]
            if let ledgerIndex {
                tx["ledger_index"] = .int(Int64(ledgerIndex))
                tx["inLedger"] = .int(Int64(ledgerIndex))
            }
            o["tx"] = .object(tx)
            if let meta { o["meta"] = meta }
        }
        if let validated { o["validated"] = .bool(validated) }
        return .object(o)
    }
}

extension TransactionEntry: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(object: decoder.jsonObject())
    }

    public func encode(to encoder: any Encoder) throws {
        let json = encoder.xrplAPIVersion == XRPLAPIVersion.v1 ? v1LedgerJSON : v2JSON
        try json.encode(to: encoder)
    }
}
