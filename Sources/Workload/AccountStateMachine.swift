/// How an account stands, as the console, the API and /metrics show it.
public enum AccountStatus: String, Sendable, Codable, CaseIterable {
    case ok = "OK"
    /// The cached next sequence and the ledger disagree in a way no in-flight transaction explains.
    case diverged = "DIVERGED"
    /// A heal is running on this account (no new allocations meanwhile).
    case healing = "HEALING"
    /// Non-final transactions and no validated progress of its Sequence for K ledgers, whatever
    /// the strategy believes: an overlay over the status underneath, lifted by progress.
    case stuck = "STUCK"
    /// Held back by a strategy (a resync read, a global pause): no new allocations.
    case frozen = "FROZEN"
    /// A validated transaction SeqWatch did not send spent one of its sequences.
    case foreign = "FOREIGN"
    /// The server lost its state (index went backwards, network changed, funded account gone):
    /// nothing the engine knew about this account holds any more.
    case reset = "RESET"
    /// A restart is settling what the journal left open against the ledger: nothing new is
    /// allocated until every transaction of the account has a verdict.
    case reconciling = "RECONCILING"

    /// Whether this status needs an operator's eye (everything but OK).
    public var isTrouble: Bool { self != .ok }
}

/// What can happen to an account. Everything that changes an account's status is one of these,
/// applied through `AccountStateMachine.transition`.
public enum AccountEvent: Sendable, Equatable, CustomStringConvertible {
    /// A gap no in-flight transaction explains (or the cache fell behind the ledger).
    case gapSeen
    /// No unexplained gap any more.
    case inStep
    /// A sequence was spent by a transaction SeqWatch did not send.
    case foreignSpend
    case healStarted
    case healReleased
    /// A strategy holds the account's allocations (a resync read, a global pause).
    case held
    /// The hold ends; the chain was realigned from the ledger.
    case released
    /// Non-final transactions and no validated progress for K ledgers.
    case noProgress
    /// Its Sequence advanced in a validated ledger.
    case progressed
    /// The server lost its state.
    case serverLost
    /// Funded and read again after a reset.
    case rebootstrapped
    /// A restart found the journal's transactions of this account open.
    case reconcileStarted
    /// Every one of them has its verdict from the ledger.
    case reconciled

    public var description: String {
        switch self {
        case .gapSeen: "gap seen"
        case .inStep: "in step"
        case .foreignSpend: "foreign spend"
        case .healStarted: "heal started"
        case .healReleased: "heal released"
        case .held: "held"
        case .released: "released"
        case .noProgress: "no progress"
        case .progressed: "progressed"
        case .serverLost: "server lost its state"
        case .rebootstrapped: "re-bootstrapped"
        case .reconcileStarted: "reconciling"
        case .reconciled: "reconciled"
        }
    }
}

/// An account's status and, while STUCK, the status underneath it (so that progress returns the
/// account to exactly where it was: still HEALING if a heal is still running).
public struct AccountState: Sendable, Equatable {
    public private(set) var status: AccountStatus
    /// The status STUCK lifts to; equal to `status` when not stuck.
    public private(set) var underlying: AccountStatus

    public init(_ status: AccountStatus = .ok) {
        self.status = status
        self.underlying = status
    }

    init(stuckOver underlying: AccountStatus) {
        status = .stuck
        self.underlying = underlying
    }

    /// Whether new sequences may be allocated: not while a heal, a hold or a reset owns the
    /// account. A STUCK account allocates as its underlying status does (STUCK reports; it does
    /// not decide — the strategy does).
    public var allowsAllocation: Bool {
        switch underlying {
        case .ok, .diverged, .foreign: true
        case .healing, .frozen, .reset, .stuck, .reconciling: false
        }
    }
}

/// The per-account state machine: one transition function, table-tested, beside
/// `TxStateMachine`. The engine applies every account event through it and nowhere else writes
/// a status.
///
/// | status | meaning | entered by | left by |
/// |---|---|---|---|
/// | OK | cache and ledger agree, or every difference is in flight | start, `inStep`, `healReleased`, `released`, `rebootstrapped` | any other event |
/// | DIVERGED | an unexplained gap | `gapSeen` from OK | `inStep`, `healStarted`, `held` |
/// | FOREIGN | someone else spent a sequence | `foreignSpend` from OK/DIVERGED | `inStep`, `healStarted`, `held` |
/// | HEALING | a heal owns the account | `healStarted` | `healReleased` |
/// | FROZEN | a resync or global pause holds it | `held` | `released` |
/// | STUCK | non-final transactions, no validated progress for K ledgers | `noProgress` from any but RESET | `progressed` (back to the status underneath) |
/// | RESET | the server lost its state | `serverLost` from any | `rebootstrapped` |
/// | RECONCILING | a restart settles the journal against the ledger | `reconcileStarted` from OK | `reconciled` |
public enum AccountStateMachine {
    /// The next state, or nil when the event does not apply (ignored).
    public static func transition(_ state: AccountState, _ event: AccountEvent) -> AccountState? {
        if state.status == .stuck {
            switch event {
            case .progressed: return AccountState(state.underlying)
            case .noProgress: return nil
            case .serverLost: return AccountState(.reset)
            default:
                // Events move the status underneath; the account stays STUCK until it progresses.
                return base(state.underlying, event).map { AccountState(stuckOver: $0) }
            }
        }
        switch event {
        // Reconciliation waits for reads, not for the ledger: it is not "stuck".
        case .noProgress: return state.status == .reset || state.status == .reconciling ? nil : AccountState(stuckOver: state.status)
        case .progressed: return nil
        default: return base(state.status, event).map { AccountState($0) }
        }
    }

    static func base(_ s: AccountStatus, _ e: AccountEvent) -> AccountStatus? {
        switch (s, e) {
        case (.reset, .rebootstrapped): .ok
        case (.ok, .reconcileStarted): .reconciling
        case (.reconciling, .reconciled): .ok
        case (.reconciling, .serverLost): .reset
        case (.reconciling, _): nil
        case (.reset, _): nil
        case (_, .serverLost): .reset
        case (.ok, .gapSeen): .diverged
        case (.diverged, .inStep), (.foreign, .inStep): .ok
        case (.ok, .foreignSpend), (.diverged, .foreignSpend): .foreign
        case (.ok, .healStarted), (.diverged, .healStarted), (.foreign, .healStarted), (.frozen, .healStarted): .healing
        case (.healing, .healReleased): .ok
        case (.ok, .held), (.diverged, .held), (.foreign, .held): .frozen
        case (.frozen, .released): .ok
        default: nil
        }
    }
}
