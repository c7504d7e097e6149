/// `fee`: the open ledger's fill level and the transaction queue's fee levels.
public struct FeeRequest: RPCRequest, Hashable {
    public typealias Response = FeeResponse
    public static let command = "fee"
    public init() {}
}

/// The `fee` result.
///
/// rippled sends every number here as a **string** except `ledger_current_index`
/// (TxQ::doRPC), so the stored properties are strings, exactly as on the wire, and typed
/// accessors parse them. `max_queue_size` is absent until the first ledger close.
public struct FeeResponse: Codable, Sendable, Hashable {
    public var currentLedgerSize: String
    public var currentQueueSize: String
    public var expectedLedgerSize: String
    public var ledgerCurrentIndex: UInt32
    public var maxQueueSize: String?
    public var levels: Levels
    public var drops: Drops

    public init(
        currentLedgerSize: String, currentQueueSize: String, expectedLedgerSize: String, ledgerCurrentIndex: UInt32,
        maxQueueSize: String? = nil, levels: Levels, drops: Drops
    ) {
        self.currentLedgerSize = currentLedgerSize
        self.currentQueueSize = currentQueueSize
        self.expectedLedgerSize = expectedLedgerSize
        self.ledgerCurrentIndex = ledgerCurrentIndex
        self.maxQueueSize = maxQueueSize
        self.levels = levels
        self.drops = drops
    }

    /// Transactions in the open ledger.
    public var currentLedgerSizeCount: Int? { Int(currentLedgerSize) }
    /// Transactions in the queue.
    public var currentQueueSizeCount: Int? { Int(currentQueueSize) }
    /// How many transactions fit in the open ledger before fees escalate.
    public var expectedLedgerSizeCount: Int? { Int(expectedLedgerSize) }
    /// Queue capacity.
    public var maxQueueSizeCount: Int? { maxQueueSize.flatMap { Int($0) } }

    /// Fee levels (256 = the reference level, i.e. a transaction paying exactly its minimum).
    public struct Levels: Codable, Sendable, Hashable {
        public var medianLevel: String
        public var minimumLevel: String
        public var openLedgerLevel: String
        public var referenceLevel: String

        public init(medianLevel: String, minimumLevel: String, openLedgerLevel: String, referenceLevel: String = "256") {
            self.medianLevel = medianLevel
            self.minimumLevel = minimumLevel
            self.openLedgerLevel = openLedgerLevel
            self.referenceLevel = referenceLevel
        }

        public var medianLevelValue: UInt64? { UInt64(medianLevel) }
        public var minimumLevelValue: UInt64? { UInt64(minimumLevel) }
        public var openLedgerLevelValue: UInt64? { UInt64(openLedgerLevel) }
        public var referenceLevelValue: UInt64? { UInt64(referenceLevel) }

        enum CodingKeys: String, CodingKey {
            case medianLevel = "median_level"
            case minimumLevel = "minimum_level"
            case openLedgerLevel = "open_ledger_level"
            case referenceLevel = "reference_level"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            medianLevel = try c.numericString(.medianLevel)
            minimumLevel = try c.numericString(.minimumLevel)
            openLedgerLevel = try c.numericString(.openLedgerLevel)
            referenceLevel = try c.numericString(.referenceLevel)
        }
    }

    /// The same levels converted to drops for a reference (single-signed, base-cost) transaction.
    public struct Drops: Codable, Sendable, Hashable {
        public var baseFee: String
        public var medianFee: String
        /// Above `baseFee` only when the queue is full.
        public var minimumFee: String
        /// What it takes to get into the current open ledger now.
        public var openLedgerFee: String

        public init(baseFee: String, medianFee: String, minimumFee: String, openLedgerFee: String) {
            self.baseFee = baseFee
            self.medianFee = medianFee
            self.minimumFee = minimumFee
            self.openLedgerFee = openLedgerFee
        }

        public var baseFeeDrops: UInt64? { UInt64(baseFee) }
        public var medianFeeDrops: UInt64? { UInt64(medianFee) }
        public var minimumFeeDrops: UInt64? { UInt64(minimumFee) }
        public var openLedgerFeeDrops: UInt64? { UInt64(openLedgerFee) }

        enum CodingKeys: String, CodingKey {
            case baseFee = "base_fee"
            case medianFee = "median_fee"
            case minimumFee = "minimum_fee"
            case openLedgerFee = "open_ledger_fee"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            baseFee = try c.numericString(.baseFee)
            medianFee = try c.numericString(.medianFee)
            minimumFee = try c.numericString(.minimumFee)
            openLedgerFee = try c.numericString(.openLedgerFee)
        }
    }

    enum CodingKeys: String, CodingKey {
        case currentLedgerSize = "current_ledger_size"
        case currentQueueSize = "current_queue_size"
        case expectedLedgerSize = "expected_ledger_size"
        case ledgerCurrentIndex = "ledger_current_index"
        case maxQueueSize = "max_queue_size"
        case levels, drops
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currentLedgerSize = try c.numericString(.currentLedgerSize)
        currentQueueSize = try c.numericString(.currentQueueSize)
        expectedLedgerSize = try c.numericString(.expectedLedgerSize)
        ledgerCurrentIndex = try c.lenientUInt32(.ledgerCurrentIndex)
        maxQueueSize = try c.numericStringIfPresent(.maxQueueSize)
        levels = try c.decode(Levels.self, forKey: .levels)
        drops = try c.decode(Drops.self, forKey: .drops)
    }
}
