import XRPL

/// How an account stands, as the console and the API show it.
public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    case ok = "OK"
    /// The cached next sequence and the ledger disagree in a way no in-flight transaction explains.
    case diverged = "DIVERGED"
    /// A heal is running on this account (frozen for new allocations meanwhile).
    case healing = "HEALING"
    /// Held back by a strategy (a global pause) or waiting for a read before signing.
    case frozen = "FROZEN"
    /// The ledger moved past a sequence the engine did not spend.
    case foreign = "FOREIGN"
}

/// One account's sequences: the cached next one, what the ledger says, and every allocated
/// Sequence still in play with its transaction. The engine's answer to "where is this account?".
public struct SequenceChain: Sendable {
    public let address: String
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
    public var status: AccountStatus = .ok
    /// When the current divergence was first seen (engine time, seconds).
    public var divergedSince: Double?
    public var lastResult: ResultCode?
    /// Allocation stops while set (heal in progress, global pause, awaiting a read).
    public var frozen = false
    public var foreignSequences = 0
    /// A read (account_info) is outstanding for this account.
    public var readPending = false

    public init(address: String, nextSequence: UInt32) {
        self.address = address
        self.nextSequence = nextSequence
    }

    /// The ledger's best-known next Sequence: the open ledger's when known, else the validated.
    public var ledgerNext: UInt32? { ledgerCurrent ?? ledgerValidated }

    /// cached next − ledger next: positive means the cache is ahead (sequences allocated that
    /// the ledger has not consumed), negative that it is behind.
    public var gap: Int64? { ledgerNext.map { Int64(nextSequence) - Int64($0) } }

    public var inFlight: Int { live.count }
}
