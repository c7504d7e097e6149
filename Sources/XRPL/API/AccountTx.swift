/// `account_tx`: validated transactions that affected an account, paged with `marker`.
///
/// `ledger_index_min` / `ledger_index_max` of -1 mean "the earliest / latest validated ledger
/// the server has", which is why they are signed here.
public struct AccountTxRequest: RPCRequest, Hashable {
    public typealias Response = AccountTxResponse
    public static let command = "account_tx"

    public var account: String
    public var ledgerIndexMin: Int?
    public var ledgerIndexMax: Int?
    /// A single ledger instead of a range (v2 rejects combining it with min/max).
    public var ledgerIndex: LedgerSpecifier?
    public var ledgerHash: String?
    public var binary: Bool?
    /// Oldest first when true; newest first by default.
    public var forward: Bool?
    public var limit: Int?
    /// Opaque: pass back what the previous page returned.
    public var marker: JSONValue?

    public init(
        account: String, ledgerIndexMin: Int? = nil, ledgerIndexMax: Int? = nil, ledgerIndex: LedgerSpecifier? = nil,
        ledgerHash: String? = nil, binary: Bool? = nil, forward: Bool? = nil, limit: Int? = nil,
        marker: JSONValue? = nil
    ) {
        self.account = account
        self.ledgerIndexMin = ledgerIndexMin
        self.ledgerIndexMax = ledgerIndexMax
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.binary = binary
        self.forward = forward
        self.limit = limit
        self.marker = marker
    }

    enum CodingKeys: String, CodingKey {
        case account
        case ledgerIndexMin = "ledger_index_min"
        case ledgerIndexMax = "ledger_index_max"
        case ledgerIndex = "ledger_index"
        case ledgerHash = "ledger_hash"
        case binary, forward, limit, marker
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(String.self, forKey: .account)
        ledgerIndexMin = try c.lenientIntIfPresent(.ledgerIndexMin)
        ledgerIndexMax = try c.lenientIntIfPresent(.ledgerIndexMax)
        ledgerIndex = try c.decodeIfPresent(LedgerSpecifier.self, forKey: .ledgerIndex)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        binary = try c.lenientBoolIfPresent(.binary)
        forward = try c.lenientBoolIfPresent(.forward)
        limit = try c.lenientIntIfPresent(.limit)
        marker = try c.decodeIfPresent(JSONValue.self, forKey: .marker)
    }
}

/// The `account_tx` result. Each entry is a `TransactionEntry` (v1 `{tx, meta}` entries are
/// read into the same shape); `marker` is present when there are more pages.
public struct AccountTxResponse: Sendable, Hashable {
    public var account: String
    public var ledgerIndexMin: UInt32
    public var ledgerIndexMax: UInt32
    public var limit: Int?
    public var marker: JSONValue?
    public var transactions: [TransactionEntry]
    public var validated: Bool?

    public init(
        account: String, ledgerIndexMin: UInt32, ledgerIndexMax: UInt32, limit: Int? = nil, marker: JSONValue? = nil,
        transactions: [TransactionEntry], validated: Bool? = nil
    ) {
        self.account = account
        self.ledgerIndexMin = ledgerIndexMin
        self.ledgerIndexMax = ledgerIndexMax
        self.limit = limit
        self.marker = marker
        self.transactions = transactions
        self.validated = validated
    }

    enum CodingKeys: String, CodingKey {
        case account
        case ledgerIndexMin = "ledger_index_min"
        case ledgerIndexMax = "ledger_index_max"
        case limit, marker, transactions, validated
    }
}

extension AccountTxResponse: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(String.self, forKey: .account)
        ledgerIndexMin = try c.lenientUInt32IfPresent(.ledgerIndexMin) ?? 0
        ledgerIndexMax = try c.lenientUInt32IfPresent(.ledgerIndexMax) ?? 0
        limit = try c.lenientIntIfPresent(.limit)
        marker = try c.decodeIfPresent(JSONValue.self, forKey: .marker)
        transactions = try c.decodeIfPresent([TransactionEntry].self, forKey: .transactions) ?? []
        validated = try c.lenientBoolIfPresent(.validated)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(account, forKey: .account)
        try c.encode(ledgerIndexMin, forKey: .ledgerIndexMin)
        try c.encode(ledgerIndexMax, forKey: .ledgerIndexMax)
        try c.encodeIfPresent(limit, forKey: .limit)
        try c.encodeIfPresent(marker, forKey: .marker)
        if encoder.xrplAPIVersion == XRPLAPIVersion.v1 {
            try c.encode(transactions.map(\.v1AccountTxJSON), forKey: .transactions)
        } else {
            try c.encode(transactions.map(\.v2JSON), forKey: .transactions)
        }
        try c.encodeIfPresent(validated, forKey: .validated)
    }
}
