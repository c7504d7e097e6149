import XRPL

/// What `submit` answers (§3.4), before the API layer shapes it.
public struct SubmitOutcome: Sendable {
    public let hash: String
    public let blobHex: String
    public let txJSON: JSONValue
    public let result: ResultCode
    public let applied: Bool
    public let queued: Bool
    public let broadcast: Bool
    public let kept: Bool
    public var accepted: Bool { applied || broadcast || queued || kept }
    public let openLedgerCost: UInt64
    public let accountSequenceNext: UInt32?
    public let accountSequenceAvailable: UInt32?
    public let validatedLedgerIndex: UInt32
    /// The "dropped submit" fault: processed, but the caller must never see this reply.
    public let replyDropped: Bool
}

/// A line for the simulator's log and the console's event list.
public struct SimEvent: Sendable, Equatable {
    public let ledger: UInt32
    public let message: String
}

/// The whole simulated server, synchronous and deterministic: ledger state, open ledger, TxQ,
/// held transactions, load, history and faults. Time is passed in (seconds since the Ripple
/// epoch), never read, so tests and benchmarks replay exactly. `Simulator` wraps it in an actor
/// with a clock and subscriptions.
public struct SimulatorCore: Sendable {
    public let config: SimConfig
    public static let genesisAddress = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
    /// The genesis seed is public knowledge (every standalone rippled uses it).
    public static let genesisSeed = "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"

    public private(set) var validated: ClosedLedger
    var open: OpenLedger
    var queue: TxQueue
    var kept = HeldTransactions()
    var load: LoadFeeTrack
    var history: LedgerHistory
    var rng: SplitMix64
    public private(set) var now: Double
    private var lastCloseTime: Double
    private let startedAt: Double

    // Faults.
    public private(set) var dropShare: Double = 0
    public private(set) var localErrorShare: Double = 0
    public private(set) var localErrorCode: ResultCode = .telLOCAL_ERROR
    /// The tel fault's worst case: the refused transaction is forgotten instead of held.
    public private(set) var localErrorDrops = false
    public private(set) var surgePerLedger = 0
    public private(set) var stallUntil: Double?
    private var stalled = false
    public private(set) var faultCounts: [String: Int] = [:]
    public private(set) var events: [SimEvent] = []
    /// Events logged since start (the array keeps only the most recent 500).
    public private(set) var eventCount = 0
    private var surgeWallets: [Wallet] = []
    private var surgeSequences: [String: UInt32] = [:]
    public private(set) var restarts = 0
    /// Where each validated ledger goes before it is seen (nil: memory only, as always).
    var ledgerSink: (any LedgerSink)?
    /// Transactions applied to the open ledger, for the proposed streams.
    package var proposed = ProposedOutbox()

    public init(config: SimConfig = SimConfig(), startTime: Double = 0) {
        self.config = config
        self.now = startTime
        self.lastCloseTime = startTime
        self.startedAt = startTime
        queue = TxQueue(config: config)
        load = LoadFeeTrack(capacity: config.loadCapacity)
        history = LedgerHistory(capacity: config.historyLedgers)
        rng = SplitMix64(seed: config.seed)
        var state = LedgerState()
        let genesisID = (try? AddressCodec.decodeClassicAddress(Self.genesisAddress)) ?? []
        var genesisAccount = AccountEntry(address: Self.genesisAddress, accountID: genesisID, balance: Amount.maxDrops, sequence: 1)
        surgeWallets = Self.loadWallets(seed: config.seed)
        for w in surgeWallets {
            guard let id = try? AddressCodec.decodeClassicAddress(w.address) else { continue }
            // The simulator's own load accounts exist from genesis, so the fee-surge fault
            // never depends on funding through the queue it is about to fill.
            genesisAccount.balance -= Self.loadAccountBalance
            state.putAccount(AccountEntry(address: w.address, accountID: id, balance: Self.loadAccountBalance, sequence: 1))
        }
        for (address, drops) in config.prefundedAccounts.sorted(by: { $0.key < $1.key }) {
            guard let id = try? AddressCodec.decodeClassicAddress(address), state.accounts[address] == nil, address != Self.genesisAddress else { continue }
            let amount = min(drops, genesisAccount.balance / 2)
            genesisAccount.balance -= amount
            state.putAccount(AccountEntry(address: address, accountID: id, balance: amount, sequence: 1))
        }
        state.putAccount(genesisAccount)
        // With the default start, ledger 1 is genesis, ledger 2 the first closed one and the
        // first open ledger is 3 (§3.7); `startLedger` N moves all three to N-1, N, N+1.
        let first = Self.firstValidatedIndex(config)
        let t = Self.roundedCloseTime(startTime, resolution: config.closeTimeResolution)
        let zero = String(repeating: "0", count: 64)
        let genesis = ClosedLedger(
            index: first - 1, parentHash: zero, parentAccountHash: zero, closeTime: t, parentCloseTime: 0,
            resolution: config.closeTimeResolution, state: state, transactions: [])
        let second = ClosedLedger(
            index: first, parentHash: genesis.hash, parentAccountHash: genesis.accountHash, closeTime: t + 1,
            parentCloseTime: t, resolution: config.closeTimeResolution, state: state, transactions: [])
        history.append(genesis)
        history.append(second)
        validated = second
        open = OpenLedger(index: first + 1, parentHash: second.hash, parentCloseTime: second.closeTime, state: state)
    }

    /// The first validated ledger's index: `config.startLedger`, clamped into
    /// `SimConfig.startLedgerRange`.
    static func firstValidatedIndex(_ config: SimConfig) -> UInt32 {
        min(max(config.startLedger, SimConfig.startLedgerRange.lowerBound), SimConfig.startLedgerRange.upperBound)
    }

    // MARK: reading

    public var openLedgerIndex: UInt32 { open.index }
    public var openLedgerCount: Int { open.count }
    public var openState: LedgerState { open.state }
    public var validatedState: LedgerState { validated.state ?? open.state }
    public var queueCount: Int { queue.count }
    public var queueMaxSize: Int? { queue.maxSize }
    public var expectedLedgerSize: Int { queue.metrics.txnsExpected }
    public var escalationMultiplier: UInt64 { queue.metrics.escalationMultiplier }
    public var openLedgerLevel: UInt64 { queue.metrics.requiredLevel(current: open.count) }
    public var minimumLevel: UInt64 { queue.minimumLevel }
    /// The server's own load factor (`load_factor_server`; 256 = idle).
    public var loadFactor: UInt64 { load.localFee }
    public var heldCount: Int { kept.heldCount }
    public var localCount: Int { kept.localCount }
    public var completeLedgers: String { history.completeLedgers }
    /// The oldest ledger history still holds (genesis until eviction reaches it).
    public var oldestLedgerIndex: UInt32 { history.oldest }
    /// When this simulator started (seconds since the Ripple epoch), for `uptime`.
    public var startTime: Double { startedAt }
    public func ledger(_ index: UInt32) -> ClosedLedger? { history.ledger(index) }
    public func ledger(hash: String) -> ClosedLedger? { history.ledger(hash: hash) }
    public func transaction(_ hash: String) -> (ClosedLedger, LedgerTransaction)? { history.transaction(hash) }
    public var isStalled: Bool { stallUntil.map { now < $0 } ?? false }

    func queued(account: String) -> [QueuedTransaction] { queue.queued(account: account) }
    var allQueued: [QueuedTransaction] { queue.allQueued }
    func accountTransactions(_ account: String, min: UInt32, max: UInt32) -> [(ClosedLedger, LedgerTransaction)] {
        history.accountTransactions(account, min: min, max: max)
    }
    /// A transaction the server knows but has not put in a closed ledger (open, queued, held).
    func pendingCandidate(hash: String) -> Candidate? {
        let h = hash.uppercased()
        if let t = open.transactions.first(where: { $0.candidate.hash == h }) { return t.candidate }
        if let q = queue.allQueued.first(where: { $0.candidate.hash == h }) { return q.candidate }
        return kept.candidate(hash: h)
    }

    /// `open_ledger_cost` for a transaction with this base fee.
    public func openLedgerCost(baseFee: UInt64? = nil) -> UInt64 {
        FeeEscalation.mulDiv(openLedgerLevel, baseFee ?? config.baseFee, FeeEscalation.baseLevel)
    }

    /// `account_sequence_available` for an account in the open ledger.
    public func sequenceAvailable(_ address: String) -> UInt32? {
        guard let a = open.state.accounts[address] else { return nil }
        return queue.nextQueuableSequence(account: address, accountSequence: a.sequence)
    }

    // MARK: submit

    /// Decodes and verifies a signed blob, then runs it through NetworkOPs + TxQ as rippled would.
    public mutating func submit(blob: [UInt8], failHard: Bool = false, at time: Double) -> Result<SubmitOutcome, RPCError> {
        advanceClock(to: time)
        let c: Candidate
        switch Self.candidate(blob: blob, baseFee: config.baseFee, failHard: failHard) {
        case .failure(let e): return .failure(e)
        case .success(let parsed): c = parsed
        }
        return .success(submit(candidate: c, failHard: failHard))
    }

    /// Submits a blob already decoded and signature-checked with `candidate(blob:baseFee:failHard:)`.
    public mutating func submit(candidate c: Candidate, failHard: Bool = false, at time: Double) -> SubmitOutcome {
        advanceClock(to: time)
        return submit(candidate: c, failHard: failHard)
    }

    /// Parses and checks a blob: signature first (rippled refuses bad signatures before any
    /// engine result), then the typed model. Unsupported types get temUNKNOWN downstream.
    /// rippled's bounds on a serialized transaction (`txMinSizeBytes`, `txMaxSizeBytes` in
    /// Protocol.h), checked by `STTx::STTx(SerialIter&)` before it decodes anything.
    public static let transactionSizeRange = 32...BinaryCodec.maxBlobBytes

    public static func candidate(blob: [UInt8], baseFee: UInt64, failHard: Bool) -> Result<Candidate, RPCError> {
        guard !blob.isEmpty else { return .failure(RPCError(.invalidParams, message: "Invalid parameters.")) }
        guard transactionSizeRange.contains(blob.count) else {
            return .failure(RPCError(.invalidTransaction, exception: "Transaction length invalid"))
        }
        let json: JSONValue
        do {
            json = try BinaryCodec.decode(blob)
        } catch XRPLError.unknownTransactionType(let code) {
            // STTx's constructor: a type code rippled's TxFormats does not know.
            return .failure(RPCError(.invalidTransaction, exception: "Invalid transaction type \(code.replacingOccurrences(of: "code ", with: ""))"))
        } catch {
            return .failure(RPCError(.invalidTransaction, exception: "\(error)"))
        }
        switch TransactionTemplate.candidateTransaction(json) {
        case .failure(let e):
            return .failure(e)
        case .success(let (tx, disabled)):
            guard (try? TransactionSigner.verify(tx, blob: blob, json: json)) == true else {
                return .failure(RPCError(.invalidTransaction, exception: "fails local checks: Invalid signature."))
            }
            return .success(Candidate(
                tx: tx, blob: blob, hash: TransactionHash.compute(blob: blob), json: json, baseFee: baseFee, failHard: failHard,
                disabledBecause: disabled))
        }
    }

    mutating func submit(candidate c: Candidate, failHard: Bool) -> SubmitOutcome {
        let dropped = rng.chance(dropShare)
        if dropped { count("drop", "reply to \(c.hash.prefix(8)) dropped") }
        var flags: ApplyFlags = config.submitsAreAdmin ? .unlimited : []
        if failHard { flags.insert(.failHard) }
        let result: ApplyResult
        if rng.chance(localErrorShare) {
            count("tel", "\(localErrorCode.token) for \(c.account) seq \(c.sequence)\(localErrorDrops ? " (dropped)" : "")")
            // Worst case: refused before the server keeps anything.
            if localErrorDrops {
                return outcome(c, result: ApplyResult(result: localErrorCode, applied: false), kept: false, broadcast: false, dropped: dropped)
            }
            // As rippled treats a real tel from a local client: held and kept, so it is retried.
            result = ApplyResult(result: localErrorCode, applied: false)
        } else {
            load.recordSubmit(at: now)
            result = queue.apply(c, open: &open, load: load, flags: flags)
        }
        return record(c, result, failHard: failHard, dropped: dropped)
    }

    /// What `NetworkOPsImp::apply` does with a local submit's result. terQUEUED, ter, tel and
    /// tef other than tefPAST_SEQ are held; the transaction joins LocalTxs unless fail_hard
    /// refused it. The reply's `account_sequence_*` are read before held successors popped by
    /// a tesSUCCESS run, since rippled runs those in a later batch.
    private mutating func record(_ c: Candidate, _ result: ApplyResult, failHard: Bool, dropped: Bool) -> SubmitOutcome {
        let r = result.result
        // The proposed streams publish what applied to the open ledger.
        if result.applied { proposed.note(c, result: r, ledger: open.index) }
        let enforceFailHard = failHard && r != .tesSUCCESS
        var keptIt = false
        if r == .terQUEUED || (!failHard && Self.isHeldResult(r)) {
            kept.hold(c)
            keptIt = true
        }
        if !enforceFailHard {
            kept.keepLocal(c, submittedIn: open.index, holdLedgers: config.holdLedgers)
            keptIt = true
        }
        let broadcast = !enforceFailHard && (result.applied || r == .terQUEUED || !failHard)
        let reply = outcome(c, result: result, kept: keptIt, broadcast: broadcast, dropped: dropped)
        if r == .tesSUCCESS { popHeldSuccessors(of: c) }
        return reply
    }

    /// Results the server keeps in its held set: ter (including terQUEUED), and in current
    /// rippled also tel and tef other than tefPAST_SEQ (§1.10).
    static func isHeldResult(_ r: ResultCode) -> Bool {
        switch r.resultClass {
        case .ter, .tel: true
        case .tef: r != .tefPAST_SEQ
        default: false
        }
    }

    /// After a tesSUCCESS, NetworkOPs pops the held transaction right after it
    /// (`popAcctTransaction`) and submits it again — not local, not admin — in a later batch;
    /// a success there pops the next, a retry result is held again.
    private mutating func popHeldSuccessors(of c: Candidate) {
        var current = c
        while let next = kept.pop(after: current) {
            let r = queue.apply(next, open: &open, load: load, flags: [])
            if r.applied { proposed.note(next, result: r.result, ledger: open.index) }
            if r.result == .tesSUCCESS {
                current = next
                continue
            }
            if r.result == .terQUEUED || Self.isHeldResult(r.result) { kept.hold(next) }
            return
        }
    }

    /// `account_sequence_next` / `_available` are `getTxRequiredFeeAndSeq`'s: 0 and 0 for an
    /// account the open ledger does not have.
    private func outcome(_ c: Candidate, result: ApplyResult, kept: Bool, broadcast: Bool, dropped: Bool) -> SubmitOutcome {
        var json = c.json
        if case .object(var o) = json {
            o["hash"] = .string(c.hash)
            json = .object(o)
        }
        return SubmitOutcome(
            hash: c.hash, blobHex: Hex.encode(c.blob), txJSON: json, result: result.result, applied: result.applied,
            queued: result.result == .terQUEUED, broadcast: broadcast, kept: kept, openLedgerCost: openLedgerCost(),
            accountSequenceNext: open.state.accounts[c.account]?.sequence ?? 0, accountSequenceAvailable: sequenceAvailable(c.account) ?? 0,
            validatedLedgerIndex: validated.index, replyDropped: dropped)
    }

    // MARK: close

    /// Whether a timed close is due at `time` (interval passed and not stalled).
    public func closeDue(at time: Double) -> Bool {
        guard let interval = config.closeInterval else { return false }
        if let until = stallUntil, time < until { return false }
        return time - lastCloseTime >= interval
    }

    /// Closes the open ledger (§1.9): held transactions first, the canonical re-application to
    /// the parent state, TxQ metrics, then a new open ledger with leftovers, the queue and
    /// LocalTxs. The closed ledger is validated at once, as in standalone mode.
    @discardableResult
    public mutating func close(at time: Double) -> ClosedLedger {
        advanceClock(to: time)
        var timeLeap = false
        if let until = stallUntil, time >= until {
            stallUntil = nil
            timeLeap = stalled
            stalled = false
        }
        // 1. `applyHeldTransactions`: held transactions get one more try in the open ledger
        //    before it closes (TxQ::apply, no admin flags).
        for c in kept.takeHeld() {
            _ = queue.apply(c, open: &open, load: load, flags: [])
        }
        // 2. Canonical order salted by the transaction set's hash, applied to the parent state
        //    with metadata in rippled's passes (`applyTransactions`).
        let parent = validated
        let parentState = parent.state ?? open.state
        let candidates = open.transactions.map(\.candidate)
        let ordered = Self.canonicalOrder(candidates, salt: Self.transactionSetHash(candidates), state: open.state)
        var view = ApplyView(state: parentState, txHash: "", ledgerIndex: open.index, recordsMeta: true)
        var touched: [StateKey] = []
        var included: [LedgerTransaction] = []
        let ctx = ApplyContext(ledgerIndex: open.index, parentCloseTime: parent.closeTime, config: config)
        let leftovers = Self.applyPasses(ordered) { c, flags in
            var txView = ApplyView(
                state: LedgerState(), txHash: c.hash, ledgerIndex: open.index, recordsMeta: true, tracksKeys: ledgerSink != nil)
            swap(&txView.state, &view.state)
            let (o, applied) = Transactor.apply(c, view: &txView, ctx: ctx, flags: flags, transactionIndex: included.count)
            swap(&txView.state, &view.state)
            touched += txView.touched
            if applied { included.append(LedgerTransaction(candidate: c, result: o.result, meta: o.meta)) }
            return ApplyResult(result: o.result, applied: applied)
        }
        let closeTime = max(Self.roundedCloseTime(time, resolution: config.closeTimeResolution), parent.closeTime + 1)
        var closed = ClosedLedger(
            index: open.index, parentHash: parent.hash, parentAccountHash: parent.accountHash, closeTime: closeTime,
            parentCloseTime: parent.closeTime, resolution: config.closeTimeResolution, state: view.state, transactions: included)
        // Durable before anything below can make it visible. The binary form the sink stores is
        // the one history archives to one close later, so it is made once, here.
        if let sink = ledgerSink {
            _ = closed.encodeArchiveEarly()
            sink.ledgerValidated(ValidatedLedger(ledger: closed, changes: Self.changes(at: touched, from: parentState, to: view.state)))
        }
        // 3. The TxQ learns from the ledger and expires what passed its LastLedgerSequence.
        queue.processClosedLedger(closedFeeLevels: included.map(\.candidate.feeLevel), closedIndex: closed.index, timeLeap: timeLeap)
        history.append(closed)
        validated = closed
        lastCloseTime = time
        // 4. The next open ledger (`OpenLedger::accept`): leftovers, the queue, then LocalTxs,
        //    each without admin flags; then LocalTxs is swept against the ledger just validated.
        open = OpenLedger(index: closed.index + 1, parentHash: closed.hash, parentCloseTime: closed.closeTime, state: view.state)
        _ = Self.applyPasses(leftovers) { c, flags in open.apply(c, config: config, load: load, flags: flags) }
        queue.accept(into: &open, load: load)
        // One whose Sequence is past would get tefPAST_SEQ and change nothing.
        let retries = kept.localTransactions { c in
            (open.state.accounts[c.account]?.sequence ?? 0) > c.sequence || open.contains(c.hash) || queue.contains(hash: c.hash)
        }
        for c in retries { _ = queue.apply(c, open: &open, load: load, flags: []) }
        kept.sweepLocal(validated: closed.index, state: view.state, inLedger: { history.contains(tx: $0) })
        injectSurge()
        return closed
    }

    /// What a ledger did to each key it touched: the entry as it is now, or its deletion. Keys
    /// written and then restored to their old value, or created and deleted, drop out.
    static func changes(at keys: [StateKey], from parent: LedgerState, to state: LedgerState) -> [StateChange] {
        var seen = Set<StateKey>(minimumCapacity: keys.count)
        var out: [StateChange] = []
        out.reserveCapacity(keys.count)
        for key in keys where seen.insert(key).inserted {
            let before = parent.entry(at: key)
            switch state.entry(at: key) {
            case let after? where after != before: out.append(.put(after))
            case nil: if let before { out.append(.delete(index: before.index)) }
            default: break
            }
        }
        return out
    }

    /// Continues from ledgers a store kept: the newest becomes the validated ledger, with the
    /// restored state, and the next open ledger follows it. The open ledger, queue and held
    /// transactions start empty, as a restarted rippled's do, and so do the TxQ's fee metrics.
    mutating func resume(from restored: RestoredLedgers) {
        guard var newest = restored.ledgers.last else { return }
        newest.state = restored.state
        history = LedgerHistory(capacity: config.historyLedgers)
        for l in restored.ledgers.dropLast() { history.append(l) }
        history.append(newest)
        validated = newest
        open = OpenLedger(index: newest.index + 1, parentHash: newest.hash, parentCloseTime: newest.closeTime, state: restored.state)
    }

    /// `applyTransactions` (BuildLedger.cpp) and `OpenLedger::apply`: up to three passes over
    /// `txs`, the first ones under tapRETRY (a tec waits for a later pass instead of claiming
    /// its fee, since an earlier transaction may still make it succeed), ending with a pass
    /// without it. tef, tem and tel drop out; what is still retriable at the end is returned.
    static func applyPasses(_ txs: [Candidate], apply: (Candidate, ApplyFlags) -> ApplyResult) -> [Candidate] {
        var retry = txs
        var certainRetry = true
        for pass in 0..<3 where !retry.isEmpty {
            var changes = 0
            var next: [Candidate] = []
            for c in retry {
                let r = apply(c, certainRetry ? .retry : [])
                if r.applied {
                    changes += 1
                } else if ![.tef, .tem, .tel].contains(r.result.resultClass) {
                    next.append(c)
                }
            }
            retry = next
            if changes == 0 && !certainRetry { break }
            if changes == 0 || pass >= 1 { certainRetry = false }
        }
        return retry
    }

    /// A digest of a transaction set, independent of order: rippled salts the canonical order
    /// with the consensus set's SHAMap hash; this stands in for it (same set, same salt).
    static func transactionSetHash(_ txs: [Candidate]) -> String {
        var acc = TieKey.zero
        for c in txs { acc = TieKey(hash: c.hash, salt: acc) }
        var bytes: [UInt8] = []
        for w in [acc.words.0, acc.words.1, acc.words.2, acc.words.3, UInt64(txs.count)] {
            bytes += withUnsafeBytes(of: w.bigEndian, Array.init)
        }
        return Hex.encode(Hashing.sha512Half(bytes)).uppercased()
    }

    /// rippled's CanonicalTXSet order: accounts in a salted order, each account's transactions
    /// by Sequence, then by ID.
    static func canonicalOrder(_ txs: [Candidate], salt: String, state: LedgerState) -> [Candidate] {
        let s = UInt64(salt.prefix(16), radix: 16) ?? 0
        var keys: [String: UInt64] = [:]
        for c in txs where keys[c.account] == nil {
            let id = state.accounts[c.account]?.accountID ?? ((try? AddressCodec.decodeClassicAddress(c.account)) ?? [])
            keys[c.account] = id.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } ^ s
        }
        // Sort small keys, not the (large) candidates themselves.
        let order = txs.indices.sorted { i, j in
            let (a, b) = (keys[txs[i].account]!, keys[txs[j].account]!)
            if a != b { return a < b }
            if txs[i].sequence != txs[j].sequence { return txs[i].sequence < txs[j].sequence }
            return txs[i].hash < txs[j].hash
        }
        return order.map { txs[$0] }
    }

    static func roundedCloseTime(_ t: Double, resolution: UInt32) -> UInt32 {
        let r = Double(max(1, resolution))
        return UInt32(clamping: Int64(((t + r / 2) / r).rounded(.down) * r))
    }

    private mutating func advanceClock(to time: Double) {
        if time > now { now = time }
        load.advance(to: now)
        if let until = stallUntil, now < until { stalled = true }
    }

    // MARK: faults

    /// Applies a fault and returns the line logged for it.
    @discardableResult
    public mutating func inject(_ fault: SimFault, at time: Double) -> String {
        advanceClock(to: time)
        switch fault {
        case .dropSubmits(let share):
            dropShare = share
        case .localError(let share, let code, let drop):
            localErrorShare = share
            localErrorCode = ResultCode.named(code) ?? .telLOCAL_ERROR
            localErrorDrops = drop
        case .feeSurge(let n):
            surgePerLedger = n
            if n > 0 { injectSurge() }
        case .stall(let seconds):
            stallUntil = now + seconds
            stalled = true
        case .foreignTransaction(let account):
            injectForeign(account)
        case .restart:
            restarts += 1
            queue.reset()
            kept.reset()
            load.reset()
            open = OpenLedger(
                index: validated.index + 1, parentHash: validated.hash, parentCloseTime: validated.closeTime,
                state: validated.state ?? open.state)
        case .disconnectClients:
            break  // The actor owns sessions; it acts on this.
        case .clear:
            dropShare = 0
            localErrorShare = 0
            surgePerLedger = 0
            stallUntil = nil
        }
        let line = "fault \(fault)"
        faultCounts[fault.name, default: 0] += 1
        log(line)
        return line
    }

    private mutating func count(_ name: String, _ message: String) {
        faultCounts["\(name)-hits", default: 0] += 1
        log(message)
    }

    mutating func log(_ message: String) {
        events.append(SimEvent(ledger: open.index, message: message))
        eventCount += 1
        if events.count > 500 { events.removeFirst(events.count - 500) }
    }

    /// Another holder of the key spends the account's next Sequence with a no-op AccountSet.
    /// The simulator has no key for the account, so the transaction enters the ledger unsigned,
    /// as a trusted write — what the ledger would show after a foreign client's submit.
    private mutating func injectForeign(_ account: String) {
        guard let entry = open.state.accounts[account] else {
            log("foreign transaction skipped: \(account) does not exist")
            return
        }
        let seq = queue.nextQueuableSequence(account: account, accountSequence: entry.sequence)
        let tx = Transaction(
            account: account, body: .noOp, fee: max(config.baseFee, openLedgerCost()), sequence: seq,
            memos: [Memo(text: "seqwatch-sim foreign transaction")], signingPubKey: [])
        guard let blob = try? TransactionSigner.serialize(tx), let json = try? BinaryCodec.decode(blob) else { return }
        let c = Candidate(
            tx: tx, blob: blob, hash: TransactionHash.compute(blob: blob), json: json, baseFee: config.baseFee, failHard: false,
            trusted: true)
        let r = queue.apply(c, open: &open, load: LoadFeeTrack(capacity: nil), flags: []).result
        if r == .terPRE_SEQ || r == .terQUEUED { kept.hold(c) }
        log("foreign transaction spent \(account) seq \(seq): \(r.token)")
    }

    /// Background load for the fee-surge fault: simulator-owned accounts submit no-op
    /// AccountSets paying well above the open-ledger level, so ledgers fill and escalate.
    private mutating func injectSurge() {
        guard surgePerLedger > 0 else { return }
        for i in 0..<surgePerLedger {
            let w = surgeWallets[i % surgeWallets.count]
            guard let account = open.state.accounts[w.address] else { continue }
            let seq = max(account.sequence, surgeSequences[w.address] ?? 0)
            let fee = min(max(openLedgerCost() * 2, config.baseFee * 20), 1_000_000)
            var tx = Transaction(account: w.address, body: .noOp, fee: fee, sequence: seq, lastLedgerSequence: open.index + 4)
            tx.signingPubKey = w.keys.publicKey
            guard let signed = try? TransactionSigner.sign(tx, with: w.keys), let json = try? BinaryCodec.decode(signed.blob) else { continue }
            let c = Candidate(tx: tx, blob: signed.blob, hash: signed.hash, json: json, baseFee: config.baseFee, failHard: false)
            let r = queue.apply(c, open: &open, load: LoadFeeTrack(capacity: nil), flags: [])
            if r.applied || r.result == .terQUEUED { surgeSequences[w.address] = seq + 1 }
        }
    }

    static let loadAccountBalance: UInt64 = 100_000_000_000

    /// The fee-surge accounts: deterministic from the simulator seed, never shown a secret.
    static func loadWallets(seed: UInt64) -> [Wallet] {
        var seedRNG = SplitMix64(seed: seed ^ 0x5EED_5EED)
        return (0..<32).compactMap { _ in
            let entropy = (0..<16).map { _ in UInt8(truncatingIfNeeded: seedRNG.next()) }
            guard let seed = try? Seed(entropy: entropy, algorithm: .ed25519) else { return nil }
            return try? Wallet(seed: seed)
        }
    }

    /// Addresses of the simulator's own load accounts (the console hides them).
    public var loadAccountAddresses: Set<String> { Set(surgeWallets.map(\.address)) }
}

extension SimulatorCore {
    /// Events logged after the first `seen` (for printers that follow the log).
    public func events(after seen: Int) -> [SimEvent] {
        Array(events.suffix(min(events.count, max(0, eventCount - seen))))
    }
}

// MARK: - Stream messages and synchronous calls

extension SimulatorCore {
    /// A method call answered synchronously, as the actor would (without sessions): for
    /// deterministic drivers that run the simulator in the caller's own loop.
    public mutating func call(method: String, params: [String: JSONValue], apiVersion: Int = 2, at time: Double) -> ServiceReply {
        let reply = SimAPI.handle(method: method, params: params, apiVersion: apiVersion, core: &self, now: time)
        if case .failure(let e) = reply, e.token == SimAPI.droppedToken { return .dropped }
        return .reply(reply)
    }

    /// The `ledger` and `transaction` stream messages a subscriber to `accounts` (or to every
    /// transaction) receives for a closed ledger, in order.
    public func streamMessages(for l: ClosedLedger, accounts: Set<String>, allTransactions: Bool = false, apiVersion: Int = 2) -> [JSONValue] {
        var out: [JSONValue] = [.object(ledgerClosedMessage(l))]
        for t in l.transactions where allTransactions || !LedgerHistory.affectedAccounts(t).isDisjoint(with: accounts) {
            out.append(transactionMessage(t, ledger: l, apiVersion: apiVersion))
        }
        return out
    }

    public func ledgerClosedMessage(_ l: ClosedLedger) -> [String: JSONValue] {
        [
            "type": "ledgerClosed", "ledger_index": .int(Int64(l.index)), "ledger_hash": .string(l.hash),
            "ledger_time": .int(Int64(l.closeTime)), "fee_base": .int(Int64(config.baseFee)),
            "reserve_base": .int(Int64(clamping: config.reserveBase)), "reserve_inc": .int(Int64(clamping: config.reserveIncrement)),
            "txn_count": .int(Int64(l.transactionCount)), "validated_ledgers": .string(completeLedgers),
            "network_id": .int(Int64(config.networkID)),
        ]
    }

    public func transactionMessage(_ t: LedgerTransaction, ledger l: ClosedLedger, apiVersion: Int) -> JSONValue {
        var o: [String: JSONValue] = [
            "type": "transaction", "validated": true, "status": "closed", "engine_result": .string(t.result.token),
            "engine_result_code": .int(Int64(t.result.number)), "engine_result_message": .string(t.result.message),
            "ledger_index": .int(Int64(l.index)), "ledger_hash": .string(l.hash), "close_time_iso": .string(SimAPI.isoTime(l.closeTime)),
        ]
        if let meta = t.meta { o["meta"] = meta }
        var tx = t.candidate.json.objectValue ?? [:]
        tx["date"] = .int(Int64(l.closeTime))
        Self.putTransaction(tx, hash: t.candidate.hash, apiVersion: apiVersion, into: &o)
        return .object(o)
    }

}
