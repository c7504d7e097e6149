import XRPL

/// Ledger-object keys (keylets) as rippled derives them: SHA-512Half of a two-byte space
/// prefix and the object's identifying fields. Real indexes, so `LedgerIndex` values in metadata
/// look and behave like rippled's.
enum Keylet {
    static func account(_ id: [UInt8]) -> String { hash([0x00, 0x61] + id) }
    static func line(low: [UInt8], high: [UInt8], currency: CurrencyCode) -> String {
        hash([0x00, 0x72] + low + high + currency.bytes)
    }
    static func offer(_ owner: [UInt8], _ seq: UInt32) -> String { hash([0x00, 0x6F] + owner + seq.bigEndianBytes) }
    static func escrow(_ owner: [UInt8], _ seq: UInt32) -> String { hash([0x00, 0x75] + owner + seq.bigEndianBytes) }
    private static func hash(_ b: [UInt8]) -> String { Hex.encode(Hashing.sha512Half(b)) }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 24), UInt8((self >> 16) & 0xFF), UInt8((self >> 8) & 0xFF), UInt8(self & 0xFF)] }
}

/// AccountRoot flags (lsf*) the simulator honours.
enum AccountRootFlag {
    static let passwordSpent: UInt32 = 0x0001_0000
    static let requireDestTag: UInt32 = 0x0002_0000
    static let requireAuth: UInt32 = 0x0004_0000
    static let disallowXRP: UInt32 = 0x0008_0000
    static let disableMaster: UInt32 = 0x0010_0000
    static let noFreeze: UInt32 = 0x0020_0000
    static let globalFreeze: UInt32 = 0x0040_0000
    static let defaultRipple: UInt32 = 0x0080_0000
    static let depositAuth: UInt32 = 0x0100_0000

    static let disallowIncomingNFTokenOffer: UInt32 = 0x0400_0000
    static let disallowIncomingCheck: UInt32 = 0x0800_0000
    static let disallowIncomingPayChan: UInt32 = 0x1000_0000
    static let disallowIncomingTrustline: UInt32 = 0x2000_0000
    static let allowTrustLineLocking: UInt32 = 0x4000_0000
    static let allowTrustLineClawback: UInt32 = 0x8000_0000

    /// The lsf flag an AccountSet SetFlag/ClearFlag value controls, if it maps to one (as
    /// rippled's `SetAccount::doApply`). `accountTxnID` sets a field, and `authorizedNFTokenMinter`
    /// the NFTokenMinter field, neither modelled; values rippled does not define do nothing.
    static func forSetFlag(_ flag: AccountSetFlag) -> UInt32? {
        switch flag {
        case .requireDest: requireDestTag
        case .requireAuth: requireAuth
        case .disallowXRP: disallowXRP
        case .disableMaster: disableMaster
        case .noFreeze: noFreeze
        case .globalFreeze: globalFreeze
        case .defaultRipple: defaultRipple
        case .depositAuth: depositAuth
        case .disallowIncomingNFTokenOffer: disallowIncomingNFTokenOffer
        case .disallowIncomingCheck: disallowIncomingCheck
        case .disallowIncomingPayChan: disallowIncomingPayChan
        case .disallowIncomingTrustline: disallowIncomingTrustline
        case .allowTrustLineClawback: allowTrustLineClawback
        case .allowTrustLineLocking: allowTrustLineLocking
        default: nil
        }
    }
}

/// Something that lives in the state tree and shows up in metadata.
protocol LedgerEntry: Sendable {
    var index: String { get }
    var entryType: String { get }
    var previousTxnID: String? { get set }
    var previousTxnLgrSeq: UInt32? { get set }
    /// The entry's fields as rippled's JSON shows them, without the PreviousTxn pair.
    var fields: [String: JSONValue] { get }
}

extension LedgerEntry {
    /// The full object (`account_data`, `ledger_entry`): fields plus index and PreviousTxn pair.
    var json: JSONValue {
        var o = fields
        o["index"] = .string(index)
        o["LedgerEntryType"] = .string(entryType)
        if let previousTxnID { o["PreviousTxnID"] = .string(previousTxnID) }
        if let previousTxnLgrSeq { o["PreviousTxnLgrSeq"] = .int(Int64(previousTxnLgrSeq)) }
        return .object(o)
    }
}

public struct AccountEntry: LedgerEntry, Equatable {
    public let address: String
    public let accountID: [UInt8]
    public let index: String
    public var balance: UInt64
    public var sequence: UInt32
    public var ownerCount: UInt32 = 0
    public var flags: UInt32 = 0
    public var previousTxnID: String?
    public var previousTxnLgrSeq: UInt32?
    /// Optional AccountRoot fields an AccountSet stores and nothing else here reads (Domain,
    /// EmailHash, MessageKey, WalletLocator, TransferRate, TickSize, NFTokenMinter) plus
    /// AccountTxnID, in rippled's JSON form. Empty for almost every account, so it costs one
    /// pointer on the path every payment takes.
    public var optionalFields: [String: JSONValue] = [:]
    var entryType: String { "AccountRoot" }

    /// The AccountRoot fields `optionalFields` may hold: what a store reads back.
    static let optionalFieldNames = ["Domain", "EmailHash", "MessageKey", "WalletLocator", "TransferRate", "TickSize", "NFTokenMinter", "AccountTxnID"]

    init(address: String, accountID: [UInt8], balance: UInt64, sequence: UInt32) {
        self.address = address
        self.accountID = accountID
        self.index = Keylet.account(accountID)
        self.balance = balance
        self.sequence = sequence
    }

    var fields: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "Account": .string(address), "Balance": .string(String(balance)), "Flags": .int(Int64(flags)),
            "OwnerCount": .int(Int64(ownerCount)), "Sequence": .int(Int64(sequence)),
        ]
        for (k, v) in optionalFields { o[k] = v }
        return o
    }

    /// account_info's `account_flags` object.
    var accountFlags: JSONValue {
        func f(_ bit: UInt32) -> JSONValue { .bool(flags & bit != 0) }
        return .object([
            "defaultRipple": f(AccountRootFlag.defaultRipple), "depositAuth": f(AccountRootFlag.depositAuth),
            "disableMasterKey": f(AccountRootFlag.disableMaster), "disallowIncomingXRP": f(AccountRootFlag.disallowXRP),
            "globalFreeze": f(AccountRootFlag.globalFreeze), "noFreeze": f(AccountRootFlag.noFreeze),
            "passwordSpent": f(AccountRootFlag.passwordSpent), "requireAuthorization": f(AccountRootFlag.requireAuth),
            "requireDestinationTag": f(AccountRootFlag.requireDestTag),
            // rippled's `doAccountInfo` adds these when their amendments (DisallowIncoming,
            // Clawback, TokenEscrow) are on; the simulator sets all three kinds of bit.
            "disallowIncomingNFTokenOffer": f(AccountRootFlag.disallowIncomingNFTokenOffer),
            "disallowIncomingCheck": f(AccountRootFlag.disallowIncomingCheck),
            "disallowIncomingPayChan": f(AccountRootFlag.disallowIncomingPayChan),
            "disallowIncomingTrustline": f(AccountRootFlag.disallowIncomingTrustline),
            "allowTrustLineClawback": f(AccountRootFlag.allowTrustLineClawback),
            "allowTrustLineLocking": f(AccountRootFlag.allowTrustLineLocking),
        ])
    }
}

/// A trust line (RippleState). The balance is seen from the low account: positive means the
/// high account owes the low account.
public struct TrustLine: LedgerEntry, Equatable {
    public let low: String
    public let high: String
    public let currency: CurrencyCode
    public let index: String
    public var balance: IssuedValue = .zero
    public var lowLimit: IssuedValue = .zero
    public var highLimit: IssuedValue = .zero
    public var lowReserve = false
    public var highReserve = false
    /// The RippleState flags other than the two reserve bits: auth, NoRipple, freeze and deep
    /// freeze of each side (`LineFlag`), as TrustSet writes them.
    public var flags: UInt32 = 0
    public var previousTxnID: String?
    public var previousTxnLgrSeq: UInt32?
    var entryType: String { "RippleState" }

    static let lowReserveFlag: UInt32 = 0x0001_0000
    static let highReserveFlag: UInt32 = 0x0002_0000

    /// Whether `flag` is set on `account`'s side of the line (`flag` given as the low one).
    func has(_ flag: LineFlag, on account: String) -> Bool { flags & flag.bit(low: account == low) != 0 }
    /// Deep freeze acts the same whichever side set it (rippled's `isDeepFrozen`).
    var isDeepFrozen: Bool { flags & (LineFlag.deepFreeze.bit(low: true) | LineFlag.deepFreeze.bit(low: false)) != 0 }

    var fields: [String: JSONValue] {
        func amount(_ v: IssuedValue, _ issuer: String) -> JSONValue {
            .object(["currency": .string(currency.description), "issuer": .string(issuer), "value": .string(v.description)])
        }
        return [
            "Balance": amount(balance, "rrrrrrrrrrrrrrrrrrrrBZbvji"),
            "Flags": .int(Int64((lowReserve ? Self.lowReserveFlag : 0) | (highReserve ? Self.highReserveFlag : 0) | flags)),
            "LowLimit": amount(lowLimit, low), "HighLimit": amount(highLimit, high),
        ]
    }

    /// `account`'s holding on this line (positive: the other side owes it).
    func holding(of account: String) -> IssuedValue { account == low ? balance : balance.negated }
    func limit(of account: String) -> IssuedValue { account == low ? lowLimit : highLimit }
}

public struct Offer: LedgerEntry, Equatable {
    public let owner: String
    public let sequence: UInt32
    public let index: String
    public var takerPays: Amount
    public var takerGets: Amount
    public var expiration: UInt32?
    public var flags: UInt32
    public var previousTxnID: String?
    public var previousTxnLgrSeq: UInt32?
    var entryType: String { "Offer" }

    var fields: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "Account": .string(owner), "Sequence": .int(Int64(sequence)), "TakerPays": takerPays.json,
            "TakerGets": takerGets.json, "Flags": .int(Int64(flags)),
        ]
        if let expiration { o["Expiration"] = .int(Int64(expiration)) }
        return o
    }
}

public struct Escrow: LedgerEntry, Equatable {
    public let owner: String
    public let sequence: UInt32
    public let index: String
    public var destination: String
    public var amount: UInt64
    public var finishAfter: UInt32?
    public var cancelAfter: UInt32?
    public var condition: [UInt8]?
    public var destinationTag: UInt32?
    public var previousTxnID: String?
    public var previousTxnLgrSeq: UInt32?
    var entryType: String { "Escrow" }

    var fields: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "Account": .string(owner), "Destination": .string(destination), "Amount": .string(String(amount)),
            "Flags": .int(0),
        ]
        if let finishAfter { o["FinishAfter"] = .int(Int64(finishAfter)) }
        if let cancelAfter { o["CancelAfter"] = .int(Int64(cancelAfter)) }
        if let condition { o["Condition"] = .string(Hex.encode(condition)) }
        if let destinationTag { o["DestinationTag"] = .int(Int64(destinationTag)) }
        return o
    }
}

/// A RippleState flag that exists once per side (rippled's lsfLow… / lsfHigh… pairs).
enum LineFlag {
    case auth, noRipple, freeze, deepFreeze

    func bit(low: Bool) -> UInt32 {
        switch self {
        case .auth: low ? 0x0004_0000 : 0x0008_0000
        case .noRipple: low ? 0x0010_0000 : 0x0020_0000
        case .freeze: low ? 0x0040_0000 : 0x0080_0000
        case .deepFreeze: low ? 0x0200_0000 : 0x0400_0000
        }
    }
}

/// Identifies a trust line independent of which side asks.
package struct LineKey: Hashable, Sendable {
    let low: String
    let high: String
    let currency: CurrencyCode
}

package struct OwnedKey: Hashable, Sendable {
    let owner: String
    let sequence: UInt32
}
