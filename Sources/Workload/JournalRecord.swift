import XRPL

/// What the engine writes to its journal (issue 12): a transaction as it was signed, before its
/// first submit, then every state change it goes through, the engine's events, and each
/// validated ledger. The core only produces records (it does no I/O); the `Engine` hands them
/// to a `JournalSink` and lets no submit leave before its `signed` record is durable.
public enum JournalRecord: Sendable, Equatable {
    case signed(JournalEntry)
    /// A state change: the result code it came with (or the one the ledger gives it), the
    /// validated ledger at the time, and why when the state alone does not say.
    case transition(hash: String, state: TxState, result: String?, ledger: UInt32, note: String?)
    case event(kind: String, ledger: UInt32, message: String)
    /// A validated ledger the engine saw close: compaction and "last ledger seen" hang off it.
    case ledger(UInt32)
}

/// A signed transaction as the journal keeps it: everything needed to resubmit the blob after
/// a restart, and to tell afterwards who made it and why.
public struct JournalEntry: Sendable, Equatable {
    public let hash: String
    public let account: String
    public let sequence: UInt32
    public let lastLedgerSequence: UInt32
    public let fee: UInt64
    public let generation: Int
    public let blob: [UInt8]
    /// The recovery strategy running when it was signed.
    public let strategy: String
    /// The transaction type (Payment, AccountSet, …).
    public let kind: String
    public let origin: JournalOrigin
    /// The validated ledger when it was signed.
    public let ledger: UInt32

    public init(
        hash: String, account: String, sequence: UInt32, lastLedgerSequence: UInt32, fee: UInt64, generation: Int,
        blob: [UInt8], strategy: String, kind: String, origin: JournalOrigin, ledger: UInt32
    ) {
        self.hash = hash
        self.account = account
        self.sequence = sequence
        self.lastLedgerSequence = lastLedgerSequence
        self.fee = fee
        self.generation = generation
        self.blob = blob
        self.strategy = strategy
        self.kind = kind
        self.origin = origin
        self.ledger = ledger
    }
}

/// Why a transaction was signed: what `journal stats` groups gap repairs by.
public enum JournalOrigin: String, Sendable, CaseIterable, Codable {
    /// The continuous mix, at the next cached Sequence.
    case workload
    /// A funding payment from the funder.
    case funding
    /// The divergence injector's deliberately failing transaction.
    case injected
    /// Signed at a Sequence that had no transaction: a gap filler.
    case filler
    /// Signed at a Sequence whose earlier blob it replaces (a heal's re-sign, a fee bump).
    case replacement
    /// Signed at a Sequence read from the server just before (the autofill strategy).
    case autofill
}

/// The core's outbox of journal records: filled only while journaling is on, so a run with
/// `--no-journal` (and every test that does not ask) pays nothing for it.
public struct JournalOutbox: Sendable {
    public var enabled = false
    public private(set) var records: [JournalRecord] = []

    public init(enabled: Bool = false) { self.enabled = enabled }

    mutating func append(_ record: @autoclosure () -> JournalRecord) {
        guard enabled else { return }
        records.append(record())
    }

    /// Everything written since the last drain, in order.
    public mutating func drain() -> [JournalRecord] {
        defer { records.removeAll(keepingCapacity: true) }
        return records
    }
}
