import XRPL

/// The state of a global pause.
struct GlobalResync: Sendable {
    var pending: Set<AccountAddress>
    var bodies: [(AccountAddress, TransactionBody)] = []
    let startedAtLedger: UInt32
}

/// `global`: any terPRE_SEQ pauses everything, re-reads every account, marks what failed
/// RETRYABLE and sends it again with fresh sequences, then resumes.
struct GlobalResyncStrategy: RecoveryStrategy {
    var kind: StrategyKind { .global }
    var healer = Healer()
    /// The pause in progress, if any: no account allocates meanwhile.
    private(set) var pause: GlobalResync?

    func allowsAllocation(_ account: AccountAddress) -> Bool { pause == nil }

    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        if healerTakes(t.account, view: view) { return healer.onReply(t, result: result, view: view) }
        guard result == .terPRE_SEQ, pause == nil, view.phase == .running else { return [] }
        return begin(trigger: "\(view.short(t.account)) got terPRE_SEQ at seq \(t.sequence)", view: view)
    }

    mutating func onRead(_ purpose: ReadPurpose, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision] {
        guard case .globalResync(let a) = purpose else { return healRead(purpose, info: info, view: view) }
        guard var g = pause else { return [] }
        var decisions: [StrategyDecision] = []
        if info != nil, let r = Realignment(account: a, view: view) {
            decisions.append(.realign(r))
            g.bodies += r.resend.map { (a, $0) }
        }
        g.pending.remove(a)
        guard g.pending.isEmpty else {
            pause = g
            return decisions
        }
        pause = nil
        decisions += view.workloadAndIssuer.map { .account($0, .released) }
        decisions.append(.log(.pause, "global resync done after \(view.validatedIndex - g.startedAtLedger) ledgers; resending \(g.bodies.count) transactions"))
        return decisions + g.bodies.map { .send($0.1, from: $0.0) }
    }

    /// A gap nothing later trips over (no terPRE_SEQ will ever come) pauses everything too.
    mutating func onLedger(view: some StrategyView) -> [StrategyDecision] {
        var decisions = healFunderAndOpen(view: view)
        guard pause == nil, view.phase == .running else { return decisions }
        if let a = view.workloadAndIssuer.first(where: { view.hasLastingGap($0) }) {
            decisions += begin(trigger: "\(view.short(a)) has a gap no reply will report", view: view)
        }
        return decisions
    }

    /// A pause cut short by a strategy switch releases every account it froze and hands the
    /// bodies it collected to the next strategy; accounts not yet re-read stay as they are
    /// (DIVERGED ones are the next strategy's to repair).
    mutating func handOver(view: some StrategyView) -> [StrategyDecision] {
        guard let g = pause else { return [] }
        pause = nil
        return view.workloadAndIssuer.map { .account($0, .released) }
            + [.log(.pause, "global pause ended by a strategy switch (\(g.pending.count) accounts not re-read)")]
            + g.bodies.map { .send($0.1, from: $0.0) }
    }

    private mutating func begin(trigger: String, view: some StrategyView) -> [StrategyDecision] {
        // Accounts a heal owns are re-read and realigned too (their heal then finds its gaps
        // spent and moves on): a pause that waited for a slow heal would stall everything.
        let accounts = view.workloadAndIssuer.filter { view.chain($0) != nil }
        pause = GlobalResync(pending: Set(accounts), startedAtLedger: view.validatedIndex)
        var decisions: [StrategyDecision] = [.globalPause(trigger: trigger, accounts: accounts.count)]
        for a in accounts {
            decisions.append(.account(a, .held))
            decisions.append(.read(a, .globalResync(a)))
        }
        return decisions
    }
}
