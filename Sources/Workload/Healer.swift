import XRPL

/// Where a heal stands for one account.
struct HealState: Sendable {
    enum Step: Sendable, Equatable {
        case reading
        case waiting(UInt32)
        case backoff
    }
    var step: Step = .reading
    var gaps: [UInt32] = []
    var plan: [HealPlanItem] = []
    let startedAtLedger: UInt32
    var stepLedger: UInt32
    var feeFailures = 0
}

/// The heals in progress, one per account, and how each advances: freeze the account, read
/// its ledger and queue, fill each gap in order — the original blob while still valid, else a
/// signed replacement — keep what the server holds, never send N+1 while N is missing, then
/// release. Owned by the strategy in force: every strategy heals the funding account (bootstrap
/// must not wedge) and operator-started heals; `heal` heals every account. It is handed on when
/// the strategy changes, so a heal in progress finishes the heal way.
struct Healer: Sendable {
    private(set) var heals: [AccountAddress: HealState] = [:]

    func owns(_ a: AccountAddress) -> Bool { heals[a] != nil }

    mutating func start(_ a: AccountAddress, reason: String, view: some StrategyView) -> [StrategyDecision] {
        guard heals[a] == nil, let chain = view.chain(a) else { return [] }
        heals[a] = HealState(startedAtLedger: chain.troubleSince?.ledger ?? view.validatedIndex, stepLedger: view.validatedIndex)
        return [.account(a, .healStarted), .log(.heal, "heal \(view.short(a)) started: \(reason)"), .read(a, .heal(a))]
    }

    /// A submit reply: a filler's answer moves the heal on; anything that leaves this Sequence
    /// unused (or proves a gap below it) starts a heal.
    mutating func onReply(_ t: TrackedTransaction, result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        let a = t.account
        if let h = heals[a], h.step == .waiting(t.sequence) {
            return fillerReplied(a, t, result, view: view)
        }
        let leavesGap = result == nil || result == .terPRE_SEQ || result == .tefPAST_SEQ
            || t.state == .retryable || t.state == .failedNet || (t.state == .rejected && result?.consumesSequence == false)
        guard leavesGap, heals[a] == nil else { return [] }
        return start(a, reason: result.map { "\($0.token) at seq \(t.sequence)" } ?? "no reply at seq \(t.sequence)", view: view)
    }

    /// The heal's read came back (nil: it failed, try again after the next close).
    mutating func onRead(_ a: AccountAddress, info: AccountInfoResponse?, view: some StrategyView) -> [StrategyDecision] {
        guard heals[a] != nil else { return [] }
        guard let info else {
            heals[a]?.step = .backoff
            return []
        }
        var decisions: [StrategyDecision] = []
        if let chain = view.chain(a), let floor = chain.ledgerCurrent, chain.nextSequence < floor {
            decisions.append(.log(.heal, "\(view.short(a)): cache \(chain.nextSequence) behind the ledger \(floor); moving up"))
            decisions.append(.moveCache(a, to: floor))
        }
        let plan = Self.plan(a, queued: info.queuedSequences, view: view)
        heals[a]?.plan = plan
        heals[a]?.gaps = plan.filter { $0.action == .resubmit || $0.action == .replace }.map(\.sequence)
        heals[a]?.stepLedger = view.validatedIndex
        if let gaps = heals[a]?.gaps, !gaps.isEmpty {
            decisions.append(.log(.heal, "\(view.short(a)) plan: " + plan.map { "\($0.sequence) \($0.action.rawValue)" }.joined(separator: ", ")))
        }
        return decisions + fillNextGap(a, view: view)
    }

    /// The account's validated Sequence moved: a heal waiting for a filler's reply at a
    /// Sequence the ledger has now spent need not wait for it (it may come late, or never).
    mutating func onProgress(_ a: AccountAddress, view: some StrategyView) -> [StrategyDecision] {
        guard let h = heals[a], case .waiting(let s) = h.step, let floor = view.chain(a)?.ledgerValidated, floor > s else { return [] }
        return fillNextGap(a, view: view)
    }

    /// Per ledger, for each of `accounts`: retry backed-off heals, re-read stalled ones, and
    /// start one where the account is DIVERGED or FOREIGN.
    mutating func onLedger(_ accounts: [AccountAddress], view: some StrategyView) -> [StrategyDecision] {
        var decisions: [StrategyDecision] = []
        for a in accounts { decisions += onLedger(a, view: view) }
        return decisions
    }

    private mutating func onLedger(_ a: AccountAddress, view: some StrategyView) -> [StrategyDecision] {
        if let h = heals[a] {
            switch h.step {
            case .backoff:
                heals[a]?.step = .reading
                return [.read(a, .heal(a))]
            case .waiting(let s):
                if let floor = view.chain(a)?.ledgerValidated, floor > s { return fillNextGap(a, view: view) }
                return rereadIfStalled(a, h, view: view)
            case .reading:
                return rereadIfStalled(a, h, view: view)
            }
        }
        if let st = view.chain(a)?.state.underlying, st == .diverged || st == .foreign, view.phase == .running || a == view.funderAddress {
            return start(a, reason: "divergence detected", view: view)
        }
        return []
    }

    private mutating func rereadIfStalled(_ a: AccountAddress, _ h: HealState, view: some StrategyView) -> [StrategyDecision] {
        guard view.validatedIndex > h.stepLedger + 3 else { return [] }
        heals[a]?.step = .reading
        heals[a]?.stepLedger = view.validatedIndex
        return [.read(a, .heal(a))]
    }

    /// The plan from a fresh account_info (current ledger, queue).
    static func plan(_ a: AccountAddress, queued: Set<UInt32>, view: some StrategyView) -> [HealPlanItem] {
        guard let chain = view.chain(a), let floor = chain.ledgerCurrent, chain.nextSequence > floor else { return [] }
        var plan: [HealPlanItem] = []
        for s in floor..<chain.nextSequence {
            let t = chain.live[s].flatMap { view.transaction($0) }
            if queued.contains(s) {
                plan.append(HealPlanItem(sequence: s, action: .keepQueued, hash: t?.hash, reason: "queued by the server"))
            } else if let t, t.state == .held {
                plan.append(HealPlanItem(sequence: s, action: .keepHeld, hash: t.hash, reason: "held by the server (terPRE_SEQ)"))
            } else if let t, t.state == .submitted, t.lastResult == nil {
                plan.append(HealPlanItem(sequence: s, action: .wait, hash: t.hash, reason: "reply outstanding"))
            } else if let t, view.canResubmit(t) {
                plan.append(HealPlanItem(sequence: s, action: .resubmit, hash: t.hash, reason: t.lastResult?.token ?? t.state.rawValue))
            } else {
                plan.append(HealPlanItem(sequence: s, action: .replace, hash: t?.hash, reason: t.map { $0.lastResult?.token ?? $0.state.rawValue } ?? "nothing sent"))
            }
        }
        return plan
    }

    /// Fills the lowest remaining gap, one at a time: never N+1 while N is missing.
    private mutating func fillNextGap(_ a: AccountAddress, view: some StrategyView) -> [StrategyDecision] {
        guard var h = heals[a] else { return [] }
        while let s = h.gaps.first {
            h.gaps.removeFirst()
            // Spent meanwhile (by a filler, the original, or a resync's resend): nothing to fill.
            if let floor = view.chain(a)?.ledgerValidated, s < floor { continue }
            let t = view.chain(a)?.live[s].flatMap { view.transaction($0) }
            if let t, t.state == .queued || t.state == .held || t.state == .validated { continue }
            h.step = .waiting(s)
            h.stepLedger = view.validatedIndex
            heals[a] = h
            if let t, view.canResubmit(t) { return [.resubmit(t.id)] }
            let fee = view.fees.retryFee(previous: t?.fee ?? view.fees.fee, failures: h.feeFailures)
            return [.sign(view.replacementIsNoOp ? .noOp : (t?.body ?? .noOp), from: a, sequence: s, fee: fee)]
        }
        heals[a] = h
        return release(a, view: view)
    }

    private mutating func fillerReplied(_ a: AccountAddress, _ t: TrackedTransaction, _ result: ResultCode?, view: some StrategyView) -> [StrategyDecision] {
        guard var h = heals[a] else { return [] }
        if let r = result, r.consumesSequence || r == .terQUEUED || r == .tefPAST_SEQ || r == .terPRE_SEQ {
            // Filled (or already filled by the server's own retry). On to the next gap.
            return fillNextGap(a, view: view)
        }
        // Refused again (load, fee, no reply): try again after the next close, paying more.
        h.feeFailures += 1
        h.gaps.insert(t.sequence, at: 0)
        h.step = .backoff
        h.stepLedger = view.validatedIndex
        heals[a] = h
        return []
    }

    private mutating func release(_ a: AccountAddress, view: some StrategyView) -> [StrategyDecision] {
        guard let h = heals.removeValue(forKey: a) else { return [] }
        // Ledgers and seconds over the same span: from when the trouble was seen (the heal's own
        // start when nothing was seen first), so "2 ledgers (2.6 s)" and never "0 ledgers (2.6 s)".
        let since = view.chain(a)?.troubleSince
        let fromLedger = since?.ledger ?? h.startedAtLedger
        let took = view.validatedIndex &- fromLedger
        let seconds = since.map { String(format: " (%.1f s)", view.now - $0.time) } ?? ""
        return [
            .account(a, .healReleased),
            .log(.heal, "\(view.short(a)) healed in \(took) ledger\(took == 1 ? "" : "s")\(seconds), since ledger \(fromLedger)"),
        ]
    }
}
