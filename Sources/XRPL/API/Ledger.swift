/// `ledger`: one ledger's header, optionally with its transactions and (for the open ledger)
/// the queue.
public struct LedgerRequest: RPCRequest, Hashable {
    public typealias Response = LedgerResponse
    public static let command = "ledger"

    public var ledgerIndex: LedgerSpecifier?
    public var ledgerHash: String?
    /// Include the ledger's transactions (hashes unless `expand`).
    public var transactions: Bool?
    /// Give full transactions and metadata instead of hashes.
    public var expand: Bool?
    /// With `expand`, give hex blobs instead of JSON.
    public var binary: Bool?
    public var ownerFunds: Bool?
    /// Add the queue (`queue_data`); current ledger only.
    public var queue: Bool?

    public init(
        ledgerIndex: LedgerSpecifier? = nil, ledgerHash: String? = nil, transactions: Bool? = nil,
        expand: Bool? = nil, binary: Bool? = nil, ownerFunds: Bool? = nil, queue: Bool? = nil
    ) {
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.transactions = transactions
        self.expand = expand
        self.binary = binary
        self.ownerFunds = ownerFunds
        self.queue = queue
    }

    enum CodingKeys: String, CodingKey {
        case ledgerIndex = "ledger_index"
        case ledgerHash = "ledger_hash"
        case transactions, expand, binary
        case ownerFunds = "owner_funds"
        case queue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerIndex = try c.decodeIfPresent(LedgerSpecifier.self, forKey: .ledgerIndex)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        transactions = try c.lenientBoolIfPresent(.transactions)
        expand = try c.lenientBoolIfPresent(.expand)
        binary = try c.lenientBoolIfPresent(.binary)
        ownerFunds = try c.lenientBoolIfPresent(.ownerFunds)
        queue = try c.lenientBoolIfPresent(.queue)
    }
}

/// The `ledger` result.
///
/// A closed ledger comes with `ledger_hash` + `ledger_index`; the open ledger with
/// `ledger_current_index`. `validated` says whether the ledger is final.
public struct LedgerResponse: Codable, Sendable, Hashable {
    public var ledger: LedgerHeader
    public var ledgerHash: String?
    public var ledgerIndex: UInt32?
    public var ledgerCurrentIndex: UInt32?
    public var validated: Bool?
    /// The queue (with `queue: true` on the current ledger), kept as JSON.
    public var queueData: [JSONValue]?

    public init(
        ledger: LedgerHeader, ledgerHash: String? = nil, ledgerIndex: UInt32? = nil,
        ledgerCurrentIndex: UInt32? = nil, validated: Bool? = nil, queueData: [JSONValue]? = nil
    ) {
        self.ledger = ledger
        self.ledgerHash = ledgerHash
        self.ledgerIndex = ledgerIndex
        self.ledgerCurrentIndex = ledgerCurrentIndex
        self.validated = validated
        self.queueData = queueData
    }

    enum CodingKeys: String, CodingKey {
        case ledger
        case ledgerHash = "ledger_hash"
        case ledgerIndex = "ledger_index"
        case ledgerCurrentIndex = "ledger_current_index"
        case validated
        case queueData = "queue_data"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledger = try c.decode(LedgerHeader.self, forKey: .ledger)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        ledgerIndex = try c.lenientUInt32IfPresent(.ledgerIndex)
        ledgerCurrentIndex = try c.lenientUInt32IfPresent(.ledgerCurrentIndex)
        validated = try c.lenientBoolIfPresent(.validated)
        queueData = try c.decodeIfPresent([JSONValue].self, forKey: .queueData)
    }
}

/// The `ledger` object: a ledger header as LedgerToJson writes it.
///
/// `ledger_index` is a number in API v2 and a string in v1; both decode, and the encoder's API
/// version picks the output. Times are seconds since the Ripple epoch. `total_coins` is drops
/// as a string. The open ledger has only some of these fields (`closed: false`).
public struct LedgerHeader: Sendable, Hashable {
    public var accountHash: String?
    public var closeFlags: Int?
    public var closeTime: UInt32?
    public var closeTimeHuman: String?
    public var closeTimeISO: String?
    public var closeTimeResolution: Int?
    public var closed: Bool
    public var ledgerHash: String?
    public var ledgerIndex: UInt32
    public var parentCloseTime: UInt32?
    public var parentHash: String?
    public var totalCoins: String?
    public var transactionHash: String?
    /// Present when the request asked for `transactions`.
    public var transactions: [LedgerTransaction]?
    /// Fields the model does not name, verbatim.
    public var otherFields: [String: JSONValue]

    public init(
        accountHash: String? = nil, closeFlags: Int? = nil, closeTime: UInt32? = nil, closeTimeHuman: String? = nil,
        closeTimeISO: String? = nil, closeTimeResolution: Int? = nil, closed: Bool, ledgerHash: String? = nil,
        ledgerIndex: UInt32, parentCloseTime: UInt32? = nil, parentHash: String? = nil, totalCoins: String? = nil,
        transactionHash: String? = nil, transactions: [LedgerTransaction]? = nil,
        otherFields: [String: JSONValue] = [:]
    ) {
        self.accountHash = accountHash
        self.closeFlags = closeFlags
        self.closeTime = closeTime
        self.closeTimeHuman = closeTimeHuman
        self.closeTimeISO = closeTimeISO
        self.closeTimeResolution = closeTimeResolution
        self.closed = closed
        self.ledgerHash = ledgerHash
        self.ledgerIndex = ledgerIndex
        self.parentCloseTime = parentCloseTime
        self.parentHash = parentHash
        self.totalCoins = totalCoins
        self.transactionHash = transactionHash
        self.transactions = transactions
        self.otherFields = otherFields
    }

    /// The transaction hashes, whichever form the transactions came in.
    public var transactionHashes: [String] {
        (transactions ?? []).compactMap {
            switch $0 {
            case .hash(let h): return h
            case .expanded(let e): return e.hash
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accountHash = "account_hash"
        case closeFlags = "close_flags"
        case closeTime = "close_time"
        case closeTimeHuman = "close_time_human"
        case closeTimeISO = "close_time_iso"
        case closeTimeResolution = "close_time_resolution"
        case closed
        case ledgerHash = "ledger_hash"
        case ledgerIndex = "ledger_index"
        case parentCloseTime = "parent_close_time"
        case parentHash = "parent_hash"
        case totalCoins = "total_coins"
        case transactionHash = "transaction_hash"
        case transactions
    }
}

/// An entry of `ledger.transactions`: a hash, or the expanded transaction.
public enum LedgerTransaction: Sendable, Hashable {
    case hash(String)
    case expanded(TransactionEntry)
}

extension LedgerTransaction: Codable {
    public init(from decoder: any Decoder) throws {
        let v = try decoder.singleValueContainer().decode(JSONValue.self)
        switch v {
        case .string(let h): self = .hash(h)
        case .object(let o): self = .expanded(try TransactionEntry(object: o))
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a hash or a transaction object"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .hash(let h):
            var c = encoder.singleValueContainer()
            try c.encode(h)
        case .expanded(let e):
            try e.encode(to: encoder)
        }
    }
}

extension LedgerHeader: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountHash = try c.decodeIfPresent(String.self, forKey: .accountHash)
        closeFlags = try c.lenientIntIfPresent(.closeFlags)
        closeTime = try c.lenientUInt32IfPresent(.closeTime)
        closeTimeHuman = try c.decodeIfPresent(String.self, forKey: .closeTimeHuman)
        closeTimeISO = try c.decodeIfPresent(String.self, forKey: .closeTimeISO)
        closeTimeResolution = try c.lenientIntIfPresent(.closeTimeResolution)
        closed = try c.lenientBoolIfPresent(.closed) ?? false
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        ledgerIndex = try c.lenientUInt32(.ledgerIndex)
        parentCloseTime = try c.lenientUInt32IfPresent(.parentCloseTime)
        parentHash = try c.decodeIfPresent(String.self, forKey: .parentHash)
        totalCoins = try c.numericStringIfPresent(.totalCoins)
        transactionHash = try c.decodeIfPresent(String.self, forKey: .transactionHash)
        transactions = try c.decodeIfPresent([LedgerTransaction].self, forKey: .transactions)
        otherFields = try decoder.unknownFields(excluding: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(accountHash, forKey: .accountHash)
        try c.encodeIfPresent(closeFlags, forKey: .closeFlags)
        try c.encodeIfPresent(closeTime, forKey: .closeTime)
        try c.encodeIfPresent(closeTimeHuman, forKey: .closeTimeHuman)
        try c.encodeIfPresent(closeTimeISO, forKey: .closeTimeISO)
        try c.encodeIfPresent(closeTimeResolution, forKey: .closeTimeResolution)
        try c.encode(closed, forKey: .closed)
        try c.encodeIfPresent(ledgerHash, forKey: .ledgerHash)
        if encoder.xrplAPIVersion == XRPLAPIVersion.v1 {
            try c.encode(String(ledgerIndex), forKey: .ledgerIndex)
        } else {
            try c.encode(ledgerIndex, forKey: .ledgerIndex)
        }
        try c.encodeIfPresent(parentCloseTime, forKey: .parentCloseTime)
        try c.encodeIfPresent(parentHash, forKey: .parentHash)
        try c.encodeIfPresent(totalCoins, forKey: .totalCoins)
        try c.encodeIfPresent(transactionHash, forKey: .transactionHash)
        try c.encodeIfPresent(transactions, forKey: .transactions)
    }
}
