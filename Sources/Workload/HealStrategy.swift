import XRPL

/// One step of a heal plan, as the console and `POST /workload/heal?dry_run=true` show it.
public struct HealPlanItem: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        /// The server has it queued: leave it.
        case keepQueued = "keep-queued"
        /// A terPRE_SEQ the server holds: it applies by itself once the gap below fills.
        case keepHeld = "keep-held"
        /// A reply is still outstanding.
        case wait
        /// Send the original signed blob again (same hash, still valid).
        case resubmit
        /// Sign a no-op AccountSet for this Sequence (the original is unusable).
        case replace
    }
    public let sequence: UInt32
    public let action: Action
    public let hash: String?
    public let reason: String
}

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

/// `heal` (the default): per account, never global. Freeze the account, read its ledger and
/// queue state, find the gaps in its chain, fill each in order — the original blob while it is
/// still valid, else a signed no-op replacement — keep what the server holds, never send N+1
/// while N is known missing, then release. Other accounts keep running throughout.
struct HealStrategy: RecoveryStrategy {
    var kind: StrategyKind { .heal }

    func onReply(core: inout WorkloadCore, transaction t: TrackedTransaction, result: ResultCode?) -> [EngineAction] {
        let a = t.account
        if let h = core.heals[a], h.step == .waiting(t.sequence) {
            return core.healFillerReplied(a, t, result)
        }
        // Anything that leaves this Sequence unused (or proves a gap below it) starts a heal.
        let leavesGap = result == nil || result == .terPRE_SEQ || result == .tefPAST_SEQ
            || t.state == .retryable || t.state == .failedNet || (t.state == .rejected && result?.consumesSequence == false)
        guard leavesGap, core.heals[a] == nil else { return [] }
        return core.startHeal(a, reason: result.map { "\($0.token) at seq \(t.sequence)" } ?? "no reply at seq \(t.sequence)")
    }

    func onRead(core: inout WorkloadCore, purpose: ReadPurpose, info: AccountInfoResponse?) -> [EngineAction] {
        guard case .heal(let a) = purpose else { return defaultRead(core: &core, purpose: purpose, info: info) }
        guard let info else {
            core.heals[a]?.step = .backoff
            return []
        }
        return core.healPlanRead(a, info)
    }

    func onLedger(core: inout WorkloadCore) -> [EngineAction] {
        var actions: [EngineAction] = []
        for a in core.allAccounts { actions += core.healOnLedger(a) }
        return actions
    }

    /// Under the other strategies only the funding account heals (bootstrap must not wedge).
    func healFunderOnly(core: inout WorkloadCore) -> [EngineAction] {
        core.healOnLedger(core.funderAddress)
    }
}

extension WorkloadCore {
    mutating func startHeal(_ a: String, reason: String) -> [EngineAction] {
        guard heals[a] == nil, chains[a] != nil else { return [] }
        heals[a] = HealState(startedAtLedger: chains[a]?.troubleSince?.ledger ?? validatedIndex, stepLedger: validatedIndex)
        account(a, .healStarted)
        log(.heal, "heal \(short(a)) started: \(reason)")
        return [read(.heal(a), account: a)]
    }

    /// The plan from a fresh account_info (current ledger, queue).
    func healPlan(_ a: String, queued: Set<UInt32>) -> [HealPlanItem] {
        guard let chain = chains[a], let floor = chain.ledgerCurrent else { return [] }
        var plan: [HealPlanItem] = []
        guard chain.nextSequence > floor else { return [] }
        for s in floor..<chain.nextSequence {
            let t = chain.live[s].flatMap { txs[$0] }
            if queued.contains(s) {
                plan.append(HealPlanItem(sequence: s, action: .keepQueued, hash: t?.hash, reason: "queued by the server"))
            } else if let t, t.state == .held {
                plan.append(HealPlanItem(sequence: s, action: .keepHeld, hash: t.hash, reason: "held by the server (terPRE_SEQ)"))
            } else if let t, t.state == .submitted, t.lastResult == nil {
                plan.append(HealPlanItem(sequence: s, action: .wait, hash: t.hash, reason: "reply outstanding"))
            } else if let t, canResubmit(t) {
                plan.append(HealPlanItem(sequence: s, action: .resubmit, hash: t.hash, reason: t.lastResult?.token ?? t.state.rawValue))
            } else {
                plan.append(HealPlanItem(sequence: s, action: .replace, hash: t?.hash, reason: t.map { $0.lastResult?.token ?? $0.state.rawValue } ?? "nothing sent"))
            }
        }
        return plan
    }

    /// Whether the original blob may simply be sent again: same generation, LastLedgerSequence
    /// not about to pass, and not refused for something resending cannot change.
    func canResubmit(_ t: TrackedTransaction) -> Bool {
        guard !t.injected, t.generation == chains[t.account]?.generation, t.lastLedgerSequence >= validatedIndex + 3 else { return false }
        guard let r = t.lastResult else { return true }
        switch r.clientAction {
        case .raiseFeeOrBackOff, .fixAndResign, .resignWithNewLastLedger: return false
        default: return true
        }
    }

    /// The heal plan for the console and the API's dry run (from the last known ledger state).
    public func dryRunHealPlan(_ a: String) -> [HealPlanItem] {
        let queued = Set(chains[a]?.live.compactMap { s, id in txs[id]?.state == .queued ? s : nil } ?? [])
        return healPlan(a, queued: queued)
    }

    mutating func healPlanRead(_ a: String, _ info: AccountInfoResponse) -> [EngineAction] {
        guard heals[a] != nil, var chain = chains[a], let floor = chain.ledgerCurrent else { return [] }
        if chain.nextSequence < floor {
            log(.heal, "\(short(a)): cache \(chain.nextSequence) behind the ledger \(floor); moving up")
            chain.nextSequence = floor
            chains[a] = chain
        }
        let queued = info.queuedSequences
        let plan = healPlan(a, queued: queued)
        heals[a]?.plan = plan
        heals[a]?.gaps = plan.filter { $0.action == .resubmit || $0.action == .replace }.map(\.sequence)
        heals[a]?.stepLedger = validatedIndex
        if let gaps = heals[a]?.gaps, !gaps.isEmpty {
            log(.heal, "\(short(a)) plan: " + plan.map { "\($0.sequence) \($0.action.rawValue)" }.joined(separator: ", "))
        }
        return fillNextGap(a)
    }

    /// Fills the lowest remaining gap, one at a time: never N+1 while N is missing.
    mutating func fillNextGap(_ a: String) -> [EngineAction] {
        guard var h = heals[a] else { return [] }
        while let s = h.gaps.first {
            h.gaps.removeFirst()
            // Spent meanwhile (by a filler, the original, or a resync's resend): nothing to fill.
            if let floor = chains[a]?.ledgerValidated, s < floor { continue }
            let t = chains[a]?.live[s].flatMap { txs[$0] }
            if let t, t.state == .queued || t.state == .held || t.state == .validated { continue }
            h.step = .waiting(s)
            h.stepLedger = validatedIndex
            heals[a] = h
            if let t, canResubmit(t) {
                return submit(t.id)
            }
            let fee = fees.retryFee(previous: t?.fee ?? fees.fee, failures: h.feeFailures)
            return sign(config.replacementIsNoOp ? .noOp : (t?.body ?? .noOp), from: a, sequence: s, fee: fee)
        }
        heals[a] = h
        releaseHeal(a)
        return []
    }

    mutating func healFillerReplied(_ a: String, _ t: TrackedTransaction, _ result: ResultCode?) -> [EngineAction] {
        guard var h = heals[a] else { return [] }
        if let r = result, r.consumesSequence || r == .terQUEUED || r == .tefPAST_SEQ || r == .terPRE_SEQ {
            // Filled (or already filled by the server's own retry). On to the next gap.
            return fillNextGap(a)
        }
        // Refused again (load, fee, no reply): try again after the next close, paying more.
        h.feeFailures += 1
        h.gaps.insert(t.sequence, at: 0)
        h.step = .backoff
        h.stepLedger = validatedIndex
        heals[a] = h
        return []
    }

    mutating func releaseHeal(_ a: String) {
        guard let h = heals.removeValue(forKey: a) else { return }
        let since = chains[a]?.troubleSince
        account(a, .healReleased)
        let took = validatedIndex - h.startedAtLedger
        log(.heal, "\(short(a)) healed in \(took) ledger\(took == 1 ? "" : "s")" + (since.map { String(format: " (%.1f s)", now - $0.time) } ?? ""))
    }

    /// Per ledger: start heals for diverged accounts, retry backed-off ones, re-read stalled ones.
    mutating func healOnLedger(_ a: String) -> [EngineAction] {
        if let h = heals[a] {
            switch h.step {
            case .backoff:
                heals[a]?.step = .reading
                return [read(.heal(a), account: a)]
            case .waiting(let s):
                // The ledger spent the Sequence waited on: the reply is moot.
                if let floor = chains[a]?.ledgerValidated, floor > s { return fillNextGap(a) }
                if validatedIndex > h.stepLedger + 3 {
                    heals[a]?.step = .reading
                    heals[a]?.stepLedger = validatedIndex
                    return [read(.heal(a), account: a)]
                }
                return []
            case .reading:
                if validatedIndex > h.stepLedger + 3 {
                    heals[a]?.step = .reading
                    heals[a]?.stepLedger = validatedIndex
                    return [read(.heal(a), account: a)]
                }
                return []
            }
        }
        if let st = chains[a]?.state.underlying, st == .diverged || st == .foreign, phase == .running || a == funderAddress {
            return startHeal(a, reason: "divergence detected")
        }
        return []
    }
}
