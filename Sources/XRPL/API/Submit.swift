/// `submit`: send a transaction to the server.
///
/// Blob mode (`tx_blob`, signed locally) is what SeqWatch uses. Sign-and-submit mode
/// (`tx_json` + `secret`, signed by the server) exists for completeness and for testing against
/// servers configured to sign; rippled marks it deprecated. The secret is a `RedactedSecret`,
/// and this type's own descriptions mask it, so a request can be logged safely.
public struct SubmitRequest: RPCRequest, Hashable {
    public typealias Response = SubmitResponse
    public static let command = "submit"

    /// Hex of the signed transaction (blob mode).
    public var txBlob: String?
    /// The unsigned transaction (sign-and-submit mode).
    public var txJSON: JSONValue?
    /// The signing secret (sign-and-submit mode). Never printed.
    public var secret: RedactedSecret?
    /// If true, a transaction that fails locally is not retried, held or relayed, and cannot be
    /// queued (`telCAN_NOT_QUEUE`).
    public var failHard: Bool?

    /// Blob mode.
    public init(txBlob: String, failHard: Bool? = nil) {
        self.txBlob = txBlob
        self.failHard = failHard
    }

    /// Sign-and-submit mode: the server signs `txJSON` with `secret`.
    public init(txJSON: JSONValue, secret: String, failHard: Bool? = nil) {
        self.txJSON = txJSON
        self.secret = RedactedSecret(secret)
        self.failHard = failHard
    }

    /// True when the server is asked to sign.
    public var isSignAndSubmit: Bool { txBlob == nil && txJSON != nil }

    enum CodingKeys: String, CodingKey {
        case txBlob = "tx_blob"
        case txJSON = "tx_json"
        case secret
        case failHard = "fail_hard"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        txBlob = try c.decodeIfPresent(String.self, forKey: .txBlob)
        txJSON = try c.decodeIfPresent(JSONValue.self, forKey: .txJSON)
        secret = try c.decodeIfPresent(RedactedSecret.self, forKey: .secret)
        failHard = try c.lenientBoolIfPresent(.failHard)
    }
}

extension SubmitRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The params with the secret masked (never the secret itself).
    public var description: String {
        var o: [String: JSONValue] = [:]
        if let txBlob { o["tx_blob"] = .string(txBlob) }
        if let txJSON { o["tx_json"] = txJSON }
        if secret != nil { o["secret"] = .string(RedactedSecret.placeholder) }
        if let failHard { o["fail_hard"] = .bool(failHard) }
        return "SubmitRequest(\(JSONValue.object(o).serialized()))"
    }

    public var debugDescription: String { description }

    /// `dump()` and reflection show the same masked view.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "txBlob": txBlob as Any, "txJSON": txJSON as Any,
                "secret": (secret == nil ? nil : RedactedSecret.placeholder) as Any, "failHard": failHard as Any,
            ],
            displayStyle: .struct)
    }
}

/// The `submit` result: the *provisional* outcome of applying the transaction to this
/// server's open ledger, plus how the server handled it.
///
/// `engine_result` can change when the ledger closes; only a validated ledger is final. The
/// `account_sequence_*`, `open_ledger_cost` and `validated_ledger_index` fields are present only
/// when the server has a validated ledger, and the augmented fields are omitted in
/// sign-and-submit mode, so they are optional.
public struct SubmitResponse: Codable, Sendable, Hashable {
    /// e.g. "tesSUCCESS", "terQUEUED", "tefPAST_SEQ".
    public var engineResult: String
    public var engineResultCode: Int
    public var engineResultMessage: String
    public var txBlob: String
    /// The transaction as the server parsed it, including `hash`.
    public var txJSON: JSONValue
    /// applied || broadcast || queued || kept.
    public var accepted: Bool?
    /// Added to the open ledger (true for tes and tec).
    public var applied: Bool?
    /// Relayed to peers (or would have been, in standalone).
    public var broadcast: Bool?
    /// Kept for later retry (held) by this server.
    public var kept: Bool?
    /// Put in the transaction queue (`terQUEUED`).
    public var queued: Bool?
    /// Drops, as a string: what this transaction would pay to skip the queue right now.
    public var openLedgerCost: String?
    public var validatedLedgerIndex: UInt32?
    /// The sender's Sequence in the open ledger after this submission (excludes queued txs).
    public var accountSequenceNext: UInt32?
    /// The first Sequence taken by neither the open ledger nor the queue: use it next.
    public var accountSequenceAvailable: UInt32?
    /// Sign-and-submit mode's deprecation notice.
    public var deprecated: String?

    public init(
        engineResult: String, engineResultCode: Int, engineResultMessage: String, txBlob: String,
        txJSON: JSONValue, accepted: Bool? = nil, applied: Bool? = nil, broadcast: Bool? = nil, kept: Bool? = nil,
        queued: Bool? = nil, openLedgerCost: String? = nil, validatedLedgerIndex: UInt32? = nil,
        accountSequenceNext: UInt32? = nil, accountSequenceAvailable: UInt32? = nil, deprecated: String? = nil
    ) {
        self.engineResult = engineResult
        self.engineResultCode = engineResultCode
        self.engineResultMessage = engineResultMessage
        self.txBlob = txBlob
        self.txJSON = txJSON
        self.accepted = accepted
        self.applied = applied
        self.broadcast = broadcast
        self.kept = kept
        self.queued = queued
        self.openLedgerCost = openLedgerCost
        self.validatedLedgerIndex = validatedLedgerIndex
        self.accountSequenceNext = accountSequenceNext
        self.accountSequenceAvailable = accountSequenceAvailable
        self.deprecated = deprecated
    }

    /// Straight from parsed JSON, without a JSONDecoder round trip: a workload engine reads
    /// thousands of these a second. Same leniency as `init(from:)`; throws only when
    /// `engine_result` is missing.
    public init(json: JSONValue) throws {
        guard let result = json["engine_result"]?.stringValue else {
            throw XRPLError.malformedJSON("submit reply has no engine_result")
        }
        engineResult = result
        engineResultCode = json["engine_result_code"].flatMap(Lenient.int) ?? 0
        engineResultMessage = json["engine_result_message"]?.stringValue ?? ""
        txBlob = json["tx_blob"]?.stringValue ?? ""
        txJSON = json["tx_json"] ?? .object([:])
        accepted = json["accepted"].flatMap(Lenient.bool)
        applied = json["applied"].flatMap(Lenient.bool)
        broadcast = json["broadcast"].flatMap(Lenient.bool)
        kept = json["kept"].flatMap(Lenient.bool)
        queued = json["queued"].flatMap(Lenient.bool)
        openLedgerCost = json["open_ledger_cost"].flatMap(Lenient.numericString)
        validatedLedgerIndex = json["validated_ledger_index"].flatMap(Lenient.uint32)
        accountSequenceNext = json["account_sequence_next"].flatMap(Lenient.uint32)
        accountSequenceAvailable = json["account_sequence_available"].flatMap(Lenient.uint32)
        deprecated = json["deprecated"]?.stringValue
    }

    /// The transaction hash from `tx_json.hash`.
    public var hash: String? { txJSON["hash"]?.stringValue }
    /// `open_ledger_cost` as drops.
    public var openLedgerCostDrops: UInt64? { openLedgerCost.flatMap { UInt64($0) } }

    enum CodingKeys: String, CodingKey {
        case engineResult = "engine_result"
        case engineResultCode = "engine_result_code"
        case engineResultMessage = "engine_result_message"
        case txBlob = "tx_blob"
        case txJSON = "tx_json"
        case accepted, applied, broadcast, kept, queued
        case openLedgerCost = "open_ledger_cost"
        case validatedLedgerIndex = "validated_ledger_index"
        case accountSequenceNext = "account_sequence_next"
        case accountSequenceAvailable = "account_sequence_available"
        case deprecated
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        engineResult = try c.decode(String.self, forKey: .engineResult)
        engineResultCode = try c.lenientInt(.engineResultCode)
        engineResultMessage = try c.decodeIfPresent(String.self, forKey: .engineResultMessage) ?? ""
        txBlob = try c.decodeIfPresent(String.self, forKey: .txBlob) ?? ""
        txJSON = try c.decodeIfPresent(JSONValue.self, forKey: .txJSON) ?? .object([:])
        accepted = try c.lenientBoolIfPresent(.accepted)
        applied = try c.lenientBoolIfPresent(.applied)
        broadcast = try c.lenientBoolIfPresent(.broadcast)
        kept = try c.lenientBoolIfPresent(.kept)
        queued = try c.lenientBoolIfPresent(.queued)
        openLedgerCost = try c.numericStringIfPresent(.openLedgerCost)
        validatedLedgerIndex = try c.lenientUInt32IfPresent(.validatedLedgerIndex)
        accountSequenceNext = try c.lenientUInt32IfPresent(.accountSequenceNext)
        accountSequenceAvailable = try c.lenientUInt32IfPresent(.accountSequenceAvailable)
        deprecated = try c.decodeIfPresent(String.self, forKey: .deprecated)
    }
}
