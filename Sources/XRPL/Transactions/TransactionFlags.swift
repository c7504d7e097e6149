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

/// AccountSet SetFlag / ClearFlag values.
public enum AccountSetFlag: UInt32, Sendable, CaseIterable {
    case requireDest = 1
    case requireAuth = 2
    case disallowXRP = 3
    case disableMaster = 4
    case accountTxnID = 5
    case noFreeze = 6
    case globalFreeze = 7
    case defaultRipple = 8
    case depositAuth = 9
}
