import XRPL

/// A transaction waiting in the queue (rippled's `MaybeTx`).
struct QueuedTransaction: Sendable {
    let candidate: Candidate
    /// `retriesRemaining`: starts at `retriesAllowed`; at 0 the next failure drops it.
    var retriesRemaining: Int
    var lastResult: ResultCode?
    /// The flags it was submitted with, minus tapRETRY (an admin's stays unlimited).
    let flags: ApplyFlags
    /// The transaction ID as a number, for the salted fee order (parsed once).
    let id: TieKey
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
/// `apply` is the decision procedure a submit goes through (`TxQ::apply`); `accept` moves
/// queued transactions into a fresh open ledger (`TxQ::accept`); `processClosedLedger` adapts
/// the metrics and expires what passed its LastLedgerSequence.
struct TxQueue: Sendable {
    let config: SimConfig
    private(set) var metrics: FeeMetrics
    private(set) var accounts: [String: AccountQueue] = [:]
    private(set) var count = 0
    private var hashes: Set<String> = []
    /// Unset (no limit) until the first close, as in rippled.
    private(set) var maxSize: Int?
    /// `MaybeTx::parentHashComp`: the salt of the fee order's ties, the parent hash of the open
    /// ledger the last `accept` filled. It changes only after an accept, so each accept orders
    /// by the previous open ledger's parent hash.
    private(set) var parentHashComp = TieKey.zero

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
        guard isFull(percent: 100), let lowest = lowestQueued(excluding: nil) else { return FeeEscalation.baseLevel }
        return lowest.feeLevel + 1
    }

    /// `isFull<FillPercentage>`.
    private func isFull(percent: Int) -> Bool {
        guard let maxSize else { return false }
        return count >= maxSize * percent / 100
    }

    // MARK: apply (§1.5)

    /// `TxQ::apply`.
    mutating func apply(_ c: Candidate, open: inout OpenLedger, load: LoadFeeTrack, flags: ApplyFlags) -> ApplyResult {
        func refuse(_ r: ResultCode) -> ApplyResult { ApplyResult(result: r, applied: false) }
        let pf = Transactor.preflight(c, config: config)
        guard pf == .tesSUCCESS else { return refuse(pf) }
        let required = metrics.requiredLevel(current: open.count)

        // `tryDirectApply`: the account's next Sequence, paying at least the open-ledger level.
        if let account = open.state.accounts[c.account], c.tx.ticketSequence == nil, c.sequence == account.sequence,
            c.feeLevel >= required
        {
            let result = open.apply(c, config: config, load: load, flags: flags)
            if result.applied { removeQueued(account: c.account, sequence: c.sequence) }
            return result
        }
        guard let account = open.state.accounts[c.account] else { return refuse(.terNO_ACCOUNT) }
        if let ticket = c.tx.ticketSequence {
            // The simulator has no tickets: none is ever in the ledger.
            return refuse(ticket < account.sequence ? ResultCode.named("tefNO_TICKET")! : ResultCode.named("terPRE_TICKET")!)
        }
        let queue = accounts[c.account] ?? AccountQueue()
        // Queued transactions the ledger has already passed are ignored (`txIter`).
        let live = queue.sortedSequences.filter { $0 >= account.sequence }
        let existing = queue.bySequence[c.sequence]

        // Blockers: alone in the account's queue, or replacing its only entry.
        if c.candidateIsBlocker {
            if live.count > 1 { return refuse(.telCAN_NOT_QUEUE_BLOCKS) }
            if live.count == 1, c.sequence != live[0] { return refuse(.telCAN_NOT_QUEUE_BLOCKS) }
        }
        if !live.isEmpty {
            if live.count == 1, queue.bySequence[live[0]]!.candidate.candidateIsBlocker, live[0] != c.sequence {
                return refuse(.telCAN_NOT_QUEUE_BLOCKED)
            }
            // A replacement must pay more than 125 % of the queued level.
            if let existing, c.feeLevel <= FeeEscalation.mulDiv(existing.feeLevel, 100 + setup.retrySequencePercent, 100) {
                return refuse(.telCAN_NOT_QUEUE_FEE)
            }
        }

        var trialAccount: AccountEntry?
        if live.isEmpty {
            if c.sequence < account.sequence { return refuse(.tefPAST_SEQ) }
            if c.sequence > account.sequence { return refuse(.terPRE_SEQ) }
        } else {
            if c.sequence < account.sequence { return refuse(.tefPAST_SEQ) }
            if live.count > 1 || existing == nil {
                if let refusal = canBeHeld(c, account: account, queue: queue, replacing: existing != nil, open: open, flags: flags) {
                    return refuse(refusal)
                }
                // `getPrevTx`: does it go to the front of the queue?
                let all = queue.sortedSequences
                let prev = all.last(where: { $0 < c.sequence }) ?? all[0]
                if c.sequence < prev {
                    if c.sequence < account.sequence { return refuse(.tefPAST_SEQ) }
                    if c.sequence > account.sequence { return refuse(.terPRE_SEQ) }
                } else if existing == nil, c.sequence != nextQueuableSequence(account: c.account, accountSequence: account.sequence) {
                    return refuse(.telCAN_NOT_QUEUE)
                }
                // `calcSpendAndFee`: every other live queued transaction, and this one too when it
                // replaces one in the middle.
                var totalFee: UInt64 = 0
                var spend: UInt64 = 0
                for s in live {
                    if s != c.sequence {
                        let q = queue.bySequence[s]!.candidate
                        totalFee = totalFee &+ q.tx.fee
                        spend = spend &+ q.potentialSpend
                    } else if s != live.last {
                        totalFee = totalFee &+ c.tx.fee
                        spend = spend &+ c.potentialSpend
                    }
                }
                let reserve = config.reserveBase
                if totalFee >= account.balance || (reserve > 10 * config.baseFee && totalFee >= reserve) {
                    return refuse(.telCAN_NOT_QUEUE_BALANCE)
                }
                var trial = account
                let spendable = account.balance - min(account.balance, reserve)
                trial.balance -= min(account.balance, totalFee + min(spendable, spend))
                trial.sequence = c.sequence
                trialAccount = trial
            }
        }
        // preclaim against the trial view: it must be likely to claim a fee.
        let pre = Transactor.preclaim(
            c, state: open.state, ctx: open.context(config: config, load: load, flags: flags), checkSequence: false,
            trialAccount: trialAccount, isDuplicate: open.contains(c.hash))
        if !pre.consumesSequence { return refuse(pre) }

        // Fee averaging: pay for the whole queued run at once.
        if let first = live.first, trialAccount != nil, queue.bySequence[first]!.retriesRemaining == setup.retriesAllowed,
            c.feeLevel > required, required > FeeEscalation.baseLevel
        {
            let cleared = tryClearAccountQueueUpThruTx(c, live: live, open: &open, load: load, flags: flags)
            if cleared.applied { return cleared }
        }
        if trialAccount == nil,
            let refusal = canBeHeld(c, account: account, queue: queue, replacing: existing != nil, open: open, flags: flags)
        {
            return refuse(refusal)
        }
        // A full queue evicts the last transaction of the account with the cheapest entry, or refuses.
        if existing == nil, isFull(percent: 100) {
            guard let lowest = lowestQueued(excluding: c.account) else { return refuse(.telCAN_NOT_QUEUE_FULL) }
            let victimQueue = accounts[lowest.candidate.account]!
            let effective: UInt64
            if lowest.feeLevel > c.feeLevel || victimQueue.count == 1 {
                effective = lowest.feeLevel
            } else {
                let levels = victimQueue.bySequence.values.map(\.feeLevel)
                effective = levels.reduce(0, +) / UInt64(levels.count)
            }
            guard c.feeLevel > effective, let last = victimQueue.sortedSequences.last else { return refuse(.telCAN_NOT_QUEUE_FULL) }
            removeQueued(account: lowest.candidate.account, sequence: last)
        }
        if existing != nil { removeQueued(account: c.account, sequence: c.sequence) }
        accounts[c.account, default: AccountQueue()].bySequence[c.sequence] = QueuedTransaction(
            candidate: c, retriesRemaining: setup.retriesAllowed, lastResult: nil, flags: flags.subtracting(.retry),
            id: TieKey(hex: c.hash))
        hashes.insert(c.hash)
        count += 1
        return refuse(.terQUEUED)
    }

    /// `canBeHeld` (§1.6): nil when the transaction may be queued.
    private func canBeHeld(
        _ c: Candidate, account: AccountEntry, queue: AccountQueue, replacing: Bool, open: OpenLedger, flags: ApplyFlags
    ) -> ResultCode? {
        if flags.contains(.failHard) || c.submittedFailHard { return .telCAN_NOT_QUEUE }
        if let lls = c.tx.lastLedgerSequence, lls < open.index + setup.minimumLastLedgerBuffer { return .telCAN_NOT_QUEUE }
        if queue.isEmpty || replacing || queue.count < setup.maximumTxnPerAccount { return nil }
        // Full account: only the first gap left by an expired transaction may be filled.
        let gap = nextQueuableSequence(account: c.account, accountSequence: account.sequence)
        if c.sequence == gap, queue.bySequence.keys.contains(where: { $0 > gap }) { return nil }
        return .telCAN_NOT_QUEUE_FULL
    }

    /// `TxQ::tryClearAccountQueueUpThruTx`: if the account's queued run before `c` plus `c`
    /// together pay the escalated series level, applies all of them in a sandbox and keeps the
    /// sandbox only if every one applied (all or nothing). Each queued transaction tried uses
    /// up a retry whatever happens, so a failed rescue is not retried by the next submit.
    private mutating func tryClearAccountQueueUpThruTx(
        _ c: Candidate, live: [UInt32], open: inout OpenLedger, load: LoadFeeTrack, flags: ApplyFlags
    ) -> ApplyResult {
        let notCleared = ApplyResult(result: .telINSUF_FEE_P, applied: false)
        let run = live.filter { $0 < c.sequence }
        guard let requiredTotal = metrics.seriesLevel(current: open.count, count: run.count + 1) else { return notCleared }
        let paid = run.reduce(c.feeLevel) { $0 &+ accounts[c.account]!.bySequence[$1]!.feeLevel }
        guard paid >= requiredTotal else { return notCleared }
        var sandbox = open
        for s in run {
            let q = accounts[c.account]!.bySequence[s]!
            let r = sandbox.apply(q.candidate, config: config, load: load, flags: q.flags)
            accounts[c.account]!.bySequence[s]!.retriesRemaining -= 1
            accounts[c.account]!.bySequence[s]!.lastResult = r.result
            if !r.applied { return ApplyResult(result: r.result, applied: false) }
        }
        let result = sandbox.apply(c, config: config, load: load, flags: flags)
        guard result.applied else { return result }
        open = sandbox
        for s in run { removeQueued(account: c.account, sequence: s) }
        removeQueued(account: c.account, sequence: c.sequence)
        return result
    }

    /// The entry `byFee_.rbegin()` names, skipping `account`'s: the lowest fee level, and of
    /// equal ones the last in the salted order — the same choice on every run.
    private func lowestQueued(excluding account: String?) -> QueuedTransaction? {
        var best: QueuedTransaction?
        var bestKey = TieKey.zero
        for (address, q) in accounts where address != account {
            for tx in q.bySequence.values {
                guard let b = best else {
                    best = tx
                    bestKey = tx.id ^ parentHashComp
                    continue
                }
                if tx.feeLevel > b.feeLevel { continue }
                let key = tx.id ^ parentHashComp
                if tx.feeLevel < b.feeLevel || key > bestKey {
                    best = tx
                    bestKey = key
                }
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

    /// `TxQ::accept`: walks the queue in fee order (highest level first, ties by ID ⊕ the
    /// previous accept's parent hash), trying each account's first transaction while its level
    /// meets the rising requirement. After a transaction leaves the queue (applied or dropped)
    /// the walk goes back to the account's next one if it sorts earlier (`eraseAndAdvance`).
    /// A failure drops the transaction on tef/tem or once its retries are used up; otherwise it
    /// stays, one retry fewer (at most one more under the retry penalty).
    mutating func accept(into open: inout OpenLedger, load: LoadFeeTrack) {
        let salt = parentHashComp
        var order: [QueuedTransaction] = accounts.values.flatMap { $0.bySequence.values }
        order.sort { a, b in a.feeLevel != b.feeLevel ? a.feeLevel > b.feeLevel : (a.id ^ salt) < (b.id ^ salt) }
        var position: [String: Int] = [:]
        for (i, q) in order.enumerated() { position[q.candidate.hash] = i }

        /// Where the walk goes after `q` left the queue (`eraseAndAdvance`).
        func advance(after q: QueuedTransaction, at i: Int) -> Int {
            guard let next = accounts[q.candidate.account]?.sortedSequences.first(where: { $0 > q.sequence }),
                let nextHash = accounts[q.candidate.account]?.bySequence[next]?.candidate.hash, let j = position[nextHash]
            else { return i + 1 }
            return j < i + 1 ? j : i + 1
        }

        var i = 0
        while i < order.count {
            let address = order[i].candidate.account
            let sequence = order[i].sequence
            // Gone already, or not the account's first: skip it.
            guard let current = accounts[address]?.bySequence[sequence], current.candidate.hash == order[i].candidate.hash,
                accounts[address]!.sortedSequences.first == sequence
            else {
                i += 1
                continue
            }
            guard current.feeLevel >= metrics.requiredLevel(current: open.count) else { break }
            let result = open.apply(current.candidate, config: config, load: load, flags: current.flags)
            if result.applied {
                removeQueued(account: address, sequence: sequence)
                i = advance(after: current, at: i)
                continue
            }
            let cls = result.result.resultClass
            if cls == .tef || cls == .tem || current.retriesRemaining <= 0 {
                if current.retriesRemaining <= 0 { accounts[address]?.retryPenalty = true } else { accounts[address]?.dropPenalty = true }
                removeQueued(account: address, sequence: sequence)
                i = advance(after: current, at: i)
                continue
            }
            var q = accounts[address]!
            let remaining = current.retriesRemaining
            q.bySequence[sequence]!.retriesRemaining = q.retryPenalty && remaining > 2 ? 1 : remaining - 1
            q.bySequence[sequence]!.lastResult = result.result
            accounts[address] = q
            if q.dropPenalty, q.count > 1, isFull(percent: 95), let last = q.sortedSequences.last, last != sequence {
                removeQueued(account: address, sequence: last)
            }
            i += 1
        }
        parentHashComp = TieKey(hex: open.parentHash)
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

/// A transaction ID XORed with a ledger hash, all 256 bits, compared as rippled compares
/// `txID ^ parentHashComp`: the pseudo-random but reproducible order of equal fee levels.
struct TieKey: Sendable, Comparable, Hashable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    static let zero = TieKey(words: (0, 0, 0, 0))

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// A 64-digit hex hash (a malformed digit reads as zero).
    init(hex: String) {
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = 0
        for byte in hex.utf8.prefix(64) {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
            default: digit = 0
            }
            switch i / 16 {
            case 0: w.0 = w.0 << 4 | digit
            case 1: w.1 = w.1 << 4 | digit
            case 2: w.2 = w.2 << 4 | digit
            default: w.3 = w.3 << 4 | digit
            }
            i += 1
        }
        words = w
    }

    init(hash: String, salt: TieKey) { self = TieKey(hex: hash) ^ salt }

    static func ^ (a: TieKey, b: TieKey) -> TieKey {
        TieKey(words: (a.words.0 ^ b.words.0, a.words.1 ^ b.words.1, a.words.2 ^ b.words.2, a.words.3 ^ b.words.3))
    }

    static func < (a: TieKey, b: TieKey) -> Bool {
        if a.words.0 != b.words.0 { return a.words.0 < b.words.0 }
        if a.words.1 != b.words.1 { return a.words.1 < b.words.1 }
        if a.words.2 != b.words.2 { return a.words.2 < b.words.2 }
        return a.words.3 < b.words.3
    }

    static func == (a: TieKey, b: TieKey) -> Bool { a.words == b.words }

    func hash(into h: inout Hasher) {
        h.combine(words.0)
        h.combine(words.1)
        h.combine(words.2)
        h.combine(words.3)
    }
}
