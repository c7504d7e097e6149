import XRPL

/// A recovery strategy: how the workload reacts to submit results, reads and ledger closes.
/// Each owns its state (heals in progress, a global pause, bodies waiting for a read) and
/// answers with `StrategyDecision`s; it sees the engine only through a read-only
/// `StrategyView`. Switching strategy hands the old one's work over (`handOver`) and passes its
/// `Healer` on, so every account is adopted in whatever state it is in.
protocol RecoveryStrategy: Sendable {
    var kind: StrategyKind { get }
    /// Heals in progress. Every strategy heals the funding account and operator-started heals.
    var healer: Healer { get set }
    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision]
    mutating func onRead(_ purpose: ReadPurpose, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision]
    mutating func onLedger(view: some StrategyView) -> [StrategyDecision]
    /// The server no longer holds these transactions the engine believed HELD or QUEUED (now
    /// RETRYABLE).
    mutating func onLost(account: AccountAddress, transactions: [TrackedTransaction.ID], view: some StrategyView) -> [StrategyDecision]
    /// A new body for `account`: nil lets the engine sign it at the cached next Sequence now;
    /// a strategy that must read first keeps it and answers with its decisions.
    mutating func allocate(_ body: TransactionBody, from account: AccountAddress, view: some StrategyView) -> [StrategyDecision]?
    /// Whether the strategy lets `account` get new transactions now.
    func allowsAllocation(_ account: AccountAddress) -> Bool
    /// Another strategy takes over: give back what this one holds (bodies waiting, accounts it
    /// froze) as decisions, so nothing is lost or left frozen.
    mutating func handOver(view: some StrategyView) -> [StrategyDecision]
}

extension RecoveryStrategy {
    mutating func onRead(_ purpose: ReadPurpose, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision] {
        healRead(purpose, info: info, view: view)
    }

    /// Heal reads finish the heal way under every strategy; reads another strategy started
    /// before a switch were handed over already and are ignored.
    mutating func healRead(_ purpose: ReadPurpose, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision] {
        guard case .heal(let a) = purpose else { return [] }
        return healer.onRead(a, info: info, view: view)
    }

    /// Resend the blobs while their LastLedgerSequence is open; what cannot be resent stays a
    /// RETRYABLE gap that the strategy's usual repair fills (or that expires).
    mutating func onLost(account: AccountAddress, transactions: [TrackedTransaction.ID], view: some StrategyView) -> [StrategyDecision] {
        [.resubmitLost(transactions)]
    }

    mutating func allocate(_ body: TransactionBody, from account: AccountAddress, view: some StrategyView) -> [StrategyDecision]? { nil }
    func allowsAllocation(_ account: AccountAddress) -> Bool { true }
    mutating func handOver(view: some StrategyView) -> [StrategyDecision] { [] }

    /// Under the strategies other than `heal`: the funding account and accounts an operator
    /// is healing belong to the healer.
    func healerTakes(_ account: AccountAddress, view: some StrategyView) -> Bool {
        account == view.funderAddress || healer.owns(account)
    }

    /// The heals a strategy other than `heal` drives each ledger: the funding account's (started
    /// when it diverges) and every heal already open.
    mutating func healFunderAndOpen(view: some StrategyView) -> [StrategyDecision] {
        let open = healer.heals.keys.sorted().filter { $0 != view.funderAddress }
        return healer.onLedger([view.funderAddress] + open, view: view)
    }
}

func makeStrategy(_ kind: StrategyKind) -> any RecoveryStrategy {
    switch kind {
    case .none: NaiveStrategy()
    case .global: GlobalResyncStrategy()
    case .autofill: AutofillStrategy()
    case .heal: HealStrategy()
    }
}

/// `none`: the naive cache. Failures are never repaired; reproduces the seed's failure.
struct NaiveStrategy: RecoveryStrategy {
    var kind: StrategyKind { .none }
    var healer = Healer()

    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        // The funding account always heals, or a naive run could never start.
        healerTakes(t.account, view: view) ? healer.onReply(t, result: result, view: view) : []
    }

    mutating func onLedger(view: some StrategyView) -> [StrategyDecision] { healFunderAndOpen(view: view) }

    /// The naive cache repairs nothing: the account shows DIVERGED (the truth) and stays so.
    mutating func onLost(account: AccountAddress, transactions: [TrackedTransaction.ID], view: some StrategyView) -> [StrategyDecision] {
        healerTakes(account, view: view) ? [.resubmitLost(transactions)] : []
    }
}
