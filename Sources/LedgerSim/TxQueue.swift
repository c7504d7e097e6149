import XRPL

/// A transaction waiting in the queue (rippled's `MaybeTx`).
struct QueuedTransaction: Sendable {
    let candidate: Candidate
    var retriesRemaining: Int
    var lastResult: ResultCode?
    var feeLevel: UInt64 { candidate.feeLevel }
    var sequence: UInt32 { candidate.sequence }
}

/// One account's queued transactions, by Sequence, plus its penalties.
struct AccountQueue: Sendable {
    var bySequence: [UInt32: QueuedTransaction] = [:]
    var dropPenalty = false
    var retryPenalty = false

    var sortedSequences: [UInt32] { bySequence.keys.sorted() }
    var isEmpty: Bool { bySequence.isEmpty }
    var count: Int { bySequence.count }
}

/// The transaction queue and its fee metrics: rippled's TxQ, rule by rule (§1.3–1.8).
///
/// `apply` is the decision procedure a submit goes through; `accept` moves queued transactions
/// into a fresh open ledger; `processClosedLedger` adapts the metrics and expires what passed
/// its LastLedgerSequence.
struct TxQueue: Sendable {
    let config: SimConfig
    private(set) var metrics: FeeMetrics
    private(set) var accounts: [String: AccountQueue] = [:]
    private(set) var count = 0
    private var hashes: Set<String> = []
    /// Unset (no limit) until the first close, as in rippled.
    private(set) var maxSize: Int?

    init(config: SimConfig) {
        self.config = config
        self.metrics = FeeMetrics(setup: config.txq)
    }

    var setup: TxQSetup { config.txq }

    /// The first Sequence neither applied nor queued: `account_sequence_available`.
    func nextQueuableSequence(account: String, accountSequence: UInt32) -> UInt32 {
        var s = accountSequence
        guard let q = accounts[account] else { return s }
        while q.bySequence[s] != nil { s += 1 }
        return s
    }

    /// `levels.minimum_level`: base, or one above the cheapest queued level once the queue is full.
    var minimumLevel: UInt64 {
        guard let maxSize, count >= maxSize, let lowest = lowestQueued(excluding: nil) else { return FeeEscalation.baseLevel }
        return lowest.feeLevel + 1
    }

    // MARK: apply (§1.5)

    mutating func apply(_ c: Candidate, open: inout OpenLedger, loadFactor: UInt64, failHard: Bool) -> ResultCode {
        let pf = Transactor.preflight(c, config: config)
        guard pf == .tesSUCCESS else { return pf }
        let ctx = open.context(config: config, loadFactor: loadFactor)
        let required = metrics.requiredLevel(current: open.count)
        let account = open.state.accounts[c.account]

        // 2. Direct apply: the account's next Sequence, paying at least the open-ledger level.
        if let account, c.tx.ticketSequence == nil, c.sequence == account.sequence, c.feeLevel >= required {
            let result = open.apply(c, ctx: ctx)
            if result.consumesSequence { removeQueued(account: c.account, sequence: c.sequence) }
            return result
        }
        // 3. fail_hard never queues.
        if failHard { return .telCAN_NOT_QUEUE }
        // 4–5.
        guard let account else { return .terNO_ACCOUNT }
        if let ticket = c.tx.ticketSequence {
            return ticket < account.sequence ? ResultCode.named("tefNO_TICKET")! : ResultCode.named("terPRE_TICKET")!
        }
        let queue = accounts[c.account] ?? AccountQueue()
        let existing = queue.bySequence[c.sequence]
        // 6. Blockers.
        if !queue.isEmpty {
            if c.candidateIsBlocker, !(queue.count == 1 && existing != nil) { return .telCAN_NOT_QUEUE_BLOCKS }
            if existing == nil, queue.count == 1, let only = queue.bySequence.values.first, only.candidate.candidateIsBlocker {
                return .telCAN_NOT_QUEUE_BLOCKED
            }
        }
        // 7. Replacement must pay more than 125 % of the queued level.
        if let existing {
            let bar = FeeEscalation.mulDiv(existing.feeLevel, 100 + setup.retrySequencePercent, 100)
            if c.feeLevel <= bar { return .telCAN_NOT_QUEUE_FEE }
        }
        // 8–9. Sequence rules.
        let live = queue.bySequence.filter { $0.key >= account.sequence }
        var trialAccount: AccountEntry?
        var heldChecked = false
        if live.isEmpty {
            if c.sequence < account.sequence { return .tefPAST_SEQ }
            if c.sequence > account.sequence { return .terPRE_SEQ }
        } else {
            if c.sequence < account.sequence { return .tefPAST_SEQ }
            if let refusal = canBeHeld(c, account: account, queue: queue, replacing: existing != nil, open: open) { return refusal }
            heldChecked = true
            if existing == nil {
                let first = live.keys.min()!
                if c.sequence < first {
                    if c.sequence != account.sequence { return c.sequence < account.sequence ? .tefPAST_SEQ : .terPRE_SEQ }
                } else if c.sequence != nextQueuableSequence(account: c.account, accountSequence: account.sequence) {
                    return .telCAN_NOT_QUEUE
                }
            }
            let others = live.values.filter { $0.sequence != c.sequence && $0.sequence < c.sequence }
            let totalFee = others.reduce(UInt64(0)) { $0 + $1.candidate.tx.fee }
            let reserve = config.reserveBase
            if totalFee >= account.balance || (reserve > 10 * config.baseFee && totalFee >= reserve) {
                return .telCAN_NOT_QUEUE_BALANCE
            }
            let spend = others.reduce(UInt64(0)) { $0 + $1.candidate.potentialSpend }
            let spendable = account.balance > reserve ? account.balance - reserve : 0
            var trial = account
            trial.balance -= min(account.balance, totalFee + min(spendable, spend))
            trial.sequence = c.sequence
            trialAccount = trial
        }
        // 10. preclaim against the trial view: it must be likely to claim a fee.
        let pre = Transactor.preclaim(
            c, state: open.state, ctx: ctx, checkSequence: false, trialAccount: trialAccount, isDuplicate: open.contains(c.hash))
        if !pre.consumesSequence { return pre }

        // 11. Fee averaging: pay for the whole queued run at once.
        if existing == nil, required > FeeEscalation.baseLevel, c.feeLevel > required,
            let rescued = tryClearAccountQueue(c, account: account, open: &open, loadFactor: loadFactor)
        {
            return rescued
        }
        // 12.
        if !heldChecked, let refusal = canBeHeld(c, account: account, queue: queue, replacing: existing != nil, open: open) {
            return refusal
        }
        // 13. A full queue evicts the cheapest other account's last transaction, or refuses.
        if let maxSize, count >= maxSize, existing == nil {
            guard let lowest = lowestQueued(excluding: c.account) else { return .telCAN_NOT_QUEUE_FULL }
            let victimQueue = accounts[lowest.candidate.account]!
            let effective: UInt64
            if c.feeLevel > lowest.feeLevel {
                let levels = victimQueue.bySequence.values.map(\.feeLevel)
                effective = levels.reduce(0, +) / UInt64(levels.count)
            } else {
                effective = lowest.feeLevel
            }
            guard c.feeLevel > effective, let last = victimQueue.sortedSequences.last else { return .telCAN_NOT_QUEUE_FULL }
            removeQueued(account: lowest.candidate.account, sequence: last)
        }
        // 14. Queue it.
        if existing != nil { removeQueued(account: c.account, sequence: c.sequence) }
        accounts[c.account, default: AccountQueue()].bySequence[c.sequence] = QueuedTransaction(
            candidate: c, retriesRemaining: setup.retriesAllowed, lastResult: nil)
        hashes.insert(c.hash)
        count += 1
        return .terQUEUED
    }

    /// `canBeHeld` (§1.6): nil when the transaction may be queued.
    private func canBeHeld(_ c: Candidate, account: AccountEntry, queue: AccountQueue, replacing: Bool, open: OpenLedger) -> ResultCode? {
        if c.submittedFailHard { return .telCAN_NOT_QUEUE }
        if let lls = c.tx.lastLedgerSequence, lls < open.index + setup.minimumLastLedgerBuffer { return .telCAN_NOT_QUEUE }
        if queue.isEmpty || replacing || queue.count < setup.maximumTxnPerAccount { return nil }
        // Full account: only the first gap left by an expired transaction may be filled.
        let gap = nextQueuableSequence(account: c.account, accountSequence: account.sequence)
        if c.sequence == gap, queue.bySequence.keys.contains(where: { $0 > gap }) { return nil }
        return .telCAN_NOT_QUEUE_FULL
    }

    /// Applies the account's queued run plus `c` if together they pay the escalated series cost.
    private mutating func tryClearAccountQueue(_ c: Candidate, account: AccountEntry, open: inout OpenLedger, loadFactor: UInt64) -> ResultCode? {
        guard let queue = accounts[c.account], !queue.isEmpty else { return nil }
        var run: [QueuedTransaction] = []
        var s = account.sequence
        while s < c.sequence, let q = queue.bySequence[s] {
            run.append(q)
            s += 1
        }
        guard s == c.sequence, !run.isEmpty, run[0].retriesRemaining == setup.retriesAllowed else { return nil }
        let paid = run.reduce(c.feeLevel) { $0 + $1.feeLevel }
        guard paid >= metrics.seriesLevel(current: open.count, count: run.count + 1) else { return nil }
        for q in run {
            let r = open.apply(q.candidate, ctx: open.context(config: config, loadFactor: loadFactor))
            guard r.consumesSequence else { return nil }
            removeQueued(account: c.account, sequence: q.sequence)
        }
        return open.apply(c, ctx: open.context(config: config, loadFactor: loadFactor))
    }

    private func lowestQueued(excluding account: String?) -> QueuedTransaction? {
        var best: QueuedTransaction?
        for (address, q) in accounts where address != account {
            for tx in q.bySequence.values where best == nil || tx.feeLevel < best!.feeLevel {
                best = tx
            }
        }
        return best
    }

    mutating func removeQueued(account: String, sequence: UInt32) {
        guard let removed = accounts[account]?.bySequence.removeValue(forKey: sequence) else { return }
        hashes.remove(removed.candidate.hash)
        count -= 1
        if accounts[account]?.isEmpty == true { accounts[account] = nil }
    }

    // MARK: accept (§1.7)

    /// Moves queued transactions into a new open ledger: highest level first, each account in
    /// Sequence order, until the next candidate's level is below the rising requirement.
    mutating func accept(into open: inout OpenLedger, loadFactor: UInt64) {
        var triedThisRound: Set<String> = []
        let salt = open.parentHash
        while true {
            let required = metrics.requiredLevel(current: open.count)
            var best: QueuedTransaction?
            for (address, q) in accounts where !triedThisRound.contains(address) {
                guard let head = q.sortedSequences.first, let tx = q.bySequence[head] else { continue }
                if let b = best {
                    if tx.feeLevel > b.feeLevel
                        || (tx.feeLevel == b.feeLevel && Self.tieKey(tx.candidate.hash, salt) < Self.tieKey(b.candidate.hash, salt))
                    {
                        best = tx
                    }
                } else {
                    best = tx
                }
            }
            guard let candidate = best, candidate.feeLevel >= required else { return }
            let address = candidate.candidate.account
            let result = open.apply(candidate.candidate, ctx: open.context(config: config, loadFactor: loadFactor))
            if result.consumesSequence {
                removeQueued(account: address, sequence: candidate.sequence)
                continue
            }
            triedThisRound.insert(address)
            let outOfRetries = candidate.retriesRemaining <= 1
            if result.resultClass == .tef || result.resultClass == .tem || outOfRetries {
                removeQueued(account: address, sequence: candidate.sequence)
                if outOfRetries { accounts[address]?.retryPenalty = true } else { accounts[address]?.dropPenalty = true }
                continue
            }
            guard var q = accounts[address] else { continue }
            q.bySequence[candidate.sequence]?.retriesRemaining = q.retryPenalty ? 1 : candidate.retriesRemaining - 1
            q.bySequence[candidate.sequence]?.lastResult = result
            accounts[address] = q
            if q.dropPenalty, q.count > 1, let maxSize, count * 100 >= maxSize * 95, let last = q.sortedSequences.last {
                removeQueued(account: address, sequence: last)
            }
        }
    }

    /// Ties between equal fee levels are broken by transaction ID XOR the parent ledger hash.
    private static func tieKey(_ hash: String, _ salt: String) -> UInt64 {
        let a = UInt64(hash.prefix(16), radix: 16) ?? 0
        let b = UInt64(salt.prefix(16), radix: 16) ?? 0
        return a ^ b
    }

    // MARK: close (§1.4)

    /// Adapts the metrics to the ledger that just closed and expires what can no longer apply.
    /// Returns the hashes dropped for LastLedgerSequence.
    @discardableResult
    mutating func processClosedLedger(closedFeeLevels: [UInt64], closedIndex: UInt32, timeLeap: Bool) -> [String] {
        metrics.update(closedFeeLevels: closedFeeLevels, timeLeap: timeLeap)
        if !timeLeap {
            maxSize = max(metrics.txnsExpected * setup.ledgersInQueue, setup.queueSizeMin)
        }
        var expired: [String] = []
        for (address, q) in accounts {
            for (seq, tx) in q.bySequence {
                if let lls = tx.candidate.tx.lastLedgerSequence, lls <= closedIndex {
                    expired.append(tx.candidate.hash)
                    removeQueued(account: address, sequence: seq)
                    accounts[address]?.dropPenalty = true
                }
            }
        }
        return expired
    }

    /// Forgets everything (a server restart).
    mutating func reset() {
        accounts = [:]
        hashes = []
        count = 0
    }

    // MARK: reporting

    func queued(account: String) -> [QueuedTransaction] {
        guard let q = accounts[account] else { return [] }
        return q.sortedSequences.compactMap { q.bySequence[$0] }
    }

    func contains(hash: String) -> Bool { hashes.contains(hash) }

    var allQueued: [QueuedTransaction] { accounts.values.flatMap { $0.bySequence.values } }
}

extension Candidate {
    var candidateIsBlocker: Bool { isBlocker }
}
