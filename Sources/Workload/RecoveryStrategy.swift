import XRPL

/// A recovery strategy: how the engine reacts to submit results, reads and ledger closes. Each
/// is a small stateless type; the state it needs lives in the core (chains, heal plans), so a
/// strategy can be swapped at run time.
protocol RecoveryStrategy: Sendable {
    var kind: StrategyKind { get }
    /// Read the account's sequence from the ledger before every signing (autofill).
    var readsBeforeSigning: Bool { get }
    func onReply(core: inout WorkloadCore, transaction: TrackedTransaction, result: ResultCode?) -> [EngineAction]
    func onRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction]
    func onLedger(core: inout WorkloadCore) -> [EngineAction]
    func onTick(core: inout WorkloadCore) -> [EngineAction]
    /// The server no longer holds these transactions the engine believed HELD or QUEUED (now
    /// RETRYABLE).
    func onLost(core: inout WorkloadCore, account: String, transactions: [TrackedTransaction.ID]) -> [EngineAction]
}

extension RecoveryStrategy {
    var readsBeforeSigning: Bool { false }
    func onTick(core: inout WorkloadCore) -> [EngineAction] { [] }

    /// Resend the blobs while their LastLedgerSequence is open; what cannot be resent stays a
    /// RETRYABLE gap that the strategy's usual repair fills (or that expires).
    func onLost(core: inout WorkloadCore, account: String, transactions: [TrackedTransaction.ID]) -> [EngineAction] {
        core.resubmitLost(transactions)
    }

    /// Operator resyncs work under every strategy; anything else is the strategy's business.
    func onRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction] {
        defaultRead(core: &core, purpose: purpose, info: info)
    }

    func defaultRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction] {
        switch purpose {
        case .resync(let a):
            return core.realignAndResend(a)
        case .heal(let a):
            // A heal started under another strategy: finish it the heal way.
            return HealStrategy().onRead(core: &core, purpose: .heal(a), info: info)
        case .autofill(let a):
            return AutofillStrategy().onRead(core: &core, purpose: .autofill(a), info: info)
        case .globalResync(let a):
            // A global pause started before a strategy switch still finishes (its accounts are held).
            return core.globalResyncRead(a, ok: info != nil)
        default:
            return []
        }
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
    func onReply(core: inout WorkloadCore, transaction: TrackedTransaction, result: ResultCode?) -> [EngineAction] {
        // The funding account always heals, or a naive run could never start.
        transaction.account == core.funderAddress ? HealStrategy().onReply(core: &core, transaction: transaction, result: result) : []
    }
    func onLedger(core: inout WorkloadCore) -> [EngineAction] { HealStrategy().healFunderOnly(core: &core) }
    /// The naive cache repairs nothing: the account shows DIVERGED (the truth) and stays so.
    func onLost(core: inout WorkloadCore, account: String, transactions: [TrackedTransaction.ID]) -> [EngineAction] {
        account == core.funderAddress ? core.resubmitLost(transactions) : []
    }
}

/// `autofill`: read the account's sequence before every signing. Costs a round trip per
/// transaction (batched per account while a read is outstanding).
struct AutofillStrategy: RecoveryStrategy {
    var kind: StrategyKind { .autofill }
    var readsBeforeSigning: Bool { true }

    func onReply(core: inout WorkloadCore, transaction: TrackedTransaction, result: ResultCode?) -> [EngineAction] {
        transaction.account == core.funderAddress ? HealStrategy().onReply(core: &core, transaction: transaction, result: result) : []
    }

    func onRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction] {
        guard case .autofill(let a) = purpose else { return defaultRead(core: &core, purpose: purpose, info: info) }
        let bodies = core.autofillWaiting.removeValue(forKey: a) ?? []
        guard info != nil, var chain = core.chains[a] else {
            // Read failed: put the work back for the next tick.
            core.autofillWaiting[a] = bodies
            return []
        }
        chain.nextSequence = chain.sequenceAvailable ?? chain.ledgerCurrent ?? chain.nextSequence
        core.chains[a] = chain
        var actions: [EngineAction] = []
        for body in bodies {
            // The server's "available" does not count its held (terPRE_SEQ) transactions: fill
            // the gaps below them, never sign over one it may still apply.
            var seq = core.chains[a]!.nextSequence
            while let id = core.chains[a]!.live[seq], let t = core.txs[id], t.state == .held || t.state == .queued { seq += 1 }
            core.chains[a]!.nextSequence = seq + 1
            actions += core.sign(body, from: a, sequence: seq, fee: core.fees.fee)
        }
        return actions
    }

    /// A gap nothing later trips over (a refused last transaction, a rarely sending account)
    /// is repaired too: re-read the account and realign it.
    func onLedger(core: inout WorkloadCore) -> [EngineAction] {
        var actions = HealStrategy().healFunderOnly(core: &core)
        guard core.phase == .running else { return actions }
        for a in core.accountOrder + [core.issuerAddress] where core.hasLastingGap(a) {
            actions += core.resync(account: a)
        }
        return actions
    }
}

/// `global`: any terPRE_SEQ pauses everything, re-reads every account, marks what failed
/// RETRYABLE and sends it again with fresh sequences, then resumes.
struct GlobalResyncStrategy: RecoveryStrategy {
    var kind: StrategyKind { .global }

    func onReply(core: inout WorkloadCore, transaction: TrackedTransaction, result: ResultCode?) -> [EngineAction] {
        if transaction.account == core.funderAddress {
            return HealStrategy().onReply(core: &core, transaction: transaction, result: result)
        }
        guard result == .terPRE_SEQ, core.globalResync == nil, core.phase == .running else { return [] }
        return core.beginGlobalResync(trigger: "\(core.short(transaction.account)) got terPRE_SEQ at seq \(transaction.sequence)")
    }

    /// A gap nothing later trips over (no terPRE_SEQ will ever come) pauses everything too.
    func onLedgerGaps(core: inout WorkloadCore) -> [EngineAction] {
        guard core.globalResync == nil, core.phase == .running else { return [] }
        guard let a = (core.accountOrder + [core.issuerAddress]).first(where: { core.hasLastingGap($0) }) else { return [] }
        return core.beginGlobalResync(trigger: "\(core.short(a)) has a gap no reply will report")
    }

    func onRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction] {
        guard case .globalResync(let a) = purpose else { return defaultRead(core: &core, purpose: purpose, info: info) }
        return core.globalResyncRead(a, ok: info != nil)
    }

    func onLedger(core: inout WorkloadCore) -> [EngineAction] { HealStrategy().healFunderOnly(core: &core) + onLedgerGaps(core: &core) }
}

/// The state of a global pause.
struct GlobalResync: Sendable {
    var pending: Set<String>
    var bodies: [(String, TransactionBody)] = []
    let startedAtLedger: UInt32
}

extension WorkloadCore {
    /// DIVERGED with a gap for two ledgers or more: long enough for the stream to settle a
    /// submit whose reply was lost (FAILED_NET), so a repair is not started for a gap that the
    /// next ledger closes by itself.
    func hasLastingGap(_ a: String) -> Bool {
        guard let c = chains[a], c.state.underlying == .diverged, let since = c.troubleSince?.ledger else { return false }
        return validatedIndex >= since + 2 && !gaps(of: a).isEmpty
    }

    mutating func beginGlobalResync(trigger: String) -> [EngineAction] {
        globalPauses += 1
        let accounts = accountOrder + [issuerAddress]
        log(.pause, "global pause #\(globalPauses): \(trigger); re-reading \(accounts.count) accounts")
        globalResync = GlobalResync(pending: Set(accounts), startedAtLedger: validatedIndex)
        var actions: [EngineAction] = []
        for a in accounts where chains[a] != nil {
            account(a, .held)
            actions.append(read(.globalResync(a), account: a))
        }
        return actions
    }

    mutating func globalResyncRead(_ a: String, ok: Bool) -> [EngineAction] {
        guard var g = globalResync else { return [] }
        if ok {
            for body in realign(a) { g.bodies.append((a, body)) }
        }
        g.pending.remove(a)
        globalResync = g
        guard g.pending.isEmpty else { return [] }
        globalResync = nil
        for a in accountOrder + [issuerAddress] { account(a, .released) }
        log(.pause, "global resync done after \(validatedIndex - g.startedAtLedger) ledgers; resending \(g.bodies.count) transactions")
        var actions: [EngineAction] = []
        for (a, body) in g.bodies { actions += send(body, from: a) }
        return actions
    }

    /// Realigns a chain with what account_info said: a new generation, the cache set to the
    /// first Sequence neither applied nor queued, and every transaction that will not consume
    /// its Sequence abandoned. Returns their bodies, to be sent again with fresh sequences.
    mutating func realign(_ a: String) -> [TransactionBody] {
        guard var chain = chains[a] else { return [] }
        let available = chain.sequenceAvailable ?? chain.ledgerCurrent ?? chain.nextSequence
        chain.generation += 1
        var bodies: [TransactionBody] = []
        var abandonIDs: [TrackedTransaction.ID] = []
        for (s, id) in chain.live.sorted(by: { $0.key < $1.key }) {
            guard let t = txs[id] else { continue }
            let willConsume = s < available && (t.state == .submitted || t.state == .queued)
            if !willConsume {
                // A held one may still be applied by the server itself (its LocalTxs): re-sending
                // its body too could apply it twice. Its Sequence is reused; if the server's copy
                // wins, it is "resurrected" and the cache follows it.
                if !t.injected && t.state != .held { bodies.append(t.body) }
                abandonIDs.append(id)
            }
        }
        chain.nextSequence = available
        chains[a] = chain
        account(a, .released)
        for id in abandonIDs { abandon(id) }
        return bodies
    }

    mutating func realignAndResend(_ a: String) -> [EngineAction] {
        let bodies = realign(a)
        log(.resync, "\(short(a)) resynced at \(chains[a]?.nextSequence ?? 0); resending \(bodies.count)")
        var actions: [EngineAction] = []
        for body in bodies { actions += send(body, from: a) }
        return actions
    }
}
