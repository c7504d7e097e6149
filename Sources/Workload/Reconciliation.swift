import XRPL

/// A transaction the journal has not seen settled, as a restart finds it.
public struct UnsettledTransaction: Sendable, Equatable {
    public let entry: JournalEntry
    /// Its last journalled state (never VALIDATED, REJECTED or EXPIRED).
    public let state: TxState
    /// The journal holds a validated transaction at the same account and Sequence.
    public let sequenceSpentByJournal: Bool

    public init(entry: JournalEntry, state: TxState, sequenceSpentByJournal: Bool) {
        self.entry = entry
        self.state = state
        self.sequenceSpentByJournal = sequenceSpentByJournal
    }
}

/// What `seqwatch run` on an existing state directory starts from (issue 12).
public struct RestartState: Sendable {
    public var unsettled: [UnsettledTransaction]
    /// The newest validated ledger the journal saw: a server behind it lost its state.
    public var lastLedger: UInt32?
    /// The journal saw something validate, so the accounts were funded on this ledger.
    public var funded: Bool
    /// The operator allows funding again accounts the server no longer has.
    public var refund: Bool
    /// The server is known to start a new ledger with every run (the embedded simulator without
    /// a state directory of its own): a lost ledger is expected, not news.
    public var ledgerStartsOver: Bool

    public init(unsettled: [UnsettledTransaction], lastLedger: UInt32?, funded: Bool, refund: Bool, ledgerStartsOver: Bool = false) {
        self.unsettled = unsettled
        self.ledgerStartsOver = ledgerStartsOver
        self.lastLedger = lastLedger
        self.funded = funded
        self.refund = refund
    }
}

/// Restart reconciliation's state and its one decision: every unsettled journal transaction is
/// looked up (`tx`), every account read (`account_info`), and only then does each get its
/// verdict from the ledger — nothing new is signed before that.
struct Reconciliation: Sendable {
    /// How a journalled transaction is settled by what the ledger shows.
    enum Verdict: Sendable, Equatable {
        /// In a validated ledger, with its result.
        case validated(ResultCode, ledger: UInt32?)
        /// In no validated ledger, and a validated ledger is past its LastLedgerSequence.
        case expired
        /// Its Sequence is spent, by another transaction of the journal (`foreign` false) or by
        /// one the journal does not know (true); it can never apply (tefPAST_SEQ).
        case sequenceSpent(foreign: Bool)
        /// Known to the server, not validated yet: tracked again, not resent.
        case pending
        /// Still valid and unknown to the server: the blob is resubmitted.
        case resubmit
        /// Given up by the engine before the restart and still able to apply: watched until its
        /// LastLedgerSequence passes (never resent).
        case watchAbandoned
    }

    /// What a `tx` lookup said.
    enum Lookup: Sendable, Equatable {
        case validated(ResultCode, ledger: UInt32?)
        case known
        case notFound
    }

    private(set) var entries: [UnsettledTransaction]
    private(set) var lookups: [String: Lookup] = [:]
    /// Each account's next Sequence in the current ledger; nil while unread, .some(nil) if the
    /// account is not on the ledger.
    private(set) var sequences: [AccountAddress: UInt32?] = [:]
    var txLeft: [String]
    var txOutstanding = 0
    let accounts: Set<AccountAddress>
    var started = false
    static let maxOutstanding = 200

    init(entries: [UnsettledTransaction], accounts: [AccountAddress]) {
        self.entries = entries
        self.accounts = Set(accounts)
        txLeft = entries.map(\.entry.hash).reversed()
    }

    var total: Int { entries.count + accounts.count }
    var done: Int { lookups.count + sequences.count }
    var complete: Bool { lookups.count == entries.count && sequences.count == accounts.count }

    mutating func noteLookup(_ hash: String, _ lookup: Lookup) {
        lookups[hash] = lookup
        txOutstanding = max(0, txOutstanding - 1)
    }

    mutating func noteAccount(_ a: AccountAddress, sequence: UInt32?) { sequences[a] = .some(sequence) }

    /// The verdict for every entry, from the lookups, the accounts' Sequences and the validated
    /// ledger. Pure: the table tests drive it directly.
    func verdicts(validated index: UInt32) -> [String: Verdict] {
        // Sequences another entry of the journal spent in a validated ledger.
        var spent: Set<String> = []
        for e in entries {
            if case .validated = lookups[e.entry.hash] { spent.insert("\(e.entry.account):\(e.entry.sequence)") }
        }
        var out: [String: Verdict] = [:]
        for e in entries {
            let t = e.entry
            let next = sequences[AccountAddress(t.account)] ?? nil
            switch lookups[t.hash] ?? .notFound {
            case .validated(let code, let ledger):
                out[t.hash] = .validated(code, ledger: ledger)
            case .known:
                out[t.hash] = e.state == .abandoned ? .watchAbandoned : .pending
            case .notFound:
                if t.lastLedgerSequence < index {
                    out[t.hash] = .expired
                } else if let next, t.sequence < next {
                    let ours = e.sequenceSpentByJournal || spent.contains("\(t.account):\(t.sequence)") || e.state == .abandoned
                    out[t.hash] = .sequenceSpent(foreign: !ours)
                } else {
                    out[t.hash] = e.state == .abandoned ? .watchAbandoned : .resubmit
                }
            }
        }
        return out
    }
}
