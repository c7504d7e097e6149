/// `server_info`: the server's status in human units (XRP amounts as decimal XRP, load as a
/// multiplier of 1.0). Use `server_state` when integer drops and fee levels are wanted.
public struct ServerInfoRequest: RPCRequest, Hashable {
    public typealias Response = ServerInfoResponse
    public static let command = "server_info"
    public init() {}
}

/// The `server_info` result: everything is under `info`.
public struct ServerInfoResponse: Codable, Sendable, Hashable {
    public var info: ServerInfo
    public init(info: ServerInfo) { self.info = info }
}

/// `last_close`: how the last consensus round went. server_info reports seconds
/// (`converge_time_s`), server_state milliseconds (`converge_time`).
public struct LastClose: Codable, Sendable, Hashable {
    public var convergeTimeS: Double?
    public var convergeTime: Int?
    public var proposers: Int

    public init(convergeTimeS: Double? = nil, convergeTime: Int? = nil, proposers: Int) {
        self.convergeTimeS = convergeTimeS
        self.convergeTime = convergeTime
        self.proposers = proposers
    }

    enum CodingKeys: String, CodingKey {
        case convergeTimeS = "converge_time_s"
        case convergeTime = "converge_time"
        case proposers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        convergeTimeS = try c.lenientDoubleIfPresent(.convergeTimeS)
        convergeTime = try c.lenientIntIfPresent(.convergeTime)
        proposers = try c.lenientIntIfPresent(.proposers) ?? 0
    }
}

/// `info` of server_info.
///
/// The fields a workload console needs are named; the rest (`ports`, `state_accounting`,
/// `load`, …) stay in `otherFields`. Exactly one of `validatedLedger` / `closedLedger` is
/// present (the latter when the server knows no validated ledger).
public struct ServerInfo: Sendable, Hashable {
    public var buildVersion: String
    /// "a-b,c-d" ranges, or "empty".
    public var completeLedgers: String
    public var hostid: String?
    public var ioLatencyMs: Int?
    public var jqTransOverflow: String?
    public var lastClose: LastClose?
    /// max(server load, open-ledger escalation) / reference, as a float; 1 when idle.
    public var loadFactor: Double
    public var loadFactorServer: Double?
    /// Present when the open ledger's fee escalation is above 1.
    public var loadFactorFeeEscalation: Double?
    /// Present when the queue's minimum level is above 1.
    public var loadFactorFeeQueue: Double?
    public var networkID: UInt32?
    public var peers: Int?
    public var pubkeyNode: String?
    /// "disconnected", "connected", "syncing", "tracking", "full", "validating", "proposing".
    public var serverState: String
    public var serverStateDurationUs: String?
    public var time: String?
    public var uptime: Int
    public var validatedLedger: ServerInfoLedger?
    public var closedLedger: ServerInfoLedger?
    public var validationQuorum: Int?
    public var amendmentBlocked: Bool?
    /// Fields the model does not name, verbatim.
    public var otherFields: [String: JSONValue]

    public init(
        buildVersion: String, completeLedgers: String, hostid: String? = nil, ioLatencyMs: Int? = nil,
        jqTransOverflow: String? = nil, lastClose: LastClose? = nil, loadFactor: Double = 1,
        loadFactorServer: Double? = nil, loadFactorFeeEscalation: Double? = nil, loadFactorFeeQueue: Double? = nil,
        networkID: UInt32? = nil, peers: Int? = nil, pubkeyNode: String? = nil, serverState: String,
        serverStateDurationUs: String? = nil, time: String? = nil, uptime: Int,
        validatedLedger: ServerInfoLedger? = nil, closedLedger: ServerInfoLedger? = nil,
        validationQuorum: Int? = nil, amendmentBlocked: Bool? = nil, otherFields: [String: JSONValue] = [:]
    ) {
        self.buildVersion = buildVersion
        self.completeLedgers = completeLedgers
        self.hostid = hostid
        self.ioLatencyMs = ioLatencyMs
        self.jqTransOverflow = jqTransOverflow
        self.lastClose = lastClose
        self.loadFactor = loadFactor
        self.loadFactorServer = loadFactorServer
        self.loadFactorFeeEscalation = loadFactorFeeEscalation
        self.loadFactorFeeQueue = loadFactorFeeQueue
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
        self.amendmentBlocked = amendmentBlocked
        self.otherFields = otherFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case buildVersion = "build_version"
        case completeLedgers = "complete_ledgers"
        case hostid
        case ioLatencyMs = "io_latency_ms"
        case jqTransOverflow = "jq_trans_overflow"
        case lastClose = "last_close"
        case loadFactor = "load_factor"
        case loadFactorServer = "load_factor_server"
        case loadFactorFeeEscalation = "load_factor_fee_escalation"
        case loadFactorFeeQueue = "load_factor_fee_queue"
        case networkID = "network_id"
        case peers
        case pubkeyNode = "pubkey_node"
        case serverState = "server_state"
        case serverStateDurationUs = "server_state_duration_us"
        case time, uptime
        case validatedLedger = "validated_ledger"
        case closedLedger = "closed_ledger"
        case validationQuorum = "validation_quorum"
        case amendmentBlocked = "amendment_blocked"
    }
}

extension ServerInfo: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        buildVersion = try c.decodeIfPresent(String.self, forKey: .buildVersion) ?? ""
        completeLedgers = try c.decodeIfPresent(String.self, forKey: .completeLedgers) ?? "empty"
        hostid = try c.decodeIfPresent(String.self, forKey: .hostid)
        ioLatencyMs = try c.lenientIntIfPresent(.ioLatencyMs)
        jqTransOverflow = try c.numericStringIfPresent(.jqTransOverflow)
        lastClose = try c.decodeIfPresent(LastClose.self, forKey: .lastClose)
        loadFactor = try c.lenientDoubleIfPresent(.loadFactor) ?? 1
        loadFactorServer = try c.lenientDoubleIfPresent(.loadFactorServer)
        loadFactorFeeEscalation = try c.lenientDoubleIfPresent(.loadFactorFeeEscalation)
        loadFactorFeeQueue = try c.lenientDoubleIfPresent(.loadFactorFeeQueue)
        networkID = try c.lenientUInt32IfPresent(.networkID)
        peers = try c.lenientIntIfPresent(.peers)
        pubkeyNode = try c.decodeIfPresent(String.self, forKey: .pubkeyNode)
        serverState = try c.decode(String.self, forKey: .serverState)
        serverStateDurationUs = try c.numericStringIfPresent(.serverStateDurationUs)
        time = try c.decodeIfPresent(String.self, forKey: .time)
        uptime = try c.lenientIntIfPresent(.uptime) ?? 0
        validatedLedger = try c.decodeIfPresent(ServerInfoLedger.self, forKey: .validatedLedger)
        closedLedger = try c.decodeIfPresent(ServerInfoLedger.self, forKey: .closedLedger)
        validationQuorum = try c.lenientIntIfPresent(.validationQuorum)
        amendmentBlocked = try c.lenientBoolIfPresent(.amendmentBlocked)
        otherFields = try decoder.unknownFields(excluding: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeUnknownFields(otherFields)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(buildVersion, forKey: .buildVersion)
        try c.encode(completeLedgers, forKey: .completeLedgers)
        try c.encodeIfPresent(hostid, forKey: .hostid)
        try c.encodeIfPresent(ioLatencyMs, forKey: .ioLatencyMs)
        try c.encodeIfPresent(jqTransOverflow, forKey: .jqTransOverflow)
        try c.encodeIfPresent(lastClose, forKey: .lastClose)
        try c.encode(loadFactor, forKey: .loadFactor)
        try c.encodeIfPresent(loadFactorServer, forKey: .loadFactorServer)
        try c.encodeIfPresent(loadFactorFeeEscalation, forKey: .loadFactorFeeEscalation)
        try c.encodeIfPresent(loadFactorFeeQueue, forKey: .loadFactorFeeQueue)
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
        try c.encodeIfPresent(amendmentBlocked, forKey: .amendmentBlocked)
    }
}

/// `validated_ledger` / `closed_ledger` of server_info, in XRP (not drops).
public struct ServerInfoLedger: Codable, Sendable, Hashable {
    /// Seconds since the ledger closed.
    public var age: Int?
    /// The reference transaction cost in XRP, e.g. 1e-05 for 10 drops.
    public var baseFeeXRP: Double
    public var hash: String
    public var reserveBaseXRP: Double
    public var reserveIncXRP: Double
    public var seq: UInt32

    public init(age: Int? = nil, baseFeeXRP: Double, hash: String, reserveBaseXRP: Double, reserveIncXRP: Double, seq: UInt32) {
        self.age = age
        self.baseFeeXRP = baseFeeXRP
        self.hash = hash
        self.reserveBaseXRP = reserveBaseXRP
        self.reserveIncXRP = reserveIncXRP
        self.seq = seq
    }

    /// The base fee in drops (XRP × 1,000,000, rounded to the nearest drop).
    public var baseFeeDrops: UInt64 { UInt64((baseFeeXRP * 1_000_000).rounded()) }

    enum CodingKeys: String, CodingKey {
        case age
        case baseFeeXRP = "base_fee_xrp"
        case hash
        case reserveBaseXRP = "reserve_base_xrp"
        case reserveIncXRP = "reserve_inc_xrp"
        case seq
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        age = try c.lenientIntIfPresent(.age)
        baseFeeXRP = try c.lenientDouble(.baseFeeXRP)
        hash = try c.decode(String.self, forKey: .hash)
        reserveBaseXRP = try c.lenientDouble(.reserveBaseXRP)
        reserveIncXRP = try c.lenientDouble(.reserveIncXRP)
        seq = try c.lenientUInt32(.seq)
    }
}
