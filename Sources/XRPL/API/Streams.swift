/// A `ledger` stream message (`type: "ledgerClosed"`), sent when a ledger becomes validated
/// (each `ledger_accept` in standalone). Fees and reserves are drops, times Ripple-epoch seconds.
public struct LedgerClosedMessage: Sendable, Hashable {
    public static let type = "ledgerClosed"

    public var ledgerIndex: UInt32
    public var ledgerHash: String
    public var ledgerTime: UInt32
    public var feeBase: UInt64
    /// Omitted once the XRPFees amendment is enabled.
    public var feeRef: UInt64?
    public var reserveBase: UInt64
    public var reserveInc: UInt64
    public var txnCount: Int
    /// Only when the server is at least syncing.
    public var validatedLedgers: String?
    public var networkID: UInt32?

    public init(
        ledgerIndex: UInt32, ledgerHash: String, ledgerTime: UInt32, feeBase: UInt64, feeRef: UInt64? = nil,
        reserveBase: UInt64, reserveInc: UInt64, txnCount: Int, validatedLedgers: String? = nil,
        networkID: UInt32? = nil
    ) {
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.ledgerTime = ledgerTime
        self.feeBase = feeBase
        self.feeRef = feeRef
        self.reserveBase = reserveBase
        self.reserveInc = reserveInc
        self.txnCount = txnCount
        self.validatedLedgers = validatedLedgers
        self.networkID = networkID
    }

    enum CodingKeys: String, CodingKey {
        case type
        case ledgerIndex = "ledger_index"
        case ledgerHash = "ledger_hash"
        case ledgerTime = "ledger_time"
        case feeBase = "fee_base"
        case feeRef = "fee_ref"
        case reserveBase = "reserve_base"
        case reserveInc = "reserve_inc"
        case txnCount = "txn_count"
        case validatedLedgers = "validated_ledgers"
        case networkID = "network_id"
    }
}

extension LedgerClosedMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerIndex = try c.lenientUInt32(.ledgerIndex)
        ledgerHash = try c.decode(String.self, forKey: .ledgerHash)
        ledgerTime = try c.lenientUInt32IfPresent(.ledgerTime) ?? 0
        feeBase = try c.lenientUInt64IfPresent(.feeBase) ?? 0
        feeRef = try c.lenientUInt64IfPresent(.feeRef)
        reserveBase = try c.lenientUInt64IfPresent(.reserveBase) ?? 0
        reserveInc = try c.lenientUInt64IfPresent(.reserveInc) ?? 0
        txnCount = try c.lenientIntIfPresent(.txnCount) ?? 0
        validatedLedgers = try c.decodeIfPresent(String.self, forKey: .validatedLedgers)
        networkID = try c.lenientUInt32IfPresent(.networkID)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.type, forKey: .type)
        try c.encode(ledgerIndex, forKey: .ledgerIndex)
        try c.encode(ledgerHash, forKey: .ledgerHash)
        try c.encode(ledgerTime, forKey: .ledgerTime)
        try c.encode(feeBase, forKey: .feeBase)
        try c.encodeIfPresent(feeRef, forKey: .feeRef)
        try c.encode(reserveBase, forKey: .reserveBase)
        try c.encode(reserveInc, forKey: .reserveInc)
        try c.encode(txnCount, forKey: .txnCount)
        try c.encodeIfPresent(validatedLedgers, forKey: .validatedLedgers)
        try c.encodeIfPresent(networkID, forKey: .networkID)
    }
}

/// A transaction stream message (`type: "transaction"`), from the `transactions` /
/// `transactions_proposed` streams and `accounts` / `accounts_proposed` subscriptions.
///
/// v2 carries `tx_json` + `hash`; v1 carries `transaction` (with `hash` inside). Both decode
/// into `txJSON` + `hash`. Validated messages (`status: "closed"`) have `meta`, `ledger_index`
/// and `ledger_hash`; proposed ones (`status: "proposed"`, `validated: false`) have
/// `ledger_current_index` and no meta.
public struct TransactionStreamMessage: Sendable, Hashable {
    public static let type = "transaction"

    public var engineResult: String
    public var engineResultCode: Int
    public var engineResultMessage: String
    public var hash: String
    public var txJSON: JSONValue
    public var ledgerIndex: UInt32?
    public var ledgerHash: String?
    public var ledgerCurrentIndex: UInt32?
    public var validated: Bool
    /// "closed" for validated transactions, "proposed" for open-ledger ones.
    public var status: String?
    public var meta: JSONValue?
    public var closeTimeISO: String?
    public var ctid: String?

    public init(
        engineResult: String, engineResultCode: Int, engineResultMessage: String, hash: String, txJSON: JSONValue,
        ledgerIndex: UInt32? = nil, ledgerHash: String? = nil, ledgerCurrentIndex: UInt32? = nil, validated: Bool,
        status: String? = nil, meta: JSONValue? = nil, closeTimeISO: String? = nil, ctid: String? = nil
    ) {
        self.engineResult = engineResult
        self.engineResultCode = engineResultCode
        self.engineResultMessage = engineResultMessage
        self.hash = hash
        self.txJSON = txJSON
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.ledgerCurrentIndex = ledgerCurrentIndex
        self.validated = validated
        self.status = status
        self.meta = meta
        self.closeTimeISO = closeTimeISO
        self.ctid = ctid
    }

    /// A typed view of `meta`.
    public var metadata: TransactionMetadata? { meta.map(TransactionMetadata.init) }
    /// The sending account (`tx_json.Account`).
    public var account: String? { txJSON["Account"]?.stringValue }
    /// The transaction's own Sequence (0 for ticket-based transactions).
    public var sequence: UInt32? { txJSON["Sequence"].flatMap(Lenient.uint32) }
}

extension TransactionStreamMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let o = try decoder.jsonObject()
        let path = decoder.codingPath
        try self.init(object: o) { k in
            DecodingError.keyNotFound(AnyCodingKey(k), .init(codingPath: path, debugDescription: "transaction message has no \(k)"))
        }
    }

    /// Straight from parsed JSON, without a round trip through `JSONDecoder`: the workload reads
    /// one of these per validated transaction, so this is on its hottest path.
    public init(json: JSONValue) throws {
        guard case .object(let o) = json else { throw XRPLError.malformedJSON("transaction message is not an object") }
        try self.init(object: o) { k in XRPLError.malformedJSON("transaction message has no \(k)") }
    }

    init(object o: [String: JSONValue], missing: (String) -> any Error) throws {
        func uint32(_ k: String) -> UInt32? { o[k].flatMap(Lenient.uint32) }
        var hash = o["hash"]?.stringValue
        if let tx = o["tx_json"] {
            txJSON = tx
        } else if let tx = o["transaction"] {
            let (stripped, h) = TransactionShape.detachHash(tx)
            txJSON = stripped
            hash = hash ?? h
        } else {
            throw missing("tx_json")
        }
        guard let hash else { throw missing("hash") }
        self.hash = hash
        guard let result = o["engine_result"]?.stringValue else { throw missing("engine_result") }
        engineResult = result
        engineResultCode = o["engine_result_code"].flatMap(Lenient.int) ?? 0
        engineResultMessage = o["engine_result_message"]?.stringValue ?? ""
        ledgerIndex = uint32("ledger_index")
        ledgerHash = o["ledger_hash"]?.stringValue
        ledgerCurrentIndex = uint32("ledger_current_index")
        validated = o["validated"].flatMap(Lenient.bool) ?? false
        status = o["status"]?.stringValue
        meta = o["meta"] ?? o["metadata"]
        closeTimeISO = o["close_time_iso"]?.stringValue
        ctid = o["ctid"]?.stringValue
    }

    public func encode(to encoder: any Encoder) throws {
        var o: [String: JSONValue] = [
            "type": .string(Self.type),
            "engine_result": .string(engineResult),
            "engine_result_code": .int(Int64(engineResultCode)),
            "engine_result_message": .string(engineResultMessage),
            "validated": .bool(validated),
        ]
        if encoder.xrplAPIVersion == XRPLAPIVersion.v1 {
            o["transaction"] = TransactionShape.attachHash(txJSON, hash: hash)
        } else {
            o["tx_json"] = txJSON
            o["hash"] = .string(hash)
            if let closeTimeISO { o["close_time_iso"] = .string(closeTimeISO) }
            if let ctid { o["ctid"] = .string(ctid) }
        }
        if let ledgerIndex { o["ledger_index"] = .int(Int64(ledgerIndex)) }
        if let ledgerHash { o["ledger_hash"] = .string(ledgerHash) }
        if let ledgerCurrentIndex { o["ledger_current_index"] = .int(Int64(ledgerCurrentIndex)) }
        if let status { o["status"] = .string(status) }
        if let meta { o["meta"] = meta }
        try JSONValue.object(o).encode(to: encoder)
    }
}

/// An asynchronous WebSocket message (no `id`), dispatched on its `type`.
public enum StreamMessage: Sendable, Hashable {
    case ledgerClosed(LedgerClosedMessage)
    case transaction(TransactionStreamMessage)
    /// Any other stream (`serverStatus`, `validationReceived`, …), kept as JSON.
    case other(type: String, JSONValue)

    public var type: String {
        switch self {
        case .ledgerClosed: return LedgerClosedMessage.type
        case .transaction: return TransactionStreamMessage.type
        case .other(let t, _): return t
        }
    }

    /// Reads a stream message from parsed JSON.
    public init(json: JSONValue) throws {
        guard let type = json["type"]?.stringValue else { throw XRPLError.missingField("type") }
        switch type {
        case LedgerClosedMessage.type: self = .ledgerClosed(try json.decode(as: LedgerClosedMessage.self))
        case TransactionStreamMessage.type: self = .transaction(try TransactionStreamMessage(json: json))
        default: self = .other(type: type, json)
        }
    }

    /// The wire JSON (v2 shapes unless `apiVersion` is 1).
    public func json(apiVersion: Int = XRPLAPIVersion.v2) throws -> JSONValue {
        switch self {
        case .ledgerClosed(let m): return try JSONValue(encoding: m, apiVersion: apiVersion)
        case .transaction(let m): return try JSONValue(encoding: m, apiVersion: apiVersion)
        case .other(_, let j): return j
        }
    }
}

extension StreamMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard let type = json["type"]?.stringValue else {
            throw DecodingError.keyNotFound(
                AnyCodingKey("type"), .init(codingPath: decoder.codingPath, debugDescription: "stream message has no type"))
        }
        switch type {
        case LedgerClosedMessage.type: self = .ledgerClosed(try LedgerClosedMessage(from: decoder))
        case TransactionStreamMessage.type: self = .transaction(try TransactionStreamMessage(from: decoder))
        default: self = .other(type: type, json)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .ledgerClosed(let m): try m.encode(to: encoder)
        case .transaction(let m): try m.encode(to: encoder)
        case .other(_, let j): try j.encode(to: encoder)
        }
    }
}

/// Anything that arrives on a rippled WebSocket: a reply to one of our requests, or a stream
/// message. Replies have `type: "response"` (and usually an `id`); everything else is a stream.
public enum WebSocketFrame: Sendable, Hashable {
    case response(WebSocketResponse)
    case stream(StreamMessage)

    public init(json: JSONValue) throws {
        if json["type"]?.stringValue == "response" || (json["type"] == nil && json["id"] != nil) {
            self = .response(try WebSocketResponse(json: json))
        } else {
            self = .stream(try StreamMessage(json: json))
        }
    }
}

extension WebSocketFrame: Codable {
    /// Lets a client decode each incoming text frame in one step: `JSONDecoder().decode(WebSocketFrame.self, from: data)`.
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .response(let r): try r.encode(to: encoder)
        case .stream(let s): try s.encode(to: encoder)
        }
    }
}
