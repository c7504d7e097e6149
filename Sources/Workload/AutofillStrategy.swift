import XRPL

/// `autofill`: read the account's sequence before every signing. Costs a round trip per
/// transaction (batched per account while a read is outstanding).
struct AutofillStrategy: RecoveryStrategy {
    var kind: StrategyKind { .autofill }
    var healer = Healer()
    /// Bodies waiting for their account's read.
    private(set) var waiting: [AccountAddress: [TransactionBody]] = [:]
    /// Accounts with an autofill read outstanding (no new allocation meanwhile).
    private(set) var reading: Set<AccountAddress> = []

    func allowsAllocation(_ account: AccountAddress) -> Bool { !reading.contains(account) }

    mutating func allocate(_ body: TransactionBody, from a: AccountAddress, view: some StrategyView) -> [StrategyDecision]? {
        guard a != view.funderAddress else { return nil }
        waiting[a, default: []].append(body)
        guard reading.insert(a).inserted else { return [] }
        return [.read(a, .autofill(a))]
    }

    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        healerTakes(t.account, view: view) ? healer.onReply(t, result: result, view: view) : []
    }

    mutating func onRead(_ purpose: ReadPurpose, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision] {
        guard case .autofill(let a) = purpose else { return healRead(purpose, info: info, view: view) }
        reading.remove(a)
        let bodies = waiting.removeValue(forKey: a) ?? []
        guard info != nil, let chain = view.chain(a) else {
            // Read failed: the bodies wait for the next allocation's read.
            if !bodies.isEmpty { waiting[a] = bodies }
            return []
        }
        var next = chain.sequenceAvailable ?? chain.ledgerCurrent ?? chain.nextSequence
        var signs: [StrategyDecision] = []
        for body in bodies {
            // The server's "available" does not count its held (terPRE_SEQ) transactions: fill
            // the gaps below them, never sign over one it may still apply.
            while let id = chain.live[next], let t = view.transaction(id), t.state == .held || t.state == .queued { next += 1 }
            signs.append(.sign(body, from: a, sequence: next, fee: view.fees.fee))
            next += 1
        }
        return [.moveCache(a, to: next)] + signs
    }

    /// A gap nothing later trips over (a refused last transaction, a rarely sending account)
    /// is repaired too: re-read the account and realign it.
    mutating func onLedger(view: some StrategyView) -> [StrategyDecision] {
        var decisions = healFunderAndOpen(view: view)
        guard view.phase == .running else { return decisions }
        for a in view.workloadAndIssuer where view.hasLastingGap(a) { decisions.append(.resync(a)) }
        return decisions
    }

    /// The bodies still waiting for a read are sent by the next strategy.
    mutating func handOver(view: some StrategyView) -> [StrategyDecision] {
        defer {
            waiting = [:]
            reading = []
        }
        return waiting.keys.sorted().flatMap { a in waiting[a, default: []].map { StrategyDecision.send($0, from: a) } }
    }
}
