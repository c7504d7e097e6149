/// Flag values of the transaction types SeqWatch builds (XRPL-PROTOCOL 5.3).
public enum TransactionFlags {
    public static let fullyCanonicalSig: UInt32 = 0x8000_0000

    public enum Payment {
        public static let noRippleDirect: UInt32 = 0x0001_0000
        public static let partialPayment: UInt32 = 0x0002_0000
        public static let limitQuality: UInt32 = 0x0004_0000
    }

    public enum TrustSet {
        public static let setfAuth: UInt32 = 0x0001_0000
        public static let setNoRipple: UInt32 = 0x0002_0000
        public static let clearNoRipple: UInt32 = 0x0004_0000
        public static let setFreeze: UInt32 = 0x0010_0000
        public static let clearFreeze: UInt32 = 0x0020_0000
    }

    public enum OfferCreate {
        public static let passive: UInt32 = 0x0001_0000
        public static let immediateOrCancel: UInt32 = 0x0002_0000
        public static let fillOrKill: UInt32 = 0x0004_0000
        public static let sell: UInt32 = 0x0008_0000
    }
}

/// AccountSet SetFlag / ClearFlag values: rippled's `asf*` constants. A value rippled does not
/// define is kept as it came and does nothing, as rippled ignores it (a struct, not an enum,
/// so such a transaction still parses and round-trips).
public struct AccountSetFlag: RawRepresentable, Hashable, Sendable, CaseIterable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let requireDest = Self(rawValue: 1)
    public static let requireAuth = Self(rawValue: 2)
    public static let disallowXRP = Self(rawValue: 3)
    public static let disableMaster = Self(rawValue: 4)
    public static let accountTxnID = Self(rawValue: 5)
    public static let noFreeze = Self(rawValue: 6)
    public static let globalFreeze = Self(rawValue: 7)
    public static let defaultRipple = Self(rawValue: 8)
    public static let depositAuth = Self(rawValue: 9)
    public static let authorizedNFTokenMinter = Self(rawValue: 10)
    public static let disallowIncomingNFTokenOffer = Self(rawValue: 12)
    public static let disallowIncomingCheck = Self(rawValue: 13)
    public static let disallowIncomingPayChan = Self(rawValue: 14)
    public static let disallowIncomingTrustline = Self(rawValue: 15)
    public static let allowTrustLineClawback = Self(rawValue: 16)
    public static let allowTrustLineLocking = Self(rawValue: 17)

    /// The values rippled defines.
    public static let allCases: [AccountSetFlag] = [
        .requireDest, .requireAuth, .disallowXRP, .disableMaster, .accountTxnID, .noFreeze, .globalFreeze, .defaultRipple,
        .depositAuth, .authorizedNFTokenMinter, .disallowIncomingNFTokenOffer, .disallowIncomingCheck,
        .disallowIncomingPayChan, .disallowIncomingTrustline, .allowTrustLineClawback, .allowTrustLineLocking,
    ]
}
