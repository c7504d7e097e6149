// The three small ledger-index methods. In normal operation current = closed + 1 and
// validated ≤ closed; in standalone mode validated == closed == current − 1, and only
// `ledger_accept` moves them.

/// `ledger_current`: the index of the open ledger being built.
public struct LedgerCurrentRequest: RPCRequest, Hashable {
    public typealias Response = LedgerCurrentResponse
    public static let command = "ledger_current"
    public init() {}
}

public struct LedgerCurrentResponse: Codable, Sendable, Hashable {
    public var ledgerCurrentIndex: UInt32

    public init(ledgerCurrentIndex: UInt32) { self.ledgerCurrentIndex = ledgerCurrentIndex }

    enum CodingKeys: String, CodingKey { case ledgerCurrentIndex = "ledger_current_index" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerCurrentIndex = try c.lenientUInt32(.ledgerCurrentIndex)
    }
}

/// `ledger_closed`: the most recently closed ledger (not necessarily validated).
public struct LedgerClosedRequest: RPCRequest, Hashable {
    public typealias Response = LedgerClosedResponse
    public static let command = "ledger_closed"
    public init() {}
}

public struct LedgerClosedResponse: Codable, Sendable, Hashable {
    public var ledgerHash: String
    public var ledgerIndex: UInt32

    public init(ledgerHash: String, ledgerIndex: UInt32) {
        self.ledgerHash = ledgerHash
        self.ledgerIndex = ledgerIndex
    }

    enum CodingKeys: String, CodingKey {
        case ledgerHash = "ledger_hash"
        case ledgerIndex = "ledger_index"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerHash = try c.decode(String.self, forKey: .ledgerHash)
        ledgerIndex = try c.lenientUInt32(.ledgerIndex)
    }
}

/// `ledger_accept` (admin, standalone only; otherwise the plain error `notStandAlone`): close
/// the open ledger, make it validated, open the next one.
public struct LedgerAcceptRequest: RPCRequest, Hashable {
    public typealias Response = LedgerAcceptResponse
    public static let command = "ledger_accept"
    public init() {}
}

public struct LedgerAcceptResponse: Codable, Sendable, Hashable {
    /// The index of the newly opened ledger.
    public var ledgerCurrentIndex: UInt32

    public init(ledgerCurrentIndex: UInt32) { self.ledgerCurrentIndex = ledgerCurrentIndex }

    enum CodingKeys: String, CodingKey { case ledgerCurrentIndex = "ledger_current_index" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ledgerCurrentIndex = try c.lenientUInt32(.ledgerCurrentIndex)
    }
}

/// `ping`: a liveness check; the result is `{}` (admin connections also see `role`).
public struct PingRequest: RPCRequest, Hashable {
    public typealias Response = PingResponse
    public static let command = "ping"
    public init() {}
}

public struct PingResponse: Codable, Sendable, Hashable {
    /// "admin" / "identified" / … when the server chooses to say.
    public var role: String?
    public var unlimited: Bool?

    public init(role: String? = nil, unlimited: Bool? = nil) {
        self.role = role
        self.unlimited = unlimited
    }
}
