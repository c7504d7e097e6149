/// `server_state`: the same status as server_info in machine units (drops, integer fee
/// levels), which is what fee arithmetic wants.
public struct ServerStateRequest: RPCRequest, Hashable {
    public typealias Response = ServerStateResponse
    public static let command = "server_state"
    public init() {}
}

/// The `server_state` result: everything is under `state`.
public struct ServerStateResponse: Codable, Sendable, Hashable {
    public var state: ServerStateInfo
    public init(state: ServerStateInfo) { self.state = state }
}

/// `state` of server_state.
///
/// The relay cost a server enforces is `base_fee × load_factor / load_base`. The
/// `load_factor_fee_*` fields are the TxQ's levels: escalation = the open ledger level, queue =
/// the queue's minimum level, reference = 256.
public struct ServerStateInfo: Sendable, Hashable {
    public var buildVersion: String
    public var completeLedgers: String
    public var ioLatencyMs: Int?
    public var lastClose: LastClose?
    /// The load scale, 256.
    public var loadBase: UInt64
    public var loadFactor: UInt64
    public var loadFactorServer: UInt64?
    public var loadFactorFeeEscalation: UInt64?
    public var loadFactorFeeQueue: UInt64?
    public var loadFactorFeeReference: UInt64?
    public var networkID: UInt32?
    public var peers: Int?
    public var pubkeyNode: String?
    public var serverState: String
    public var serverStateDurationUs: String?
    public var time: String?
    public var uptime: Int
    public var validatedLedger: ServerStateLedger?
    public var closedLedger: ServerStateLedger?
    public var validationQuorum: Int?
    /// Fields the model does not name, verbatim.
    public var otherFields: [String: JSONValue]

    public init(
        buildVersion: String, completeLedgers: String, ioLatencyMs: Int? = nil, lastClose: LastClose? = nil,
        loadBase: UInt64 = 256, loadFactor: UInt64 = 256, loadFactorServer: UInt64? = nil,
        loadFactorFeeEscalation: UInt64? = nil, loadFactorFeeQueue: UInt64? = nil,
        loadFactorFeeReference: UInt64? = nil, networkID: UInt32? = nil, peers: Int? = nil, pubkeyNode: String? = nil,
        serverState: String, serverStateDurationUs: String? = nil, time: String? = nil, uptime: Int,
        validatedLedger: ServerStateLedger? = nil, closedLedger: ServerStateLedger? = nil,
        validationQuorum: Int? = nil, otherFields: [String: JSONValue] = [:]
    ) {
        self.buildVersion = buildVersion
        self.completeLedgers = completeLedgers
        self.ioLatencyMs = ioLatencyMs
        self.lastClose = lastClose
        self.loadBase = loadBase
        self.loadFactor = loadFactor
        self.loadFactorServer = loadFactorServer
        self.loadFactorFeeEscalation = loadFactorFeeEscalation
        self.loadFactorFeeQueue = loadFactorFeeQueue
        self.loadFactorFeeReference = loadFactorFeeReference
        self.networkID = networkID
        self.peers = peers
        self.pubkeyNode = pubkeyNode
        self.serverState = serverState
        self.serverStateDurationUs = serverStateDurationUs
        self.time = time
        self.uptime = uptime
        self.validatedLedger = validatedLedger
        self.closedLedger = closedLedger
        self.validationQuorum = validationQuorum
        self.otherFields = otherFields
    }

    /// The fee in drops this server currently demands for relaying a reference transaction.
    public var currentRelayFeeDrops: UInt64? {
        guard let base = (validatedLedger ?? closedLedger)?.baseFee, loadBase > 0 else { return nil }
        let (product, overflow) = base.multipliedReportingOverflow(by: loadFactor)
        return overflow ? nil : product / loadBase
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case buildVersion = "build_version"
        case completeLedgers = "complete_ledgers"
        case ioLatencyMs = "io_latency_ms"
        case lastClose = "last_close"
        case loadBase = "load_base"
        case loadFactor = "load_factor"
        case loadFactorServer = "load_factor_server"
        case loadFactorFeeEscalation = "load_factor_fee_escalation"
        case loadFactorFeeQueue = "load_factor_fee_queue"
        case loadFactorFeeReference = "load_factor_fee_reference"
        case networkID = "network_id"
        case peers
        case pubkeyNode = "pubkey_node"
        case serverState = "server_state"
        case serverStateDurationUs = "server_state_duration_us"
        case time, uptime
        case validatedLedger = "validated_ledger"
        case closedLedger = "closed_ledger"
        case validationQuorum = "validation_quorum"
    }
}

extension ServerStateInfo: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        buildVersion = try c.decodeIfPresent(String.self, forKey: .buildVersion) ?? ""
        completeLedgers = try c.decodeIfPresent(String.self, forKey: .completeLedgers) ?? "empty"
        ioLatencyMs = try c.lenientIntIfPresent(.ioLatencyMs)
        lastClose = try c.decodeIfPresent(LastClose.self, forKey: .lastClose)
        loadBase = try c.lenientUInt64IfPresent(.loadBase) ?? 256
        loadFactor = try c.lenientUInt64IfPresent(.loadFactor) ?? loadBase
        loadFactorServer = try c.lenientUInt64IfPresent(.loadFactorServer)
        loadFactorFeeEscalation = try c.lenientUInt64IfPresent(.loadFactorFeeEscalation)
        loadFactorFeeQueue = try c.lenientUInt64IfPresent(.loadFactorFeeQueue)
        loadFactorFeeReference = try c.lenientUInt64IfPresent(.loadFactorFeeReference)
        networkID = try c.lenientUInt32IfPresent(.networkID)
        peers = try c.lenientIntIfPresent(.peers)
        pubkeyNode = try c.decodeIfPresent(String.self, forKey: .pubkeyNode)
        serverState = try c.decode(String.self, forKey: .serverState)
        serverStateDurationUs = try c.numericStringIfPresent(.serverStateDurationUs)
        time = try c.decodeIfPresent(String.self, forKey: .time)
        uptime = try c.lenientIntIfPresent(.uptime) ?? 0
        validatedLedger = try c.decodeIfPresent(ServerStateLedger.self, forKey: .validatedLedger)
        closedLedger = try c.decodeIfPresent(ServerStateLedger.self, forKey: .closedLedger)
        validationQuorum = try c.lenientIntIfPresent(.validationQuorum)
        otherFields = try decoder.unknownFields(excluding: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(buildVersion, forKey: .buildVersion)
        try c.encode(completeLedgers, forKey: .completeLedgers)
        try c.encodeIfPresent(ioLatencyMs, forKey: .ioLatencyMs)
        try c.encodeIfPresent(lastClose, forKey: .lastClose)
        try c.encode(loadBase, forKey: .loadBase)
        try c.encode(loadFactor, forKey: .loadFactor)
        try c.encodeIfPresent(loadFactorServer, forKey: .loadFactorServer)
        try c.encodeIfPresent(loadFactorFeeEscalation, forKey: .loadFactorFeeEscalation)
        try c.encodeIfPresent(loadFactorFeeQueue, forKey: .loadFactorFeeQueue)
        try c.encodeIfPresent(loadFactorFeeReference, forKey: .loadFactorFeeReference)
        try c.encodeIfPresent(networkID, forKey: .networkID)
        try c.encodeIfPresent(peers, forKey: .peers)
        try c.encodeIfPresent(pubkeyNode, forKey: .pubkeyNode)
        try c.encode(serverState, forKey: .serverState)
        try c.encodeIfPresent(serverStateDurationUs, forKey: .serverStateDurationUs)
        try c.encodeIfPresent(time, forKey: .time)
        try c.encode(uptime, forKey: .uptime)
        try c.encodeIfPresent(validatedLedger, forKey: .validatedLedger)
        try c.encodeIfPresent(closedLedger, forKey: .closedLedger)
        try c.encodeIfPresent(validationQuorum, forKey: .validationQuorum)
    }
}

/// `validated_ledger` / `closed_ledger` of server_state, in drops and Ripple-epoch seconds.
public struct ServerStateLedger: Codable, Sendable, Hashable {
    /// Reference transaction cost, drops.
    public var baseFee: UInt64
    /// Close time, seconds since the Ripple epoch (2000-01-01T00:00:00Z).
    public var closeTime: UInt32
    public var hash: String
    /// Account reserve, drops.
    public var reserveBase: UInt64
    /// Owner reserve per object, drops.
    public var reserveInc: UInt64
    public var seq: UInt32

    public init(baseFee: UInt64, closeTime: UInt32, hash: String, reserveBase: UInt64, reserveInc: UInt64, seq: UInt32) {
        self.baseFee = baseFee
        self.closeTime = closeTime
        self.hash = hash
        self.reserveBase = reserveBase
        self.reserveInc = reserveInc
        self.seq = seq
    }

    enum CodingKeys: String, CodingKey {
        case baseFee = "base_fee"
        case closeTime = "close_time"
        case hash
        case reserveBase = "reserve_base"
        case reserveInc = "reserve_inc"
        case seq
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseFee = try c.lenientUInt64(.baseFee)
        closeTime = try c.lenientUInt32IfPresent(.closeTime) ?? 0
        hash = try c.decode(String.self, forKey: .hash)
        reserveBase = try c.lenientUInt64(.reserveBase)
        reserveInc = try c.lenientUInt64(.reserveInc)
        seq = try c.lenientUInt32(.seq)
    }
}
