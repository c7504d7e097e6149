/// Stream names for `subscribe` / `unsubscribe`. Plain strings on the wire; kept as strings in
/// the request so a server can answer an unknown name with rippled's `unknownStream` rather
/// than fail to decode.
public enum StreamName {
    /// `ledgerClosed` messages, one per validated ledger.
    public static let ledger = "ledger"
    /// Every validated transaction.
    public static let transactions = "transactions"
    /// Validated transactions plus open-ledger applications (`status: "proposed"`).
    public static let transactionsProposed = "transactions_proposed"
    /// `serverStatus` messages when the server's load or state changes.
    public static let server = "server"
    public static let validations = "validations"
    public static let consensus = "consensus"
}

/// `subscribe`: start receiving stream messages on this WebSocket.
///
/// `accounts` delivers each validated transaction that affects a listed account; with the
/// `ledger` stream that is enough to follow every sender's validated Sequence without polling.
public struct SubscribeRequest: RPCRequest, Hashable {
    public typealias Response = SubscribeResponse
    public static let command = "subscribe"

    public var streams: [String]?
    public var accounts: [String]?
    public var accountsProposed: [String]?

    public init(streams: [String]? = nil, accounts: [String]? = nil, accountsProposed: [String]? = nil) {
        self.streams = streams
        self.accounts = accounts
        self.accountsProposed = accountsProposed
    }

    enum CodingKeys: String, CodingKey {
        case streams, accounts
        case accountsProposed = "accounts_proposed"
    }
}

/// `unsubscribe`: the same shape as subscribe; the result is `{}`.
public struct UnsubscribeRequest: RPCRequest, Hashable {
    public typealias Response = EmptyResponse
    public static let command = "unsubscribe"

    public var streams: [String]?
    public var accounts: [String]?
    public var accountsProposed: [String]?

    public init(streams: [String]? = nil, accounts: [String]? = nil, accountsProposed: [String]? = nil) {
        self.streams = streams
        self.accounts = accounts
        self.accountsProposed = accountsProposed
    }

    enum CodingKeys: String, CodingKey {
        case streams, accounts
        case accountsProposed = "accounts_proposed"
    }
}

/// The `subscribe` result: `{}`, except that subscribing to `ledger` returns the current
/// ledger's info — the fields of a `ledgerClosed` message without `type` and `txn_count`.
public struct SubscribeResponse: Codable, Sendable, Hashable {
    public var feeBase: UInt64?
    public var feeRef: UInt64?
    public var ledgerHash: String?
    public var ledgerIndex: UInt32?
    public var ledgerTime: UInt32?
    public var networkID: UInt32?
    public var reserveBase: UInt64?
    public var reserveInc: UInt64?
    public var validatedLedgers: String?

    public init(
        feeBase: UInt64? = nil, feeRef: UInt64? = nil, ledgerHash: String? = nil, ledgerIndex: UInt32? = nil,
        ledgerTime: UInt32? = nil, networkID: UInt32? = nil, reserveBase: UInt64? = nil, reserveInc: UInt64? = nil,
        validatedLedgers: String? = nil
    ) {
        self.feeBase = feeBase
        self.feeRef = feeRef
        self.ledgerHash = ledgerHash
        self.ledgerIndex = ledgerIndex
        self.ledgerTime = ledgerTime
        self.networkID = networkID
        self.reserveBase = reserveBase
        self.reserveInc = reserveInc
        self.validatedLedgers = validatedLedgers
    }

    enum CodingKeys: String, CodingKey {
        case feeBase = "fee_base"
        case feeRef = "fee_ref"
        case ledgerHash = "ledger_hash"
        case ledgerIndex = "ledger_index"
        case ledgerTime = "ledger_time"
        case networkID = "network_id"
        case reserveBase = "reserve_base"
        case reserveInc = "reserve_inc"
        case validatedLedgers = "validated_ledgers"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        feeBase = try c.lenientUInt64IfPresent(.feeBase)
        feeRef = try c.lenientUInt64IfPresent(.feeRef)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        ledgerIndex = try c.lenientUInt32IfPresent(.ledgerIndex)
        ledgerTime = try c.lenientUInt32IfPresent(.ledgerTime)
        networkID = try c.lenientUInt32IfPresent(.networkID)
        reserveBase = try c.lenientUInt64IfPresent(.reserveBase)
        reserveInc = try c.lenientUInt64IfPresent(.reserveInc)
        validatedLedgers = try c.decodeIfPresent(String.self, forKey: .validatedLedgers)
    }
}
