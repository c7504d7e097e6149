import XRPL

/// The seam between the core and the recovery strategy: the strategy reads the core through
/// `StrategyView` and answers with decisions; `perform` is the only place they take effect.
extension WorkloadCore: StrategyView {
    var replacementIsNoOp: Bool { config.replacementIsNoOp }
    func chain(_ address: AccountAddress) -> SequenceChain? { chains[address] }
    func transaction(_ id: TrackedTransaction.ID) -> TrackedTransaction? { txs[id] }

    /// DIVERGED with a gap for two ledgers or more: long enough for the stream to settle a
    /// submit whose reply was lost (FAILED_NET), so a repair is not started for a gap that the
    /// next ledger closes by itself.
    func hasLastingGap(_ a: AccountAddress) -> Bool {
        guard let c = book.chains[a], c.state.underlying == .diverged, let since = c.troubleSince?.ledger else { return false }
        return validatedIndex >= since + 2 && !gaps(of: a).isEmpty
    }

    /// Whether the original blob may simply be sent again: same generation, LastLedgerSequence
    /// not about to pass, and not refused for something resending cannot change.
    func canResubmit(_ t: TrackedTransaction) -> Bool {
        guard !t.injected, t.generation == book.chains[t.account]?.generation, t.lastLedgerSequence >= validatedIndex + 3 else { return false }
        guard let r = t.lastResult else { return true }
        switch r.clientAction {
        case .raiseFeeOrBackOff, .fixAndResign, .resignWithNewLastLedger: return false
        default: return true
        }
    }
}

extension WorkloadCore {
    /// Asks the strategy something and carries out its answer. The strategy is moved out of
    /// the core while it thinks, so it reads the core without an overlapping access and its
    /// own state (a dictionary of heals) is mutated in place, never copied.
    mutating func consult(_ ask: (inout any RecoveryStrategy, WorkloadCore) -> [StrategyDecision]) -> [EngineAction] {
        perform(borrowStrategy(ask))
    }

    /// Lends the strategy out of the core for one question (see `consult`).
    mutating func borrowStrategy<T>(_ ask: (inout any RecoveryStrategy, WorkloadCore) -> T) -> T {
        var s = strategy
        strategy = NaiveStrategy()
        defer { strategy = s }
        return ask(&s, self)
    }

    /// Carries out a strategy's decisions, in order.
    mutating func perform(_ decisions: [StrategyDecision]) -> [EngineAction] {
        var actions: [EngineAction] = []
        for d in decisions {
            switch d {
            case .read(let a, let purpose):
                actions.append(read(purpose, account: a))
            case .account(let a, let event):
                account(a, event)
            case .log(let kind, let message):
                log(kind, message)
            case .resubmit(let id):
                actions += submit(id)
            case .resubmitLost(let ids):
                actions += resubmitLost(ids)
            case .sign(let body, let a, let sequence, let fee):
                actions += sign(body, from: a, sequence: sequence, fee: fee)
            case .send(let body, let a):
                actions += send(body, from: a)
            case .moveCache(let a, let next):
                book.chains[a]?.nextSequence = next
            case .realign(let r):
                realign(r)
            case .resync(let a):
                actions += resync(account: a)
            case .globalPause(let trigger, let count):
                counters.globalPauses += 1
                log(.pause, "global pause #\(counters.globalPauses): \(trigger); re-reading \(count) accounts")
            }
        }
        return actions
    }

    /// Applies a realignment: a new generation, the cache at the ledger's Sequence, the account
    /// released, and what will not consume its Sequence abandoned.
    mutating func realign(_ r: Realignment) {
        guard var chain = book.chains[r.account] else { return }
        chain.generation += 1
        chain.nextSequence = r.nextSequence
        book.chains[r.account] = chain
        account(r.account, .released)
        for id in r.abandon { abandon(id) }
    }

    /// The operator's resync, its read back: realign and send the abandoned bodies again.
    mutating func realignAndResend(_ a: AccountAddress) -> [EngineAction] {
        let wasDiverged = book.chains[a].map { $0.status.isTrouble || ($0.gap ?? 0) != 0 } ?? false
        guard let r = Realignment(account: a, view: self) else {
            if bulkResync.includes(a) { bulkResyncAnswered(a, wasDiverged: wasDiverged, line: "\(short(a)) not resynced: no ledger view") }
            return []
        }
        realign(r)
        let line = "\(short(a)) resynced at \(book.chains[a]?.nextSequence ?? 0); resending \(r.resend.count)"
        if bulkResync.includes(a) {
            bulkResyncAnswered(a, wasDiverged: wasDiverged, line: line)
        } else {
            log(.resync, line)
        }
        var actions: [EngineAction] = []
        for body in r.resend { actions += send(body, from: a) }
        return actions
    }

    /// An operator's heal of one account, under any strategy.
    mutating func startHeal(_ a: AccountAddress, reason: String) -> [EngineAction] {
        consult { s, view in s.healer.start(a, reason: reason, view: view) }
    }

    /// The heal plan for the console and the API's dry run (from the last known ledger state).
    public func dryRunHealPlan(_ a: AccountAddress) -> [HealPlanItem] {
        let queued = Set(book.chains[a]?.live.compactMap { s, id in book.txs[id]?.state == .queued ? s : nil } ?? [])
        return Healer.plan(a, queued: queued, view: self)
    }

    /// Heals in progress (whatever the strategy).
    var heals: [AccountAddress: HealState] { strategy.healer.heals }
    /// The global pause in progress, if any.
    var globalResync: GlobalResync? { (strategy as? GlobalResyncStrategy)?.pause }

    /// Switches strategy at run time. The old strategy hands over what it holds (bodies waiting
    /// for a read, accounts a global pause froze) and its heals in progress, so every account is
    /// adopted in whatever state it is in; a DIVERGED account is the new strategy's at the next
    /// close.
    @discardableResult
    public mutating func setStrategy(_ kind: StrategyKind) -> [EngineAction] {
        guard kind != strategy.kind else { return [] }
        var old = strategy
        strategy = NaiveStrategy()
        let handed = old.handOver(view: self)
        var next = makeStrategy(kind)
        next.healer = old.healer
        strategy = next
        config.strategy = kind
        log(.strategy, "strategy \(kind.rawValue)")
        return perform(handed)
    }
}
