import DequeModule
import XRPL

/// The workload engine's logic, with no I/O: accounts and their sequence chains, the tracker
/// with its state machine, the generator, the fee policy and the recovery strategy. Inputs go in
/// through `handle` / `tick` / commands; what to do comes out as `EngineAction`s. Deterministic
/// given its inputs, so every strategy and fault can be tested on the manual-clock simulator.
@dynamicMemberLookup
public struct WorkloadCore: Sendable {
    public enum Phase: String, Sendable, Codable {
        case starting, reconciling, funding, discovering, running
    }

    public internal(set) var config: WorkloadConfig
    var strategy: any RecoveryStrategy
    public internal(set) var phase: Phase = .starting
    public internal(set) var paused = false

    let funder: Wallet
    let issuer: Wallet
    /// The workload accounts, in order (the issuer is separate).
    public let accountOrder: [AccountAddress]
    /// Every account the engine signs for, sorted by address (the pending list's order).
    let accountsByAddress: [AccountAddress]
    var wallets: [AccountAddress: Wallet] = [:]
    /// Chains and tracked transactions (its own type: `AccountBook`).
    public internal(set) var book = AccountBook()
    public var chains: [AccountAddress: SequenceChain] { book.chains }
    /// Non-final tracked transactions.
    public var txs: [TrackedTransaction.ID: TrackedTransaction] { book.txs }
    /// The most recent final transactions (bounded).
    public var recentFinal: Deque<TrackedTransaction> { book.recentFinal }
    var nextRequestID: RequestID = 1
    var requests: [RequestID: ReadPurpose] = [:]

    var bucket: TokenBucket
    /// The server's fees, load and ledger/queue sizes (its own type: `FeeTracker`).
    public internal(set) var feeTracker: FeeTracker
    /// The fee policy inside the tracker.
    public internal(set) var fees: FeePolicy {
        get { feeTracker.policy }
        set { feeTracker.policy = newValue }
    }
    public internal(set) var validatedIndex: UInt32 = 0
    /// Close time of the newest validated ledger (Ripple epoch seconds).
    public internal(set) var ledgerTime: UInt32 = 0
    public var expectedLedgerSize: Int { feeTracker.expectedLedgerSize }
    public var recentLedgerSize: Int { feeTracker.recentLedgerSize }
    public var currentLedgerSize: Int { feeTracker.currentLedgerSize }
    public var queueSize: Int { feeTracker.queueSize }
    public var maxQueueSize: Int? { feeTracker.maxQueueSize }
    public internal(set) var connected = false
    var now: Double = 0

    /// What the engine counts (its own type: `WorkloadCounters`; read as `core.<counter>`).
    public internal(set) var counters = WorkloadCounters()
    public internal(set) var eventLog = EventLog()
    /// The operator's (or autofill's) resync of every account, while its reads come back.
    var bulkResync = BulkResync()
    /// Journal records not yet handed to the journal (empty unless `config.journaling`).
    public internal(set) var journal: JournalOutbox
    /// Takes the journal records made so far (the engine, or a test's driver, writes them).
    public mutating func drainJournal() -> [JournalRecord] { journal.drain() }
    /// The newest events, oldest first.
    public var events: [EngineEvent] { Array(eventLog.events) }

    // Generator state.
    /// What to send next (its own type: `TransactionGenerator`).
    var generator: TransactionGenerator
    var loggedBuildFailures = 0
    var fundingLeft: [AccountAddress] = []
    /// Accounts being funded, and the funder's validated Sequence when funding began.
    var fundingTotal = 0
    var fundingFrom: UInt32?
    var discoverLeft: [AccountAddress] = []
    /// Accounts funded again during discovery (their payment never applied: a heal of the
    /// funder replaced it), and the ledger when, so one is not re-funded every read.
    var refundedAt: [AccountAddress: UInt32] = [:]
    var serverStateOutstanding = false
    /// Why the workload cannot go on at all (nil while it can): the engine stops and reports it.
    public internal(set) var fatal: String?
    var funderRetryDue = false

    // Truth: beliefs checked against the server.
    /// Accounts with a verification read outstanding.
    var verifying: Set<AccountAddress> = []
    /// Live transactions whose spent Sequence is being looked up (`tx`) before any verdict.
    var checkingSpent: Set<TrackedTransaction.ID> = []
    /// Submits sent whose reply has not come back (the engine's own backlog).
    var awaitingReply: Set<TrackedTransaction.ID> = []
    /// The network the server said it runs (server_info / ledgerClosed).
    var networkID: UInt32?
    /// The funder's Sequence, read before funding; funding waits for the validated ledger too.
    var funderSequence: UInt32?
    /// Amounts that could not be built (the generator counts them).
    public var buildFailures: Int { generator.buildFailures }
    var resubscribeDue = false
    /// Restart reconciliation in progress (nil otherwise).
    var reconciliation: Reconciliation?


    public init(config: WorkloadConfig, now: Double) throws {
        self.config = config
        self.now = now
        strategy = makeStrategy(config.strategy)
        bucket = TokenBucket(ratePerSecond: config.ratePerSecond, burst: max(10, config.ratePerSecond / 2), now: now)
        feeTracker = FeeTracker(cap: config.feeCap)
        journal = JournalOutbox(enabled: config.journaling)
        funder = try Wallet(seed: config.funder ?? Seed(encoded: "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"))
        if let seeds = config.accountSeeds, seeds.count < config.accounts + 1 {
            throw EngineError(description: "the wallet holds \(seeds.count - 1) workload accounts, \(config.accounts) asked for")
        }
        issuer = try config.accountSeeds.map { try Wallet(seed: $0[0]) } ?? Self.wallet(index: 0, seed: config.seed, algorithm: config.algorithm)
        funderAddress = funder.accountAddress
        issuerAddress = issuer.accountAddress
        var order: [AccountAddress] = []
        for i in 1...max(1, config.accounts) {
            let w = try config.accountSeeds.map { try Wallet(seed: $0[i]) } ?? Self.wallet(index: i, seed: config.seed, algorithm: config.algorithm)
            wallets[w.accountAddress] = w
            order.append(w.accountAddress)
        }
        accountOrder = order
        wallets[issuerAddress] = issuer
        wallets[funderAddress] = funder
        generator = TransactionGenerator(config: config, accountOrder: order, issuer: issuer.address)
        accountsByAddress = (order + [issuerAddress, funderAddress]).sorted()
    }

    /// Workload wallets are derived from the workload seed, never generated at random, so a
    /// run can be repeated and no secret ever needs to be shown or stored.
    static func wallet(index: Int, seed: UInt64, algorithm: KeyAlgorithm) throws -> Wallet {
        var r = WorkloadRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &+ 0xA11CE)
        let entropy = (0..<16).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        return try Wallet(seed: try Seed(entropy: entropy, algorithm: algorithm))
    }

    /// Counters read as if they were the core's own (`core.resurrected`); written only through
    /// `counters`.
    public subscript<T>(dynamicMember path: KeyPath<WorkloadCounters, T>) -> T { counters[keyPath: path] }

    /// Derived once (an address is two hashes and a base58 encoding away from the key, and it
    /// is asked for on every transaction).
    public let funderAddress: AccountAddress
    public let issuerAddress: AccountAddress
    public var strategyKind: StrategyKind { strategy.kind }
    /// Every account the engine signs for: workload accounts, the issuer and the funder.
    var allAccounts: [AccountAddress] { accountOrder + [issuerAddress, funderAddress] }

    // MARK: logging

    mutating func log(_ kind: EngineEvent.Kind, _ message: String, detail: Bool = false) {
        eventLog.append(EngineEvent(time: now, ledger: validatedIndex, kind: kind, message: message, detail: detail))
        journal.append(.event(kind: kind.rawValue, ledger: validatedIndex, message: message))
    }

    // MARK: start

    /// The first actions: subscribe, read the funder and the fee.
    public mutating func start(now t: Double) -> [EngineAction] {
        now = t
        phase = .starting
        log(.start, "workload starting: \(config.accounts) accounts, strategy \(strategy.kind.rawValue), \(config.ratePerSecond) tx/s")
        if let restart = config.restart {
            phase = .reconciling
            reconciliation = Reconciliation(entries: restart.unsettled, accounts: accountOrder + [issuerAddress])
        }
        var actions: [EngineAction] = [.subscribe(accounts: allAccounts)]
        actions.append(readServerInfo())
        actions.append(read(.funder, account: funderAddress))
        actions.append(readFee())
        return actions
    }

    /// One read: its purpose remembered by request id, the request typed.
    mutating func request(_ read: ReadRequest, for purpose: ReadPurpose) -> EngineAction {
        let id = nextRequestID
        nextRequestID += 1
        requests[id] = purpose
        counters.requestsSent += 1
        return .request(id, read)
    }

    /// server_info: the validated ledger (nothing is signed before it is known: every
    /// LastLedgerSequence is based on it) and the network id (a change means a new server).
    mutating func readServerInfo() -> EngineAction { request(.serverInfo, for: .serverInfo) }

    mutating func read(_ purpose: ReadPurpose, account: AccountAddress, queue: Bool = true) -> EngineAction {
        request(.accountInfo(account: account, queue: queue), for: purpose)
    }

    mutating func readFee() -> EngineAction { request(.fee, for: .fee) }

    /// server_state carries the server's load factor, which `fee` does not: below
    /// base × load_factor_server / load_base a submit is refused with telINSUF_FEE_P.
    mutating func readServerState() -> EngineAction {
        serverStateOutstanding = true
        return request(.serverState, for: .serverState)
    }

    // MARK: inputs

    public mutating func handle(_ input: EngineInput, now t: Double) -> [EngineAction] {
        now = max(now, t)
        switch input {
        case .submitReplied(let id, let result): return submitReplied(id, result)
        case .submitFailed(let id, let reason, let noReply): return submitFailed(id, reason: reason, noReply: noReply)
        case .requestReplied(let id, let result): return requestReplied(id, result)
        case .stream(let message): return streamMessage(message)
        case .subscribeFailed(let reason):
            counters.subscribeFailures += 1
            resubscribeDue = true
            log(.error, "subscribe failed: \(reason.prefix(120)); retrying at the next ledger")
            return []
        case .unparsedStream(let reason):
            counters.unparsedStreamMessages += 1
            if counters.unparsedStreamMessages <= 10 || counters.unparsedStreamMessages % 1000 == 0 {
                log(.error, "unparsable stream message #\(counters.unparsedStreamMessages): \(reason.prefix(120))")
            }
            return []
        case .connection(let up):
            connected = up
            log(.connection, up ? "connected" : "disconnected")
            // The naive cache (strategy none, the seed's workload) trusts itself even across a
            // reconnect; every other strategy re-reads what the server lost.
            guard up else { return [] }
            // A reconnect may land on a different (or restarted) server: check its ledger and network.
            var actions = [readServerInfo()]
            if phase == .running && strategy.kind != .none { actions += resyncAll(reason: "reconnected") }
            return actions
        }
    }

    /// Periodic work: generate at the target rate, drive strategies.
    public mutating func tick(now t: Double) -> [EngineAction] {
        now = max(now, t)
        var actions: [EngineAction] = []
        switch phase {
        case .starting, .reconciling, .discovering:
            break
        case .funding:
            actions += fundMore()
        case .running:
            let room = generationRoom
            if room > 0 {
                // Never more in one go than the backlog has room for: a full bucket at a high
                // rate would otherwise put thousands on the wire at once.
                let budget = bucket.take(upTo: min(10_000, room), now: now)
                if budget > 0 { actions += generate(count: budget) }
            } else {
                _ = bucket.take(upTo: 10_000, now: now)  // do not bank tokens while paused
            }
        }
        return actions
    }

    /// Seconds until the core has time-based work (a token to spend, funding to continue): the
    /// driver sleeps that long unless an input wakes it first. Inputs (replies, stream messages,
    /// commands) are what usually make room, so the engine never polls.
    public func secondsUntilDue(now t: Double) -> Double {
        let idle = 0.1
        switch phase {
        case .funding: return 0.02
        case .starting, .reconciling, .discovering: return idle
        case .running:
            guard generationRoom > 0 else { return idle }
            return min(idle, bucket.secondsUntilToken(now: t) ?? idle)
        }
    }

    /// How many new transactions may be generated now: 0 while paused, disconnected, before the
    /// validated ledger is known, or while the server's queue or the engine's backlog is full.
    var generationRoom: Int {
        guard !paused, connected, validatedIndex > 0, queueAllowsMore else { return 0 }
        return max(0, backlogRoom)
    }

    /// Generation stops while the server's queue is fuller than the configured share, or holds
    /// more than `queueBacklogLedgers` ledgers' worth (of what ledgers take, or are expected to):
    /// what joins a deeper queue risks waiting past its LastLedgerSequence.
    var queueAllowsMore: Bool {
        feeTracker.queueAllowsMore(fill: config.queueBackoffFill, ledgers: config.queueBacklogLedgers)
    }

    /// The engine's own backlog — submits not yet answered, and answered ones not yet final — is bounded like the
    /// server's queue: by what ledgers take. A submit that waits in the engine (or on the wire)
    /// longer than its LastLedgerSequence window fails however good the server is.
    /// A server whose own load fee is up (load factor above 1) is taking submits slower than
    /// they come: the room shrinks by that factor, so the engine stops feeding the overload that
    /// makes it refuse (telINSUF_FEE_P) everything already on the wire.
    ///
    /// "What ledgers take" is what recent ledgers really held, not the expected size: a server
    /// configured for 40,000 per ledger on a machine that closes 8,000 would otherwise be fed
    /// five ledgers' worth at once. The bound still ramps fast — each ledger can take what the
    /// room allowed, so the room grows 2.5× per ledger until the server stops keeping up.
    ///
    /// `none` is the naive workload of the seed, whole: it has no such bound either, or it
    /// could not reproduce the failure it exists to show.
    var backlogRoom: Int {
        guard strategy.kind != .none else { return 10_000 }
        let limit = feeTracker.backlogLimit(ledgers: config.queueBacklogLedgers, minimum: 2 * config.maxInFlightPerAccount)
        // Everything not final counts: unanswered submits, and what the server holds unvalidated
        // in its open ledger or queue (a reply is no validation).
        return limit - Swift.max(awaitingReply.count, book.txs.count) - queueSize
    }

    // MARK: allocation and signing

    /// Whether an account may get a new transaction now.
    func canAllocate(_ address: AccountAddress) -> Bool {
        guard let chain = book.chains[address], chain.state.allowsAllocation, strategy.allowsAllocation(address) else { return false }
        let limit = address == funderAddress ? config.fundingInFlight : min(10, config.maxInFlightPerAccount)
        return chain.live.count < limit
    }

    /// Allocates the next Sequence (or lets the strategy read it first, under autofill), signs
    /// and submits.
    mutating func send(_ body: TransactionBody, from address: AccountAddress, injected: Bool = false) -> [EngineAction] {
        if !injected, let kept = borrowStrategy({ s, view in s.allocate(body, from: address, view: view) }) {
            return perform(kept)
        }
        guard var chain = book.chains[address] else { return [] }
        let seq = chain.nextSequence
        chain.nextSequence += 1
        book.chains[address] = chain
        let origin: JournalOrigin = injected ? .injected : address == funderAddress ? .funding : .workload
        return sign(body, from: address, sequence: seq, fee: injected ? 0 : fees.fee, injected: injected, origin: origin)
    }

    /// Signs `body` at `sequence` and submits it, tracking it in the account's chain.
    /// `origin` is what the journal records; nil for a strategy's explicit Sequence, which is a
    /// replacement, a filler or an autofill by what the chain held there.
    mutating func sign(
        _ body: TransactionBody, from address: AccountAddress, sequence: UInt32, fee: UInt64, injected: Bool = false,
        origin: JournalOrigin? = nil
    ) -> [EngineAction] {
        guard let wallet = wallets[address], book.chains[address] != nil else { return [] }
        guard validatedIndex > 0 else {
            // Nothing is signed before the server's validated ledger is known (start anywhere).
            log(.error, "refused to sign for \(short(address)) before the validated ledger is known")
            return []
        }
        let lls = validatedIndex + config.lastLedgerOffset
        // A network above id 1024 requires NetworkID; one at or below refuses it (rippled's
        // Transactor::preflight0). The id is known before anything is signed (server_info).
        let network = networkID.flatMap { $0 > 1024 ? $0 : nil }
        let tx = Transaction(account: address.text, body: body, fee: fee, sequence: sequence, lastLedgerSequence: lls, networkID: network)
        guard let signed = try? TransactionSigner.sign(tx, with: wallet.keys) else {
            log(.error, "could not sign a \(body.transactionType) for \(short(address))")
            return []
        }
        // The same body at the same Sequence, fee and LastLedgerSequence signs to the same bytes
        // (a resync in the ledger it began): that is the transaction already tracked, not a
        // replacement. Abandoning it would leave its hash both live and abandoned, and its
        // validation would then read as an abandoned blob applying anyway.
        if let existing = book.chains[address]?.live[sequence], let t = book.txs[existing], t.hash == signed.hash {
            book.adoptGeneration(existing)
            return submit(existing)
        }
        // An abandoned twin with these very bytes is this transaction again, no longer given up.
        _ = book.takeAbandoned(hash: signed.hash)
        guard let (id, replaced) = book.track(
            account: address, sequence: sequence, body: body, fee: fee, lastLedgerSequence: lls,
            blob: signed.blob, hash: signed.hash, injected: injected)
        else { return [] }
        if journal.enabled, let t = book.txs[id] {
            let why = origin ?? (replaced != nil ? .replacement : strategy.kind == .autofill && !strategy.healer.owns(address) ? .autofill : .filler)
            journal.append(.signed(JournalEntry(
                hash: t.hash, account: address.text, sequence: sequence, lastLedgerSequence: lls, fee: fee,
                generation: t.generation, blob: t.blob, strategy: strategy.kind.rawValue, kind: body.transactionType,
                origin: why, ledger: validatedIndex)))
        }
        if let replaced { abandon(replaced) }
        return submit(id)
    }

    /// (Re)sends a tracked transaction's blob.
    mutating func submit(_ id: TrackedTransaction.ID) -> [EngineAction] {
        guard var t = book.txs[id] else { return [] }
        guard t.generation == book.chains[t.account]?.generation else {
            // Signed before a resync: never sent. The strategy re-signs instead.
            log(.generation, "refused a stale blob for \(short(t.account)) seq \(t.sequence)")
            return []
        }
        apply(.submitted, to: &t)
        t.attempts += 1
        if t.submittedAtLedger == nil { t.submittedAtLedger = validatedIndex }
        t.lastSubmitLedger = validatedIndex
        t.submittedAt = now
        book.txs[id] = t
        counters.submitsSent += 1
        counters.submittedThisLedger += 1
        awaitingReply.insert(id)
        return [.submit(id, blob: t.blob)]
    }

    // MARK: state machine

    /// Moves a transaction through the one transition function; final ones fold into counters.
    mutating func apply(_ event: TxEvent, to t: inout TrackedTransaction) {
        guard let next = TxStateMachine.transition(t.state, event) else {
            counters.ignoredTransitions += 1
            return
        }
        t.state = next
        if case .replied(let r) = event { t.lastResult = r }
        if case .validated(let r) = event {
            t.lastResult = r
            t.validatedAtLedger = validatedIndex
        }
        if journal.enabled {
            var result = t.lastResult?.token
            var note: String?
            switch event {
            case .sequenceTaken:
                // What the server would answer if it were submitted now.
                result = ResultCode.tefPAST_SEQ.token
                note = "its Sequence was spent by a transaction SeqWatch did not send"
            case .abandoned: note = "given up by the engine"
            case .lastLedgerPassed: result = nil
            default: break
            }
            journal.append(.transition(hash: t.hash, state: next, result: result, ledger: validatedIndex, note: note))
        }
    }

    /// Applies an event to a live transaction by id and retires it if it became final.
    mutating func move(_ id: TrackedTransaction.ID, _ event: TxEvent) {
        guard var t = book.txs[id] else { return }
        apply(event, to: &t)
        book.txs[id] = t
        if t.state.isFinal { retire(id) }
    }

    mutating func retire(_ id: TrackedTransaction.ID) {
        guard let t = book.retire(id) else { return }
        counters.finished(t)
        generator.followUps(of: t)
    }

    mutating func abandon(_ id: TrackedTransaction.ID) {
        if let t = book.txs[id] { book.rememberAbandoned(t) }
        move(id, .abandoned)
    }

    // MARK: replies

    mutating func submitReplied(_ id: TrackedTransaction.ID, _ result: SubmitResponse) -> [EngineAction] {
        awaitingReply.remove(id)
        let token = result.engineResult
        guard let code = ResultCode.named(token) else {
            log(.error, "unknown engine_result \(token)")
            return []
        }
        // Counted even when the ledger already settled the transaction (a late reply), and its
        // account's open-ledger Sequence kept — never below what a validated ledger showed.
        counters.resultCounts[code.token, default: 0] += 1
        guard var t = book.txs[id] else {
            if let a = result.txJSON["Account"]?.stringValue.map { AccountAddress($0) }, let n = result.accountSequenceNext, var chain = book.chains[a] {
                chain.ledgerCurrent = max(n, chain.ledgerValidated ?? 0)
                book.chains[a] = chain
            }
            return []
        }
        if var chain = book.chains[t.account] {
            if let n = result.accountSequenceNext { chain.ledgerCurrent = max(n, chain.ledgerValidated ?? 0) }
            if let a = result.accountSequenceAvailable { chain.sequenceAvailable = a }
            chain.lastResult = code
            book.chains[t.account] = chain
        }
        apply(.replied(code), to: &t)
        book.txs[id] = t
        if t.state.isFinal { retire(id) }
        var actions: [EngineAction] = []
        // The server's load rose since the last read (telINSUF_FEE_P): learn the new factor now.
        if feeTracker.noteSubmit(result, code: code, paid: t.fee), !serverStateOutstanding { actions.append(readServerState()) }
        return actions + consult { s, view in s.onReply(t, result: code, view: view) }
    }

    mutating func submitFailed(_ id: TrackedTransaction.ID, reason: String, noReply: Bool) -> [EngineAction] {
        awaitingReply.remove(id)
        guard var t = book.txs[id] else {
            counters.resultCounts[noReply ? "(no reply)" : "(\(reason.prefix(40)))", default: 0] += 1
            return []
        }
        if noReply {
            counters.resultCounts["(no reply)", default: 0] += 1
            apply(.noReply, to: &t)
            book.txs[id] = t
            return consult { s, view in s.onReply(t, result: nil, view: view) }
        }
        // An RPC-level refusal (invalidTransaction): the server never looked at the ledger.
        counters.resultCounts["(\(reason.prefix(40)))", default: 0] += 1
        apply(.replied(.temMALFORMED), to: &t)
        book.txs[id] = t
        if t.state.isFinal { retire(id) }
        log(.rejected, "\(short(t.account)) seq \(t.sequence): \(reason)")
        return consult { s, view in s.onReply(t, result: .temMALFORMED, view: view) }
    }

    mutating func requestReplied(_ id: RequestID, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard let purpose = requests.removeValue(forKey: id) else { return [] }
        switch purpose {
        case .fee:
            if case .success(.fee(let r)) = result { feeTracker.noteFee(r, at: now) }
            return []
        case .serverState:
            serverStateOutstanding = false
            if case .success(.serverState(let state)) = result { feeTracker.noteServerState(state) }
            return []
        case .serverInfo:
            return serverInfoRead(result)
        case .verify(let address):
            return verified(address, result)
        case .funder:
            guard case .success(.accountInfo(let r)) = result else {
                log(.error, "cannot read the funding account: \(failureText(result))")
                if case .failure(let f) = result, f.token == "actNotFound" {
                    fatal = "the funding account \(funderAddress) is not on the ledger (actNotFound): fund it, or give a funded seed"
                } else {
                    // A transient failure (timeout, disconnect): ask again on the next ledger.
                    funderRetryDue = true
                }
                return []
            }
            adopt(funderAddress, sequence: r.accountData.sequence)
            funderSequence = r.accountData.sequence
            return maybeBeginFunding() + finishReconcileIfDone()
        case .discover(let address):
            return discovered(address, result)
        case .reconcileAccount(let address):
            return reconcileAccountRead(address, result)
        case .reconcileTx(let hash):
            return reconcileLookedUp(hash, result)
        case .sequenceSpent(let id):
            return sequenceSpentLookedUp(id, result)
        case .heal(let address), .resync(let address), .globalResync(let address), .autofill(let address):
            var info: AccountInfoResponse?
            if case .success(.accountInfo(let r)) = result {
                updateFromAccountInfo(address, r)
                info = r
            } else {
                log(.read, "account_info \(short(address)) failed: \(failureText(result))")
                if case .failure(let f) = result, f.token == "actNotFound", phase == .running {
                    // The strategy still hears of its read (an autofill's bodies, a pause's count).
                    _ = consult { s, view in s.onRead(purpose, info: nil, view: view) }
                    if case .resync = purpose, bulkResync.includes(address) {
                        bulkResyncAnswered(address, wasDiverged: true, failed: true, line: "\(short(address)) not resynced: the ledger has no such account")
                    }
                    return accountVanished(address)
                }
            }
            // The operator's resync is the core's own; the rest is the strategy's business.
            if case .resync = purpose { return realignAndResend(address) }
            return consult { s, view in s.onRead(purpose, info: info, view: view) }
        }
    }

    func failureText(_ r: Result<ServerReply, RequestFailure>) -> String {
        if case .failure(let f) = r { return "\(f.token) \(f.message)" }
        return "unexpected reply"
    }



    /// account_info (current, queue) → the chain's view of the ledger.
    mutating func updateFromAccountInfo(_ address: AccountAddress, _ r: AccountInfoResponse) {
        guard var chain = book.chains[address] else { return }
        let seq = r.accountData.sequence
        chain.ledgerCurrent = seq
        var available = seq
        if let q = r.queueData, q.txnCount > 0, let lowest = q.lowestSequence, let highest = q.highestSequence,
            lowest == seq, highest >= lowest, highest - lowest + 1 == q.txnCount
        {
            available = highest + 1
        }
        chain.sequenceAvailable = available
        book.chains[address] = chain
    }

    // MARK: stream

    mutating func streamMessage(_ m: StreamMessage) -> [EngineAction] {
        switch m {
        case .ledgerClosed(let l):
            return ledgerClosed(index: l.ledgerIndex, time: l.ledgerTime, txnCount: l.txnCount, networkID: l.networkID)
        case .transaction(let t):
            return transactionValidated(t)
        case .other:
            return []
        }
    }

    mutating func transactionValidated(_ t: TransactionStreamMessage) -> [EngineAction] {
        guard t.validated, let code = ResultCode.named(t.engineResult) else { return [] }
        let meta = t.metadata
        // Track every account of ours the metadata shows, sender or not.
        if let sender = t.account.map { AccountAddress($0) }, book.chains[sender] != nil {
            if let after = meta?.sequenceAfter(account: sender.text) {
                progressed(sender, to: after, inLedger: t.ledgerIndex ?? (validatedIndex + 1))
            }
            if let id = book.id(hash: t.hash) {
                if let tracked = book.txs[id], tracked.account == issuerAddress, code == .tesSUCCESS,
                    case .payment(let dest, .issued, _, _) = tracked.body
                {
                    generator.noteIssuedPaymentValidated(to: AccountAddress(dest))
                }
                move(id, .validated(code))
            } else if let seq = book.takeAbandoned(hash: t.hash) {
                // Ours after all: a blob the engine gave up on, applied by the server's own retry.
                counters.resurrected += 1
                journal.append(.transition(hash: t.hash, state: .validated, result: code.token, ledger: t.ledgerIndex ?? validatedIndex, note: "applied after the engine gave it up"))
                log(.resurrected, "\(short(sender)) seq \(seq): an abandoned transaction applied anyway (the server kept it)")
                // What replaced it lost to our own original: the engine's give-up, not the server's verdict.
                if let mine = book.chains[sender]?.live[seq], let lost = book.txs[mine] {
                    move(mine, .abandoned)
                    // For the ledger it is settled: its Sequence is spent and it can never apply.
                    journal.append(.transition(
                        hash: lost.hash, state: .rejected, result: ResultCode.tefPAST_SEQ.token, ledger: validatedIndex,
                        note: "its Sequence went to the blob it replaced, applied after all"))
                }
                // The ledger spent that Sequence: the cache must not stay below it.
                if let next = book.chains[sender]?.nextSequence, next <= seq { book.chains[sender]?.nextSequence = seq + 1 }
            } else if let seq = t.sequence, seq > 0 {
                // A validated transaction from our account that we did not send.
                book.chains[sender]?.foreignSequences += 1
                account(sender, .foreignSpend)
                log(.foreign, "\(short(sender)) seq \(seq) spent by a transaction SeqWatch did not send (\(t.hash.prefix(8)))")
                if let mine = book.chains[sender]?.live[seq] { move(mine, .sequenceTaken) }
            }
            // A heal waiting for its filler's reply at a Sequence the ledger has now spent need
            // not wait for the reply (it may come late, or never): on to the next gap.
            if strategy.healer.owns(sender) {
                return consult { s, view in s.healer.onProgress(sender, view: view) }
            }
        }
        return []
    }

    mutating func ledgerClosed(index: UInt32, time: UInt32, txnCount: Int, networkID ledgerNetwork: UInt32? = nil) -> [EngineAction] {
        if let reason = otherServer(validated: index, networkID: ledgerNetwork) { return serverLost(reason, newIndex: index) }
        guard index > validatedIndex else { return [] }
        counters.ledgerClosed(at: now, previousKnown: validatedIndex > 0, fill: feeTracker.fill(txnCount: txnCount))
        validatedIndex = index
        ledgerTime = time
        feeTracker.noteClosedLedger(txnCount: txnCount)
        // Final by LastLedgerSequence: a validated ledger is past it and the tx is in none.
        // Final by LastLedgerSequence, in every state: a validated ledger is past it, so it is in
        // no ledger that can still come.
        // In id order: dictionary order differs between processes, and what retires first
        // decides what follow-ups are generated first (determinism under --seed).
        for id in book.txs.filter({ $0.value.lastLedgerSequence < index }).keys.sorted() {
            move(id, .lastLedgerPassed)
        }
        var actions: [EngineAction] = [readFee()]
        if !serverStateOutstanding { actions.append(readServerState()) }
        if resubscribeDue {
            resubscribeDue = false
            actions.append(.subscribe(accounts: allAccounts))
        }
        if funderRetryDue && phase == .starting {
            funderRetryDue = false
            actions.append(read(.funder, account: funderAddress))
        }
        if phase == .starting { actions += maybeBeginFunding() }
        journal.append(.ledger(index))
        for hash in book.expireAbandoned(before: index) {
            journal.append(.transition(hash: hash, state: .expired, result: nil, ledger: index, note: "given up by the engine; past its LastLedgerSequence"))
        }
        actions += sweepTakenSequences()
        cacheFollowsLedger()
        detectDivergence()
        checkProgress()
        actions += verifyBeliefs()
        actions += bumpInvertedHeads()
        actions += consult { s, view in s.onLedger(view: view) }
        return actions
    }

    // MARK: divergence

    /// The allocated sequences at or above the ledger's next one that nothing in flight will
    /// consume: the gaps that make every later transaction terPRE_SEQ.
    public func gaps(of address: AccountAddress) -> [UInt32] { book.gaps(of: address) }

    /// Marks accounts DIVERGED (or back to OK) from their book.chains.
    mutating func detectDivergence() {
        for address in allAccounts {
            guard let chain = book.chains[address] else { continue }
            let g = gaps(of: address)
            let behind = (chain.ledgerValidated.map { chain.nextSequence < $0 } ?? false) && chain.live.isEmpty
            if !g.isEmpty || behind {
                if account(address, .gapSeen) {
                    log(.divergence, "\(short(address)) diverged: cached next \(chain.nextSequence), ledger \(chain.ledgerValidated.map(String.init) ?? "?"), \(g.count) missing")
                }
            } else {
                account(address, .inStep)
            }
        }
    }

    // MARK: commands

    public mutating func pause() {
        guard !paused else { return }
        paused = true
        log(.pause, "workload paused (in-flight transactions still tracked)")
    }

    public mutating func resume() {
        guard paused else { return }
        paused = false
        log(.pause, "workload resumed")
    }

    public mutating func setRate(_ rate: Double) {
        config.ratePerSecond = max(0, rate)
        bucket.setRate(config.ratePerSecond, now: now)
        log(.rate, "target rate \(Int(config.ratePerSecond)) tx/s")
    }

    /// Resync one account (or all): read the ledger, then let the strategy realign the chain.
    public mutating func resync(account: AccountAddress? = nil) -> [EngineAction] {
        if let account {
            guard book.chains[account] != nil else { return [] }
            log(.resync, "resync \(short(account))")
            self.account(account, .held)
            return [read(.resync(account), account: account)]
        }
        return resyncAll(reason: "operator")
    }

    mutating func resyncAll(reason: String) -> [EngineAction] {
        var actions: [EngineAction] = []
        var accounts: [AccountAddress] = []
        // An account a heal owns is left to it: the heal reads and repairs it itself, and two
        // repairs of one chain would undo each other.
        for a in accountOrder + [issuerAddress] where book.chains[a] != nil && !strategy.healer.owns(a) {
            account(a, .held)
            actions.append(read(.resync(a), account: a))
            accounts.append(a)
        }
        log(.resync, "resync all accounts (\(reason)): re-reading \(accounts.count)")
        bulkResync.begin(accounts, reason: reason, ledger: validatedIndex)
        return actions
    }

    /// One account of a bulk resync answered: its line goes behind the summary, and the last
    /// one writes the summary.
    mutating func bulkResyncAnswered(_ a: AccountAddress, wasDiverged: Bool, failed: Bool = false, line: String) {
        log(.resync, line, detail: true)
        if let done = bulkResync.answered(a, wasDiverged: wasDiverged, failed: failed) {
            let took = validatedIndex >= done.ledger ? validatedIndex - done.ledger : 0
            log(.resync, "resynced \(done.accounts) account\(done.accounts == 1 ? "" : "s"), \(done.diverged) \(done.diverged == 1 ? "was" : "were") diverged"
                + "\(done.failed > 0 ? ", \(done.failed) unread" : "") (\(done.reason), \(took) ledger\(took == 1 ? "" : "s"))")
        }
    }

    /// Injects a divergence: the account's next Sequence goes to a transaction that fails
    /// locally (a zero fee: telINSUF_FEE_P), while the cache moves on as if it had not.
    public mutating func injectDivergence(account: AccountAddress) -> [EngineAction] {
        guard book.chains[account] != nil, phase == .running else { return [] }
        log(.inject, "divergence injected on \(short(account)): next sequence sent with a fee the server refuses")
        return send(.noOp, from: account, injected: true)
    }

    public func short(_ address: AccountAddress) -> String { address.short }
}

/// The workload's deterministic randomness (SplitMix64).
struct WorkloadRandom: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}
