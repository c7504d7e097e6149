import Foundation
import XRPL

/// Where the simulator's time comes from.
public enum SimClock: Sendable, Equatable {
    /// Wall-clock time; ledgers close on their own every `closeInterval` seconds.
    case wall
    /// Time moves only when `advance(by:)` is called (tests, benchmarks, replays). The start is
    /// in seconds since the Ripple epoch.
    case manual(start: Double)
}

/// The embedded rippled: a `SimulatorCore` behind an actor, with a clock that closes ledgers,
/// subscription sessions fed from each close, and the `RippledService` API that both the
/// in-process transport and `SimServer` serve.
public actor Simulator: RippledService {
    public private(set) var core: SimulatorCore
    public let clock: SimClock
    private nonisolated let baseFee: UInt64
    private var manualNow: Double
    private var sessions: [SessionID: Session] = [:]
    private var nextSessionID: UInt64 = 1
    private var closeWatchers: [UInt64: AsyncStream<ClosedLedger>.Continuation] = [:]
    private var nextWatcherID: UInt64 = 1

    private struct Session {
        let continuation: AsyncStream<JSONValue>.Continuation
        var streams: Set<String> = []
        var accounts: Set<String> = []
        /// `accounts_proposed`: notified of open-ledger applies and of validations.
        var proposedAccounts: Set<String> = []
        var apiVersion = 1

        var wantsProposed: Bool { streams.contains("transactions_proposed") || !proposedAccounts.isEmpty }
    }
    /// The fee summary last published on the `server` stream (NetworkOPsImp::mLastFeeSummary).
    private var lastFeeSummary: ServerFeeSummary?

    /// A simulator in memory, or, with a `sink`, one whose validated ledgers are kept by it; with
    /// `restored` (what that sink kept last time) it continues from the newest kept ledger.
    public init(
        config: SimConfig = SimConfig(), clock: SimClock = .wall, sink: (any LedgerSink)? = nil, restoring restored: RestoredLedgers? = nil
    ) {
        self.clock = clock
        switch clock {
        case .wall: manualNow = 0
        case .manual(let start): manualNow = start
        }
        let start: Double
        if case .manual(let s) = clock { start = s } else { start = Date().timeIntervalSince1970 - SimAPI.rippleEpoch }
        var core = SimulatorCore(config: config, startTime: start)
        if let restored { core.resume(from: restored) }
        core.ledgerSink = sink
        self.core = core
        baseFee = config.baseFee
    }

    public var config: SimConfig { core.config }

    /// Seconds since the Ripple epoch, by this simulator's clock.
    public func now() -> Double {
        switch clock {
        case .wall: Date().timeIntervalSince1970 - SimAPI.rippleEpoch
        case .manual: manualNow
        }
    }

    // MARK: clock

    /// Closes ledgers on the wall clock until cancelled. Manual clocks close in `advance(by:)`.
    public func run() async {
        guard clock == .wall else { return }
        while !Task.isCancelled {
            let t = now()
            if core.closeDue(at: t) { closeLedger() }
            // LoadManager's once-a-second check reports a load change; here each tick.
            reportFeeChange()
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Moves a manual clock forward, closing every ledger that falls due on the way (in steps
    /// of a tenth of the close interval, so close times land where a wall clock would put them).
    public func advance(by seconds: Double) {
        guard case .manual = clock, seconds > 0 else { return }
        let end = manualNow + seconds
        let step = min(0.1, (core.config.closeInterval ?? 1) / 10)
        while manualNow < end {
            manualNow = min(end, manualNow + step)
            if core.closeDue(at: manualNow) { closeLedger() }
        }
    }

    /// Closes the open ledger now (also what `ledger_accept` does) and publishes it.
    @discardableResult
    public func closeLedger() -> ClosedLedger {
        let closed = core.close(at: now())
        publish(closed)
        publishProposed()
        reportFeeChange()
        return closed
    }

    // MARK: typed in-process API

    public nonisolated func submit(blob: [UInt8], failHard: Bool = false) async -> Result<SubmitOutcome, RPCError> {
        switch SimulatorCore.candidate(blob: blob, baseFee: baseFee, failHard: failHard) {
        case .failure(let e): return .failure(e)
        case .success(let c): return .success(await submitVerified(c, failHard: failHard))
        }
    }

    private func submitVerified(_ c: Candidate, failHard: Bool) -> SubmitOutcome {
        let outcome = core.submit(candidate: c, failHard: failHard, at: now())
        publishProposed()
        reportFeeChange()
        return outcome
    }

    @discardableResult
    public func inject(_ fault: SimFault) -> String {
        let line = core.inject(fault, at: now())
        if fault == .disconnectClients || fault == .restart { dropAllSessions() }
        return line
    }

    /// Runs a closure against the core (tests and the console's read paths).
    public func withCore<T: Sendable>(_ body: (inout SimulatorCore) -> T) -> T { body(&core) }

    /// Every ledger as it closes (the `sim` command prints one line each).
    public func closedLedgers() -> AsyncStream<ClosedLedger> {
        let (stream, continuation) = AsyncStream<ClosedLedger>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = nextWatcherID
        nextWatcherID += 1
        closeWatchers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.removeWatcher(id) } }
        return stream
    }

    private func removeWatcher(_ id: UInt64) { closeWatchers[id] = nil }

    // MARK: RippledService

    /// Decoding a blob and checking its signature is the expensive part of a submit and needs no
    /// ledger, so it runs on the caller's task, in parallel across connections, as rippled checks
    /// signatures on its job threads; only the ledger apply is serialised on the actor.
    /// The same holds for a subscription's account list: a subscribe may name thousands of
    /// addresses, each a base58 decode and two SHA-256, so they are checked here too and the
    /// actor only records them.
    public nonisolated func handle(method: String, params: [String: JSONValue], apiVersion: Int, session: SessionID?) async -> ServiceReply {
        var verified: Result<Candidate, RPCError>?
        if method == "submit", let hex = params["tx_blob"]?.stringValue {
            // By length first (two hex digits a byte): an oversized blob is refused undecoded.
            if hex.utf8.count > 2 * BinaryCodec.maxBlobBytes {
                verified = .failure(RPCError(.invalidTransaction, exception: "Transaction length invalid"))
            } else if let blob = try? Hex.decode(hex), !blob.isEmpty {
                verified = SimulatorCore.candidate(blob: blob, baseFee: baseFee, failHard: params["fail_hard"]?.boolValue ?? false)
            } else {
                verified = .failure(RPCError(.invalidParams))
            }
        }
        if method == "subscribe" || method == "unsubscribe" {
            let request = SubscriptionRequest.parse(params)
            return await subscriptionIsolated(method == "subscribe", request: request, apiVersion: apiVersion, session: session)
        }
        if method == "sign" {
            let context = await signContext(params)
            return .reply(SimAPI.sign(params, context: context))
        }
        if SimReads.methods.contains(method) {
            // Only the snapshot is taken on the actor; the walk runs here, on the caller's task.
            switch await snapshot(params) {
            case .failure(let e): return .reply(.failure(e))
            case .success(let s): return .reply(SimReads.handle(method: method, params: params, apiVersion: apiVersion, snapshot: s))
            }
        }
        return await handleIsolated(method: method, params: params, apiVersion: apiVersion, session: session, verified: verified)
    }

    private func signContext(_ params: [String: JSONValue]) -> SignContext { SignContext.take(params, core: core) }

    private func snapshot(_ params: [String: JSONValue]) -> Result<LedgerSnapshot, RPCError> {
        LedgerSnapshot.take(params, core: core)
    }

    private func subscriptionIsolated(
        _ subscribe: Bool, request: Result<SubscriptionRequest, RPCError>, apiVersion: Int, session: SessionID?
    ) -> ServiceReply {
        switch request {
        case .failure(let e): return .reply(.failure(e))
        case .success(let r): return .reply(subscription(subscribe, request: r, apiVersion: apiVersion, session: session))
        }
    }

    private func handleIsolated(
        method: String, params: [String: JSONValue], apiVersion: Int, session: SessionID?, verified: Result<Candidate, RPCError>?
    ) -> ServiceReply {
        switch method {
        case "ledger_accept":
            guard core.config.allowsLedgerAccept else {
                return .reply(.failure(RPCError(token: "notStandAlone", message: "Operation valid in debug mode only.")))
            }
            closeLedger()
            return .reply(.success(.object(["ledger_current_index": .int(Int64(core.openLedgerIndex))])))
        default:
            let t = now()
            let before = core.validated.index
            let reply = SimAPI.handle(
                method: method, params: params, apiVersion: apiVersion, core: &core, now: t, verified: verified, hasSession: session != nil)
            if core.validated.index != before, let l = core.ledger(core.validated.index) { publish(l) }
            publishProposed()
            reportFeeChange()
            if method == "sim_fault", case .success = reply, let text = params["fault"]?.stringValue,
                let f = try? SimFault(parsing: text), f == .disconnectClients || f == .restart
            {
                dropAllSessions()
            }
            if case .failure(let e) = reply, e.token == SimAPI.droppedToken { return .dropped }
            return .reply(reply)
        }
    }

    /// Stream messages a session may have waiting. A subscriber that falls further behind is
    /// disconnected, as rippled drops a client too slow for its send queue: it reconnects and
    /// backfills. Silently dropping the oldest messages instead would leave it believing
    /// transactions unconfirmed that validated long ago.
    public static let sessionBacklogLimit = 100_000

    /// Sessions disconnected for falling behind their stream.
    public private(set) var slowSessionsDropped = 0

    public func openSession() async -> ServiceSession {
        let id = SessionID(nextSessionID)
        nextSessionID += 1
        let (stream, continuation) = AsyncStream<JSONValue>.makeStream(bufferingPolicy: .bufferingNewest(Self.sessionBacklogLimit))
        sessions[id] = Session(continuation: continuation)
        return ServiceSession(id: id, messages: stream)
    }

    public func closeSession(_ id: SessionID) async {
        guard let closed = sessions.removeValue(forKey: id) else { return }
        closed.continuation.finish()
        // Only a session that wanted proposed transactions can turn collecting off; checking
        // the others on every close made 1,000 clients leaving at once quadratic.
        if closed.wantsProposed { core.proposed.isCollecting = sessions.values.contains { $0.wantsProposed } }
    }

    public var sessionCount: Int { sessions.count }

    private func dropAllSessions() {
        for s in sessions.values { s.continuation.finish() }
        sessions = [:]
    }

    // MARK: subscriptions

    private func subscription(_ subscribe: Bool, request: SubscriptionRequest, apiVersion: Int, session: SessionID?) -> Result<JSONValue, RPCError> {
        guard let session, var s = sessions[session] else {
            return .failure(RPCError(.noPermission, message: "Subscriptions need a WebSocket or in-process session."))
        }
        let (streams, accounts) = (request.streams, request.accounts)
        s.apiVersion = apiVersion
        if subscribe {
            s.streams.formUnion(streams)
            s.accounts.formUnion(accounts)
            s.proposedAccounts.formUnion(request.proposedAccounts)
        } else {
            s.streams.subtract(streams)
            s.accounts.subtract(accounts)
            s.proposedAccounts.subtract(request.proposedAccounts)
        }
        sessions[session] = s
        core.proposed.isCollecting = sessions.values.contains { $0.wantsProposed }
        var reply: [String: JSONValue] = [:]
        guard subscribe else { return .success(.object(reply)) }
        if streams.contains("ledger") {
            reply = core.ledgerClosedMessage(core.validated)
            reply["type"] = nil
            reply["txn_count"] = nil
        }
        if streams.contains("server") {
            for (k, v) in core.serverSubscribeFields() { reply[k] = v }
            if lastFeeSummary == nil { lastFeeSummary = core.feeSummary }
        }
        return .success(.object(reply))
    }

    /// `NetworkOPsImp::pubProposedTransaction` for everything applied to the open ledger since
    /// the last call: to `transactions_proposed` subscribers, and once more to a session whose
    /// `accounts_proposed` names an account the transaction mentions (two loops, as rippled's).
    private func publishProposed() {
        let applied = core.proposed.drain()
        guard !applied.isEmpty else { return }
        // Mentioned accounts once per transaction, and only if some session watches accounts.
        let byAccount = sessions.values.contains { !$0.proposedAccounts.isEmpty }
        let mentions = byAccount ? applied.map { SimulatorCore.mentionedAccounts($0.candidate.json) } : []
        var slow: [SessionID] = []
        for (id, s) in sessions where s.wantsProposed {
            var overflowed = false
            for (i, p) in applied.enumerated() where !overflowed {
                let all = s.streams.contains("transactions_proposed")
                let mentioned = !s.proposedAccounts.isEmpty && !mentions[i].isDisjoint(with: s.proposedAccounts)
                let message = SimulatorCore.proposedMessage(p, apiVersion: s.apiVersion)
                for _ in 0..<((all ? 1 : 0) + (mentioned ? 1 : 0)) {
                    if case .dropped = s.continuation.yield(message) { overflowed = true }
                }
            }
            if overflowed { slow.append(id) }
        }
        dropSlow(slow)
    }

    /// `NetworkOPsImp::reportFeeChange` → `pubServer`: a serverStatus message whenever the
    /// load factor, the base fee or the TxQ's fee levels differ from the last one published.
    private func reportFeeChange() {
        guard sessions.values.contains(where: { $0.streams.contains("server") }) else { return }
        let summary = core.feeSummary
        guard summary != lastFeeSummary else { return }
        lastFeeSummary = summary
        let message = core.serverStatusMessage()
        var slow: [SessionID] = []
        for (id, s) in sessions where s.streams.contains("server") {
            if case .dropped = s.continuation.yield(message) { slow.append(id) }
        }
        dropSlow(slow)
    }

    private func dropSlow(_ slow: [SessionID]) {
        for id in slow {
            slowSessionsDropped += 1
            sessions.removeValue(forKey: id)?.continuation.finish()
        }
        core.proposed.isCollecting = sessions.values.contains { $0.wantsProposed }
    }

    private func publish(_ l: ClosedLedger) {
        for w in closeWatchers.values { w.yield(l) }
        guard !sessions.isEmpty else { return }
        let ledgerMessage = JSONValue.object(core.ledgerClosedMessage(l))
        var affected: [[String]] = []
        affected.reserveCapacity(l.transactions.count)
        for t in l.transactions { affected.append(Array(LedgerHistory.affectedAccounts(t))) }
        var slow: [SessionID] = []
        for (id, s) in sessions {
            var overflowed = false
            func send(_ m: JSONValue) {
                if case .dropped = s.continuation.yield(m) { overflowed = true }
            }
            if s.streams.contains("ledger") { send(ledgerMessage) }
            let all = s.streams.contains("transactions")
            // pubValidatedTransaction sends validated transactions to transactions_proposed
            // subscribers too, and pubAccountTransaction to accounts_proposed ones.
            let proposedAll = s.streams.contains("transactions_proposed")
            let watched = s.proposedAccounts.isEmpty ? s.accounts : s.accounts.union(s.proposedAccounts)
            if all || proposedAll || !watched.isEmpty {
                for (i, t) in l.transactions.enumerated() where !overflowed {
                    let copies = (all || affected[i].contains(where: watched.contains) ? 1 : 0) + (proposedAll ? 1 : 0)
                    guard copies > 0 else { continue }
                    let message = core.transactionMessage(t, ledger: l, apiVersion: s.apiVersion)
                    for _ in 0..<copies { send(message) }
                }
            }
            if overflowed { slow.append(id) }
        }
        dropSlow(slow)
    }
}

/// A subscribe or unsubscribe request, checked before it reaches the actor: streams named,
/// every account a valid classic address.
struct SubscriptionRequest: Sendable {
    let streams: [String]
    let accounts: [String]
    let proposedAccounts: [String]

    static let knownStreams: Set<String> = ["ledger", "transactions", "transactions_proposed", "server", "validations", "consensus", "peer_status"]

    static func parse(_ params: [String: JSONValue]) -> Result<SubscriptionRequest, RPCError> {
        let streams = params["streams"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let accounts = params["accounts"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let proposedAccounts = params["accounts_proposed"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let bad = streams.first(where: { !knownStreams.contains($0) }) {
            return .failure(RPCError(token: "malformedStream", code: 39, message: "Stream malformed.", extra: ["stream": .string(bad)]))
        }
        if (accounts + proposedAccounts).contains(where: { !AddressCodec.isValidClassicAddress($0) }) {
            return .failure(RPCError(.actMalformed, message: "Account malformed."))
        }
        return .success(SubscriptionRequest(streams: streams, accounts: accounts, proposedAccounts: proposedAccounts))
    }
}
