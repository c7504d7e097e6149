import Foundation
import LedgerClient
import Synchronization
import XRPL

/// Holds the latest snapshot for readers on other threads (the console's ncurses thread, the
/// HTTP API): a lock-protected value, so a reader never waits on the engine.
public final class SnapshotStore: Sendable {
    private let value: Mutex<Snapshot?> = Mutex(nil)
    public init() {}
    public var latest: Snapshot? { value.withLock { $0 } }
    func publish(_ s: Snapshot) { value.withLock { $0 = s } }
}

/// Why the engine had to stop: one line for the operator, never a secret.
public struct EngineError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The workload engine: the single owner of workload state (a `WorkloadCore`), driving it over
/// a `LedgerConnection`. Submits and reads run concurrently; their results come back through
/// the actor; a snapshot is published at most every 100 ms.
public actor Engine {
    public nonisolated let store = SnapshotStore()
    public nonisolated let endpointName: String
    private var core: WorkloadCore
    private let connection: any LedgerConnection
    private let submitTimeout: Duration
    private let start = ContinuousClock.now
    /// The wall-clock time of `start`: an event's `time` is seconds after it.
    private let startedAt = Date()
    private var running = false
    private var stopping = false
    private var lastPublish: Double = -1
    private var health = ConnectionHealthRow()
    private let closeInterval: Double
    /// The newest submit task per account (see `perform`).
    private var submitChains: [AccountAddress: Task<Void, Never>] = [:]
    /// The run loop, parked until an input or its next due time (see `sleepUntilWoken`).
    private var waiter: CheckedContinuation<Void, Never>?
    private var wakePending = false
    static let minTickInterval = 0.005
    /// Run-loop passes, for the idle-cost test and the README.
    public private(set) var loopPasses = 0

    /// Where journal records go (nil: no journal, `--no-journal`).
    private let journal: JournalPipeline?

    public init(config: WorkloadConfig, connection: any LedgerConnection, closeInterval: Double = 1, journal: (any JournalSink)? = nil) throws {
        self.connection = connection
        self.journal = journal.map(JournalPipeline.init(sink:))
        var config = config
        config.journaling = journal != nil
        self.endpointName = connection.name
        self.closeInterval = closeInterval
        submitTimeout = .milliseconds(Int64(config.submitTimeout * 1000))
        core = try WorkloadCore(config: config, now: 0)
    }

    private func now() -> Double { (ContinuousClock.now - start) / .seconds(1) }

    /// Runs until `stop()` or its task is cancelled: connects, bootstraps, generates, reacts.
    /// A stop that comes while it is still connecting is kept. Throws only if the first
    /// connection cannot be made.
    public func run() async throws {
        try await connection.start()
        // A stop (or a cancellation) that came while connecting wins: setting `running` after it
        // would loop for ever with nobody left to stop it (a Ctrl-C while connecting hung).
        guard !stopping, !Task.isCancelled else {
            await connection.close()
            return
        }
        running = true
        let events = connection.events
        let listener = Task { [weak self] in
            for await event in events {
                guard let self else { return }
                await self.connectionEvent(event)
            }
        }
        defer { listener.cancel() }
        // The connection reports `.connected` itself (through `events`) once it is up.
        perform(core.start(now: now()))
        while running, !Task.isCancelled {
            perform(core.tick(now: now()))
            await publishIfDue()
            if let failure = journal?.failure {
                running = false
                publishNow()
                await connection.close()
                throw EngineError(description: "the journal cannot be written (\(failure.prefix(200))); stopped sending")
            }
            if let fatal = core.fatal {
                running = false
                publishNow()
                await connection.close()
                throw EngineError(description: fatal)
            }
            loopPasses += 1
            // No polling: sleep until the core has time-based work, or an input wakes us.
            // At least `minTickInterval` between passes: a burst of replies wakes the loop once,
            // and generation scans the accounts once per pass, not once per reply.
            await sleepUntilWoken(core.secondsUntilDue(now: now()))
        }
        await connection.close()
    }

    /// Wakes the run loop (an input arrived: a reply, a stream message, a command).
    private func wake() {
        if let w = waiter {
            waiter = nil
            w.resume()
        } else {
            wakePending = true
        }
    }

    /// Parks the loop: at least `minTickInterval` always passes (inputs meanwhile are
    /// coalesced into one pass); after that, an input wakes it at once, or `seconds` run out.
    private func sleepUntilWoken(_ seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int64(Self.minTickInterval * 1000)))
        if wakePending {
            wakePending = false
            return
        }
        let rest = seconds - Self.minTickInterval
        guard rest > 0.0005, running else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .microseconds(Int64(rest * 1_000_000)))
            // Cancelled: woken by an input first; must not wake the next sleep early.
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
        // Cancelling the run task wakes the loop, which then ends.
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.timerFired() }
        }
        timer.cancel()
        wakePending = false
    }

    private func timerFired() {
        if let w = waiter {
            waiter = nil
            w.resume()
        }
    }

    /// Stops generating, waits up to `drain` for in-flight transactions to reach a final
    /// state, then stops the loop. Returns the final snapshot.
    public func stop(drain: Duration = .seconds(10)) async -> Snapshot {
        stopping = true
        core.pause()
        wake()
        let deadline = ContinuousClock.now + drain
        // With a journal, a blob the engine gave up on is still in flight for the ledger until its
        // LastLedgerSequence passes: the drain waits for that too, so the journal ends settled.
        while ContinuousClock.now < deadline,
            core.txs.values.contains(where: { !$0.state.isFinal }) || (journal != nil && core.book.abandonedInWindow > 0)
        {
            try? await Task.sleep(for: .milliseconds(100))
        }
        running = false
        wake()
        let s = snapshot()
        store.publish(s)
        journalOutbox()
        _ = await journal?.flush()
        return s
    }

    /// Hands the core's journal records to the pipeline; the ticket a submit waits for.
    @discardableResult
    private func journalOutbox() -> JournalPipeline.Ticket {
        guard let journal else { return 0 }
        return journal.enqueue(core.journal.drain())
    }

    /// Journal records and batches written (nil without a journal).
    public var journalWritten: (records: Int, batches: Int)? { journal?.written }

    // MARK: commands (console and HTTP API)

    public func pause() { core.pause(); publishNow() }
    public func resume() { if !stopping { core.resume() }; publishNow(); wake() }
    // Addresses arrive as text from the console and the HTTP API; the engine keys by value.
    public func resync(account: String? = nil) { perform(core.resync(account: account.map { AccountAddress($0) })); publishNow() }
    public func injectDivergence(account: String) { perform(core.injectDivergence(account: AccountAddress(account))); publishNow() }
    public func setRate(_ rate: Double) { core.setRate(rate); publishNow(); wake() }
    public func setStrategy(_ kind: StrategyKind) { perform(core.setStrategy(kind)); publishNow() }
    public func healPlan(account: String) -> [HealPlanItem] { core.dryRunHealPlan(AccountAddress(account)) }
    public func heal(account: String) {
        perform(core.startHeal(AccountAddress(account), reason: "operator"))
        publishNow()
    }
    public func transaction(hash: String) -> TrackedTransaction? { core.transaction(hash: hash) }
    public func chain(_ account: String) -> (SequenceChain, [TrackedTransaction])? {
        guard let c = core.chains[AccountAddress(account)] else { return nil }
        let txs = c.live.keys.sorted().compactMap { c.live[$0].flatMap { core.txs[$0] } }
        return (c, txs)
    }

    /// The account's timeline from the engine's memory (the console prefers the journal's).
    public func timeline(_ account: String) -> [TimelineEntry] { core.timeline(account: AccountAddress(account)) }

    /// `/state/pending`'s pages (see `WorkloadCore.pendingPage`).
    public func pendingPage(after: (account: String, sequence: UInt32)?, limit: Int) -> (rows: [PendingRow], more: Bool) {
        core.pendingPage(after: after, limit: limit)
    }

    public func counters() -> EngineCounters {
        EngineCounters(
            validated: core.finalCounts[.validated] ?? 0, rejected: core.finalCounts[.rejected] ?? 0,
            expired: core.finalCounts[.expired] ?? 0, abandoned: core.finalCounts[.abandoned] ?? 0,
            submits: core.submitsSent, requests: core.requestsSent,
            latency: core.latencyLedgers)
    }

    public func snapshot() -> Snapshot {
        let t0 = ContinuousClock.now
        var s = core.snapshot(endpoint: endpointName, health: health, closeInterval: closeInterval)
        s.startedAt = startedAt
        snapshotBuilds.count += 1
        snapshotBuilds.seconds += (ContinuousClock.now - t0) / .seconds(1)
        return s
    }

    /// Snapshots built and the time spent building them (the engine's side of every frame and
    /// API read; `bench throughput` reports the mean).
    public private(set) var snapshotBuilds: (count: Int, seconds: Double) = (0, 0)

    // MARK: plumbing

    private func publishNow() {
        journalOutbox()
        lastPublish = now()
        store.publish(snapshot())
    }

    private func publishIfDue() async {
        let t = now()
        guard t - lastPublish >= 0.1 else { return }
        let h = await connection.health()
        health = ConnectionHealthRow(
            connected: h.connected, reconnects: h.reconnects, secondsSinceLastLedger: h.secondsSinceLastLedger(),
            requestLatencyMs: h.requestLatencyMs, lastError: h.lastError)
        lastPublish = t
        journalOutbox()
        store.publish(snapshot())
    }

    private func connectionEvent(_ event: ConnectionEvent) {
        defer { wake() }
        switch event {
        case .message(let m): perform(core.handle(.stream(m), now: now()))
        case .connected: perform(core.handle(.connection(connected: true), now: now()))
        case .disconnected: perform(core.handle(.connection(connected: false), now: now()))
        case .unparsed(let reason): perform(core.handle(.unparsedStream(reason: reason), now: now()))
        }
    }

    private func input(_ input: EngineInput) {
        perform(core.handle(input, now: now()))
        wake()
    }

    /// Executes actions concurrently; results re-enter through the actor.
    private func perform(_ actions: [EngineAction]) {
        // Every record the core made, including each submit's `signed`, goes to the journal
        // first; a submit below waits for its batch to be durable before it leaves.
        let ticket = journalOutbox()
        let journal = self.journal
        for action in actions {
            switch action {
            case .subscribe(let accounts):
                let conn = connection
                Task { [weak self] in
                    do {
                        try await conn.subscribe(streams: ["ledger"], accounts: accounts.map(\.text))
                    } catch {
                        await self?.input(.subscribeFailed(reason: "\(error)"))
                    }
                }
            case .submit(let id, let blob):
                // Submits of one account leave in Sequence order: each waits for the previous
                // one of the same account, so the server never sees N+1 before N because two
                // tasks raced (which rippled would answer with terPRE_SEQ). Accounts still run
                // concurrently with each other.
                let account = core.txs[id]?.account ?? AccountAddress("")
                let previous = submitChains[account]
                let conn = connection
                let timeout = submitTimeout
                submitChains[account] = Task { [weak self] in
                    await previous?.value
                    // Not journalled, not sent: the run loop stops on the journal's failure.
                    if let journal, !(await journal.durable(ticket)) { return }
                    let input: EngineInput
                    do {
                        let r = try await conn.request("submit", params: ["tx_blob": .string(Hex.encode(blob))], timeout: timeout)
                        do {
                            input = .submitReplied(id, try SubmitResponse(json: r))
                        } catch {
                            input = .submitFailed(id, reason: "malformed submit reply: \(error)", noReply: false)
                        }
                    } catch let e as RPCError {
                        input = .submitFailed(id, reason: e.exception ?? e.token, noReply: false)
                    } catch {
                        input = .submitFailed(id, reason: "\(error)", noReply: true)
                    }
                    await self?.input(input)
                }
            case .request(let id, let read):
                let conn = connection
                Task { [weak self] in
                    let input: EngineInput
                    do {
                        input = .requestReplied(id, read.decode(try await conn.request(read.method, params: read.params, timeout: .seconds(10))))
                    } catch let e as RPCError {
                        input = .requestReplied(id, .failure(RequestFailure(token: e.token, message: e.message ?? "")))
                    } catch {
                        input = .requestReplied(id, .failure(RequestFailure(token: "transport", message: "\(error)")))
                    }
                    await self?.input(input)
                }
            }
        }
    }
}
