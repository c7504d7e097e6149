import XRPL

/// One account's sequences: the cached next one, what the ledger says, and every allocated
/// Sequence still in play with its transaction. The engine's answer to "where is this account?".
public struct SequenceChain: Sendable {
    public let address: AccountAddress
    /// The next Sequence the engine will allocate (the local cache).
    public var nextSequence: UInt32
    /// The account's Sequence in the newest validated ledger (from the stream's metadata).
    public var ledgerValidated: UInt32?
    /// The account's Sequence in the open ledger (`account_sequence_next`, account_info current).
    public var ledgerCurrent: UInt32?
    /// `account_sequence_available` from the last submit reply.
    public var sequenceAvailable: UInt32?
    /// Allocated sequences not yet final, to their transaction.
    public var live: [UInt32: TrackedTransaction.ID] = [:]
    public var generation = 0
    /// Written only by `WorkloadCore.account(_:_:)`, through `AccountStateMachine`.
    public internal(set) var state = AccountState()
    /// When the account last left OK (engine time, seconds, and validated ledger); nil while OK.
    public internal(set) var troubleSince: (time: Double, ledger: UInt32)?
    /// The validated ledger in which its Sequence last advanced (or it was first read): the
    /// STUCK rule's clock.
    public internal(set) var lastProgressLedger: UInt32 = 0
    /// The validated Sequence as of the last ledger whose transactions have all been seen: a
    /// ledger's transaction messages for one account need not arrive in Sequence order, so only
    /// a completed ledger may declare a lower Sequence taken.
    var settledFloor: UInt32?
    /// The ledger `ledgerValidated` was last moved by.
    var floorLedger: UInt32 = 0
    public var lastResult: ResultCode?
    public var foreignSequences = 0

    public init(address: AccountAddress, nextSequence: UInt32, ledger: UInt32 = 0) {
        self.address = address
        self.nextSequence = nextSequence
        lastProgressLedger = ledger
    }

    public var status: AccountStatus { state.status }

    /// The ledger's best-known next Sequence: the open ledger's when known, else the validated.
    public var ledgerNext: UInt32? { ledgerCurrent ?? ledgerValidated }

    /// cached next − ledger next: positive means the cache is ahead (sequences allocated that
    /// the ledger has not consumed), negative that it is behind.
    public var gap: Int64? { ledgerNext.map { Int64(nextSequence) - Int64($0) } }

    public var inFlight: Int { live.count }
}
