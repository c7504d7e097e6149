/// `account_info`: an account's root entry, optionally with what it has in the transaction queue.
///
/// With `ledger_index: "current"` and `queue: true` this is the one call that tells a client
/// both the open ledger's `Sequence` and the queued run after it (protocol notes §7).
public struct AccountInfoRequest: RPCRequest, Hashable {
    public typealias Response = AccountInfoResponse
    public static let command = "account_info"

    public var account: String
    /// Defaults to the current (open) ledger on rippled when omitted.
    public var ledgerIndex: LedgerSpecifier?
    public var ledgerHash: String?
    /// Include `queue_data`. Only valid against the current ledger (else `invalidParams`).
    public var queue: Bool?
    public var signerLists: Bool?

    public init(
        account: String, ledgerIndex: LedgerSpecifier? = nil, ledgerHash: String? = nil, queue: Bool? = nil,
        signerLists: Bool? = nil
    ) {
        self.account = account
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.queue = queue
        self.signerLists = signerLists
    }

    enum CodingKeys: String, CodingKey {
        case account, ident
        case ledgerIndex = "ledger_index"
        case ledgerHash = "ledger_hash"
        case queue
        case signerLists = "signer_lists"
    }

    /// Accepts the legacy `ident` in place of `account`, as rippled does.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let a = try c.decodeIfPresent(String.self, forKey: .account) {
            account = a
        } else {
            account = try c.decode(String.self, forKey: .ident)
        }
        ledgerIndex = try c.decodeIfPresent(LedgerSpecifier.self, forKey: .ledgerIndex)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        queue = try c.lenientBoolIfPresent(.queue)
        signerLists = try c.lenientBoolIfPresent(.signerLists)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(account, forKey: .account)
        try c.encodeIfPresent(ledgerIndex, forKey: .ledgerIndex)
        try c.encodeIfPresent(ledgerHash, forKey: .ledgerHash)
        try c.encodeIfPresent(queue, forKey: .queue)
        try c.encodeIfPresent(signerLists, forKey: .signerLists)
    }
}

/// The `account_info` result.
///
/// Exactly one of `ledgerCurrentIndex` (the open ledger was read) or `ledgerIndex` +
/// `ledgerHash` (a closed or validated ledger) is present; `validated` says whether the data
/// is final.
public struct AccountInfoResponse: Codable, Sendable, Hashable {
    public var accountData: AccountRoot
    /// `account_flags`: the root's Flags spelled out as booleans (rippled ≥ 1.11).
    public var accountFlags: [String: Bool]?
    public var ledgerCurrentIndex: UInt32?
    public var ledgerIndex: UInt32?
    public var ledgerHash: String?
    public var validated: Bool
    /// Present only when the request asked for `queue: true`.
    public var queueData: QueueData?
    /// API v2 puts `signer_lists` here (v1 put it inside `account_data`).
    public var signerLists: [JSONValue]?

    public init(
        accountData: AccountRoot, accountFlags: [String: Bool]? = nil, ledgerCurrentIndex: UInt32? = nil,
        ledgerIndex: UInt32? = nil, ledgerHash: String? = nil, validated: Bool, queueData: QueueData? = nil,
        signerLists: [JSONValue]? = nil
    ) {
        self.accountData = accountData
        self.accountFlags = accountFlags
        self.ledgerCurrentIndex = ledgerCurrentIndex
        self.ledgerIndex = ledgerIndex
        self.ledgerHash = ledgerHash
        self.validated = validated
        self.queueData = queueData
        self.signerLists = signerLists
    }

    enum CodingKeys: String, CodingKey {
        case accountData = "account_data"
        case accountFlags = "account_flags"
        case ledgerCurrentIndex = "ledger_current_index"
        case ledgerIndex = "ledger_index"
        case ledgerHash = "ledger_hash"
        case validated
        case queueData = "queue_data"
        case signerLists = "signer_lists"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountData = try c.decode(AccountRoot.self, forKey: .accountData)
        accountFlags = try c.decodeIfPresent([String: Bool].self, forKey: .accountFlags)
        ledgerCurrentIndex = try c.lenientUInt32IfPresent(.ledgerCurrentIndex)
        ledgerIndex = try c.lenientUInt32IfPresent(.ledgerIndex)
        ledgerHash = try c.decodeIfPresent(String.self, forKey: .ledgerHash)
        validated = try c.lenientBoolIfPresent(.validated) ?? false
        queueData = try c.decodeIfPresent(QueueData.self, forKey: .queueData)
        signerLists = try c.decodeIfPresent([JSONValue].self, forKey: .signerLists)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountData, forKey: .accountData)
        try c.encodeIfPresent(accountFlags, forKey: .accountFlags)
        try c.encodeIfPresent(ledgerCurrentIndex, forKey: .ledgerCurrentIndex)
        try c.encodeIfPresent(ledgerIndex, forKey: .ledgerIndex)
        try c.encodeIfPresent(ledgerHash, forKey: .ledgerHash)
        try c.encode(validated, forKey: .validated)
        try c.encodeIfPresent(queueData, forKey: .queueData)
        try c.encodeIfPresent(signerLists, forKey: .signerLists)
    }
}

/// An AccountRoot ledger entry as rippled renders it in JSON.
///
/// `Sequence` is the next valid sequence number *in the ledger that was read*. The fields
/// SeqWatch uses are named; every other field (Domain, RegularKey, TicketCount, …) is kept in
/// `otherFields` so nothing is lost in a round trip.
public struct AccountRoot: Sendable, Hashable {
    public var account: String
    /// Drops, as a decimal string (rippled's form; XRP amounts never travel as JSON numbers).
    public var balance: String
    public var flags: UInt32
    public var ownerCount: UInt32
    public var sequence: UInt32
    public var previousTxnID: String?
    public var previousTxnLgrSeq: UInt32?
    /// The entry's ledger object ID.
    public var index: String?
    public var ledgerEntryType: String
    /// Fields the model does not name, verbatim.
    public var otherFields: [String: JSONValue]

    public init(
        account: String, balance: String, flags: UInt32 = 0, ownerCount: UInt32 = 0, sequence: UInt32,
        previousTxnID: String? = nil, previousTxnLgrSeq: UInt32? = nil, index: String? = nil,
        ledgerEntryType: String = "AccountRoot", otherFields: [String: JSONValue] = [:]
    ) {
        self.account = account
        self.balance = balance
        self.flags = flags
        self.ownerCount = ownerCount
        self.sequence = sequence
        self.previousTxnID = previousTxnID
        self.previousTxnLgrSeq = previousTxnLgrSeq
        self.index = index
        self.ledgerEntryType = ledgerEntryType
        self.otherFields = otherFields
    }

    /// The balance in drops, if it parses.
    public var balanceDrops: UInt64? { UInt64(balance) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case account = "Account"
        case balance = "Balance"
        case flags = "Flags"
        case ownerCount = "OwnerCount"
        case sequence = "Sequence"
        case previousTxnID = "PreviousTxnID"
        case previousTxnLgrSeq = "PreviousTxnLgrSeq"
        case index
        case ledgerEntryType = "LedgerEntryType"
    }
}

extension AccountRoot: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decode(String.self, forKey: .account)
        balance = try c.numericString(.balance)
        flags = try c.lenientUInt32IfPresent(.flags) ?? 0
        ownerCount = try c.lenientUInt32IfPresent(.ownerCount) ?? 0
        sequence = try c.lenientUInt32(.sequence)
        previousTxnID = try c.decodeIfPresent(String.self, forKey: .previousTxnID)
        previousTxnLgrSeq = try c.lenientUInt32IfPresent(.previousTxnLgrSeq)
        index = try c.decodeIfPresent(String.self, forKey: .index)
        ledgerEntryType = try c.decodeIfPresent(String.self, forKey: .ledgerEntryType) ?? "AccountRoot"
        otherFields = try decoder.unknownFields(excluding: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(account, forKey: .account)
        try c.encode(balance, forKey: .balance)
        try c.encode(flags, forKey: .flags)
        try c.encode(ownerCount, forKey: .ownerCount)
        try c.encode(sequence, forKey: .sequence)
        try c.encodeIfPresent(previousTxnID, forKey: .previousTxnID)
        try c.encodeIfPresent(previousTxnLgrSeq, forKey: .previousTxnLgrSeq)
        try c.encodeIfPresent(index, forKey: .index)
        try c.encode(ledgerEntryType, forKey: .ledgerEntryType)
    }
}

/// `queue_data` of `account_info`: this account's transactions waiting in the server's queue.
///
/// Everything but `txn_count` is omitted when the count is 0. Counts and sequence numbers are
/// numbers; drops and fee levels are decimal strings.
public struct QueueData: Codable, Sendable, Hashable {
    public var txnCount: UInt32
    public var sequenceCount: UInt32?
    public var ticketCount: UInt32?
    public var lowestSequence: UInt32?
    public var highestSequence: UInt32?
    public var lowestTicket: UInt32?
    public var highestTicket: UInt32?
    /// True if a queued transaction changes how the account is authorised (SetRegularKey, …).
    public var authChangeQueued: Bool?
    /// Drops, as a string: the most the queued transactions could spend together.
    public var maxSpendDropsTotal: String?
    public var transactions: [QueuedTransaction]?

    public init(
        txnCount: UInt32, sequenceCount: UInt32? = nil, ticketCount: UInt32? = nil, lowestSequence: UInt32? = nil,
        highestSequence: UInt32? = nil, lowestTicket: UInt32? = nil, highestTicket: UInt32? = nil,
        authChangeQueued: Bool? = nil, maxSpendDropsTotal: String? = nil, transactions: [QueuedTransaction]? = nil
    ) {
        self.txnCount = txnCount
        self.sequenceCount = sequenceCount
        self.ticketCount = ticketCount
        self.lowestSequence = lowestSequence
        self.highestSequence = highestSequence
        self.lowestTicket = lowestTicket
        self.highestTicket = highestTicket
        self.authChangeQueued = authChangeQueued
        self.maxSpendDropsTotal = maxSpendDropsTotal
        self.transactions = transactions
    }

    /// `max_spend_drops_total` as a number.
    public var maxSpendDropsTotalValue: UInt64? { maxSpendDropsTotal.flatMap { UInt64($0) } }

    enum CodingKeys: String, CodingKey {
        case txnCount = "txn_count"
        case sequenceCount = "sequence_count"
        case ticketCount = "ticket_count"
        case lowestSequence = "lowest_sequence"
        case highestSequence = "highest_sequence"
        case lowestTicket = "lowest_ticket"
        case highestTicket = "highest_ticket"
        case authChangeQueued = "auth_change_queued"
        case maxSpendDropsTotal = "max_spend_drops_total"
        case transactions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        txnCount = try c.lenientUInt32IfPresent(.txnCount) ?? 0
        sequenceCount = try c.lenientUInt32IfPresent(.sequenceCount)
        ticketCount = try c.lenientUInt32IfPresent(.ticketCount)
        lowestSequence = try c.lenientUInt32IfPresent(.lowestSequence)
        highestSequence = try c.lenientUInt32IfPresent(.highestSequence)
        lowestTicket = try c.lenientUInt32IfPresent(.lowestTicket)
        highestTicket = try c.lenientUInt32IfPresent(.highestTicket)
        authChangeQueued = try c.lenientBoolIfPresent(.authChangeQueued)
        maxSpendDropsTotal = try c.numericStringIfPresent(.maxSpendDropsTotal)
        transactions = try c.decodeIfPresent([QueuedTransaction].self, forKey: .transactions)
    }
}

/// One entry of `queue_data.transactions`.
public struct QueuedTransaction: Codable, Sendable, Hashable {
    /// The Sequence, for sequence-based transactions.
    public var seq: UInt32?
    /// The TicketSequence, for ticket-based transactions.
    public var ticket: UInt32?
    /// Fee level paid, as a string (256 = exactly the minimum cost).
    public var feeLevel: String
    /// Fee in drops, as a string.
    public var fee: String
    /// Drops, as a string: the most this transaction could spend (amount sent + fee).
    public var maxSpendDrops: String
    public var authChange: Bool
    public var lastLedgerSequence: UInt32?

    public init(
        seq: UInt32? = nil, ticket: UInt32? = nil, feeLevel: String, fee: String, maxSpendDrops: String,
        authChange: Bool = false, lastLedgerSequence: UInt32? = nil
    ) {
        self.seq = seq
        self.ticket = ticket
        self.feeLevel = feeLevel
        self.fee = fee
        self.maxSpendDrops = maxSpendDrops
        self.authChange = authChange
        self.lastLedgerSequence = lastLedgerSequence
    }

    public var feeDrops: UInt64? { UInt64(fee) }
    public var feeLevelValue: UInt64? { UInt64(feeLevel) }
    public var maxSpendDropsValue: UInt64? { UInt64(maxSpendDrops) }

    enum CodingKeys: String, CodingKey {
        case seq, ticket
        case feeLevel = "fee_level"
        case fee
        case maxSpendDrops = "max_spend_drops"
        case authChange = "auth_change"
        case lastLedgerSequence = "LastLedgerSequence"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.lenientUInt32IfPresent(.seq)
        ticket = try c.lenientUInt32IfPresent(.ticket)
        feeLevel = try c.numericString(.feeLevel)
        fee = try c.numericString(.fee)
        maxSpendDrops = try c.numericStringIfPresent(.maxSpendDrops) ?? "0"
        authChange = try c.lenientBoolIfPresent(.authChange) ?? false
        lastLedgerSequence = try c.lenientUInt32IfPresent(.lastLedgerSequence)
    }
}
