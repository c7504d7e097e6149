import XRPL

/// One allocated Sequence and the transaction the engine built for it.
public struct TrackedTransaction: Sendable, Identifiable {
    public typealias ID = UInt64
    public let id: ID
    public let account: AccountAddress
    public let sequence: UInt32
    /// The account's generation when this was signed: a blob from an older generation (signed
    /// before a resync) is never sent.
    public var generation: Int
    public var body: TransactionBody
    public var fee: UInt64
    public var lastLedgerSequence: UInt32
    public var blob: [UInt8]
    public var hash: String
    public internal(set) var state: TxState = .created
    /// The last engine result from a submit reply or the validated ledger.
    public var lastResult: ResultCode?
    public var attempts = 0
    public var submittedAtLedger: UInt32?
    /// The validated ledger at the latest (re)submit: a HELD belief ages from here.
    public var lastSubmitLedger: UInt32?
    /// When the server last confirmed a HELD/QUEUED belief (account_info with the queue).
    public var beliefCheckedLedger: UInt32?
    public var submittedAt: Double?
    public var validatedAtLedger: UInt32?
    /// Set by the divergence injector: this one must fail locally.
    public var injected = false

    public var kind: String { body.transactionType }
}
