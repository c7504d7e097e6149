import XRPL

/// What the engine believes, checked against the ledger: account status through the one
/// account state machine, the STUCK rule, HELD/QUEUED beliefs verified within a bounded number
/// of ledgers, and a server that lost its state.
extension WorkloadCore {
    // MARK: account status

    /// The one writer of an account's status: applies `event` through `AccountStateMachine`.
    /// Returns whether the status changed.
    @discardableResult
    mutating func account(_ a: AccountAddress, _ event: AccountEvent) -> Bool {
        guard var chain = book.chains[a], let next = AccountStateMachine.transition(chain.state, event) else { return false }
        let before = chain.state
        chain.state = next
        if next.status == .ok {
            chain.troubleSince = nil
        } else if chain.troubleSince == nil {
            chain.troubleSince = (now, validatedIndex)
        }
        book.chains[a] = chain
        if next.status == .stuck, before.status != .stuck {
            counters.stuckEpisodes += 1
            log(.stuck, "\(short(a)) STUCK: \(chain.live.count) non-final, Sequence \(chain.ledgerValidated.map(String.init) ?? "?") unchanged for \(validatedIndex - chain.lastProgressLedger) ledgers (status underneath \(next.underlying.rawValue))")
        } else if before.status == .stuck, next.status != .stuck {
            log(.stuck, "\(short(a)) moving again (\(next.status.rawValue))")
        }
        return before != next
    }

    /// Ledgers since an account last made validated progress while something of it waited, or
    /// nil when nothing of it is waiting. The STUCK rule's measure.
    func waitingLedgers(_ a: AccountAddress) -> UInt32? {
        guard let c = book.chains[a] else { return nil }
        var oldest: UInt32?
        for id in c.live.values {
            guard let t = book.txs[id], !t.state.isFinal, let at = t.submittedAtLedger else { continue }
            oldest = min(oldest ?? at, at)
        }
        guard let oldest else { return nil }
        let since = max(c.lastProgressLedger, oldest)
        return validatedIndex > since ? validatedIndex - since : 0
    }

    /// Per validated ledger: STUCK where non-final transactions waited `stuckLedgers` ledgers
    /// without the account's Sequence advancing (whatever the strategy); lifted once it moves
    /// or nothing of it waits any more.
    mutating func checkProgress() {
        for a in allAccounts where book.chains[a] != nil {
            if let waited = waitingLedgers(a) {
                if waited >= config.stuckLedgers { account(a, .noProgress) }
            } else {
                account(a, .progressed)
            }
        }
    }

    /// Records that an account's validated Sequence advanced (or is first known).
    mutating func progressed(_ a: AccountAddress, to sequence: UInt32, inLedger ledger: UInt32) {
        guard let old = book.chains[a]?.ledgerValidated else {
            book.chains[a]?.ledgerValidated = sequence
            book.chains[a]?.lastProgressLedger = ledger
            return
        }
        guard sequence > old else { return }
        if let c = book.chains[a], ledger > c.floorLedger {
            // A later ledger's message: the earlier one's floor is complete.
            book.chains[a]?.settledFloor = c.ledgerValidated
            book.chains[a]?.floorLedger = ledger
        }
        book.chains[a]?.ledgerValidated = sequence
        // The open ledger is never behind a validated one.
        if let current = book.chains[a]?.ledgerCurrent, current < sequence { book.chains[a]?.ledgerCurrent = sequence }
        let last = book.chains[a]?.lastProgressLedger ?? 0
        book.chains[a]?.lastProgressLedger = max(last, ledger)
        account(a, .progressed)
    }

    /// Per validated ledger: a cache the validated ledger has passed, with nothing of ours live
    /// below the ledger's Sequence, follows the ledger, whatever the strategy. Whatever spent
    /// those Sequences (a held transaction validating after a realign had set the cache back to
    /// it, a blob given up that the server's retry applied, a stranger), none of them can be used
    /// again, and an account that is not sending would otherwise stay behind for ever.
    mutating func cacheFollowsLedger() {
        for a in allAccounts {
            guard let c = book.chains[a], let v = c.ledgerValidated, c.nextSequence < v, c.live.keys.allSatisfy({ $0 >= v }) else { continue }
            book.chains[a]?.nextSequence = v
            log(.resync, "\(short(a)): cache \(c.nextSequence) behind the validated ledger's \(v) with nothing in flight below; moved up", detail: true)
        }
    }

    /// Per validated ledger: anything of ours still live at a Sequence below what a completed
    /// ledger shows spent was taken by something else (a replacement, a foreign or resurrected
    /// transaction): REJECTED — its own validation would have come with that ledger.
    mutating func sweepTakenSequences() -> [EngineAction] {
        var actions: [EngineAction] = []
        for a in allAccounts {
            guard var c = book.chains[a] else { continue }
            if c.floorLedger < validatedIndex, c.settledFloor != c.ledgerValidated {
                c.settledFloor = c.ledgerValidated
                book.chains[a] = c
            }
            guard let floor = c.settledFloor, let low = c.live.keys.min(), low < floor else { continue }
            for (s, id) in c.live.sorted(by: { $0.key < $1.key }) where s < floor {
                // Spent is a fact; by whom is a belief until the ledger says: its own validation
                // may not have reached the engine (a reconnect, a read that saw a later ledger
                // than the stream has delivered). Look the transaction up before any verdict.
                guard let x = book.txs[id], x.state != .validated, !checkingSpent.contains(id) else { continue }
                checkingSpent.insert(id)
                actions.append(request(.tx(hash: x.hash), for: .sequenceSpent(id)))
            }
        }
        return actions
    }

    /// The `tx` lookup of a live transaction whose Sequence the ledger spent: validated (its own
    /// validation was missed) or taken by another (REJECTED); asked again on a failed read.
    mutating func sequenceSpentLookedUp(_ id: TrackedTransaction.ID, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        checkingSpent.remove(id)
        guard book.txs[id] != nil else { return [] }
        switch result {
        case .success(.tx(let t)) where t.validated:
            if let token = t.finalResult, let code = ResultCode.named(token) {
                if let a = book.txs[id]?.account, let ledger = t.ledgerIndex, let seq = book.txs[id]?.sequence {
                    progressed(a, to: seq + 1, inLedger: ledger)
                }
                move(id, .validated(code))
            }
        case .failure(let f) where f.token == "txnNotFound":
            move(id, .sequenceTaken)
        default:
            break  // not validated yet, or the read failed: the next ledger's sweep asks again
        }
        return []
    }

    // MARK: beliefs

    /// Accounts holding a HELD or QUEUED belief older than `beliefCheckLedgers`: read with
    /// `queue: true` to confirm it (at most `maxVerifyReadsPerLedger` per ledger, oldest first).
    mutating func verifyBeliefs() -> [EngineAction] {
        guard phase == .running else { return [] }
        var due: [(since: UInt32, account: AccountAddress)] = []
        for a in allAccounts where !verifying.contains(a) {
            guard let c = book.chains[a] else { continue }
            var oldest: UInt32?
            for id in c.live.values {
                guard let t = book.txs[id], t.state == .held || t.state == .queued else { continue }
                let since = max(t.lastSubmitLedger ?? 0, t.beliefCheckedLedger ?? 0)
                if validatedIndex >= since + config.beliefCheckLedgers { oldest = min(oldest ?? since, since) }
            }
            if let oldest { due.append((oldest, a)) }
        }
        due.sort { ($0.since, $0.account) < ($1.since, $1.account) }
        var actions: [EngineAction] = []
        for d in due.prefix(config.maxVerifyReadsPerLedger) {
            verifying.insert(d.account)
            actions.append(read(.verify(d.account), account: d.account))
        }
        return actions
    }

    /// A verification read came back: beliefs the server confirms are stamped, the rest become
    /// RETRYABLE and the strategy decides.
    mutating func verified(_ a: AccountAddress, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        verifying.remove(a)
        guard case .success(.accountInfo(let r)) = result else {
            if case .failure(let f) = result, f.token == "actNotFound" { return accountVanished(a) }
            return []
        }
        updateFromAccountInfo(a, r)
        guard let c = book.chains[a], let sequence = c.ledgerCurrent else { return [] }
        let queued = r.queuedSequences
        var lost: [TrackedTransaction.ID] = []
        for (s, id) in c.live.sorted(by: { $0.key < $1.key }) {
            guard var t = book.txs[id], t.state == .held || t.state == .queued else { continue }
            if s < sequence || queued.contains(s) {
                // Applied to the open ledger (the stream will validate it) or queued: confirmed.
                t.beliefCheckedLedger = validatedIndex
                book.txs[id] = t
                continue
            }
            // A held transaction lives in the server's LocalTxs for a few ledgers after its
            // submit, invisible to account_info: give it that long before calling it lost.
            if t.state == .held, validatedIndex < (t.lastSubmitLedger ?? 0) + config.serverHoldLedgers { continue }
            lost.append(id)
        }
        guard !lost.isEmpty else { return [] }
        counters.beliefsRefuted += lost.count
        let seqs = lost.compactMap { book.txs[$0]?.sequence }
        log(.belief, "\(short(a)): the server no longer holds seq \(seqs.map(String.init).joined(separator: ", ")) (believed held/queued); marked RETRYABLE")
        for id in lost { move(id, .markedRetryable) }
        return consult { s, view in s.onLost(account: a, transactions: lost, view: view) }
    }

    /// Resubmits lost blobs whose LastLedgerSequence is still comfortably open; the rest stay
    /// RETRYABLE, a gap the strategy fills (or, past LastLedgerSequence, EXPIRED).
    mutating func resubmitLost(_ ids: [TrackedTransaction.ID]) -> [EngineAction] {
        var actions: [EngineAction] = []
        for id in ids {
            guard let t = book.txs[id], t.state == .retryable, canResubmit(t) else { continue }
            actions += submit(id)
        }
        return actions
    }

    // MARK: head-of-line fee inversion

    /// The TxQ takes transactions by fee level, but an account's only in Sequence order. When
    /// fees rose after an account's head was queued, its successors pay more and the head pays
    /// less than everything else in the queue: it is never picked, and the whole chain waits
    /// past its LastLedgerSequence. Replace such a head (same Sequence, same body) with one that
    /// pays what its successors pay — rippled accepts a replacement above 125 % of the old fee.
    /// Bounded: heads queued for at least two ledgers, `maxHeadBumpsPerLedger` per ledger.
    mutating func bumpInvertedHeads() -> [EngineAction] {
        guard strategy.kind != .none, phase == .running else { return [] }
        var actions: [EngineAction] = []
        var bumped = 0
        for a in allAccounts where bumped < config.maxHeadBumpsPerLedger {
            guard let c = book.chains[a], let low = c.live.keys.min(), let hid = c.live[low], let head = book.txs[hid],
                head.state == .queued, !head.injected, validatedIndex >= (head.lastSubmitLedger ?? validatedIndex) + 2
            else { continue }
            let successors = c.live.values.compactMap { book.txs[$0] }.filter { $0.sequence > low && !$0.state.isFinal }.map(\.fee)
            guard let wanted = successors.max(), let fee = fees.headBump(headFee: head.fee, wanted: wanted) else { continue }
            counters.headBumps += 1
            bumped += 1
            actions += sign(head.body, from: a, sequence: low, fee: fee, origin: .replacement)
        }
        return actions
    }

    // MARK: a server that lost its state

    /// Why the server answering now is not the one the engine knew (nil if it is): the network
    /// id changed, or its validated ledger is more than two behind the newest seen (a late
    /// message is one behind at most; more is another history). Records the network id.
    mutating func otherServer(validated index: UInt32?, networkID n: UInt32?) -> String? {
        if let n {
            defer { networkID = n }
            if let known = networkID, known != n, phase != .starting { return "the network id changed from \(known) to \(n)" }
        }
        if let index, index + 2 < validatedIndex, phase != .starting {
            return "the validated ledger went back from \(validatedIndex) to \(index)"
        }
        return nil
    }

    /// An account SeqWatch funded and read is not on the ledger: the server lost its state.
    mutating func accountVanished(_ a: AccountAddress) -> [EngineAction] {
        guard phase == .running, book.chains[a]?.ledgerValidated != nil || book.chains[a]?.ledgerCurrent != nil else { return [] }
        return serverLost("funded account \(short(a)) is not on the ledger (actNotFound)", newIndex: nil)
    }

    /// The documented rule: every account goes RESET, everything in flight is abandoned, and the
    /// engine starts over from the funding account — re-bootstrapping if the funder is still on
    /// the ledger (a test server started afresh), stopping with one line if it is not.
    mutating func serverLost(_ reason: String, newIndex: UInt32?) -> [EngineAction] {
        guard config.refundOnServerLoss else {
            fatal = "the server lost its state (\(reason)); start again with --refund to fund the accounts again, or give another --state-dir"
            return []
        }
        counters.serverResets += 1
        counters.lastReset = reason
        log(.reset, "the server lost its state: \(reason); abandoning \(book.txs.count) in flight and re-bootstrapping from the funding account")
        for a in allAccounts { account(a, .serverLost) }
        for id in book.txs.keys.sorted() { move(id, .abandoned) }
        // Every strategy's state (heals, a pause, bodies waiting) described the old ledger.
        strategy = makeStrategy(strategy.kind)
        verifying = []
        checkingSpent = []
        fundingLeft = []
        discoverLeft = []
        generator.forgetLedgerState()
        funderSequence = nil
        book.forgetLedger()
        validatedIndex = newIndex ?? 0
        feeTracker.forgetLedgers()
        phase = .starting
        return [read(.funder, account: funderAddress), readServerInfo()]
    }
}
