import Foundation
import Synchronization
import XRPL

/// The part every transport shares between "bytes arrived" and "the engine sees an event": the
/// subscription set, the backfill cursor, de-duplication, the event stream, and health.
///
/// Why a lock and not an actor: pushed messages must reach the engine in the order they arrived
/// and must never overtake a backfill. Every state change and its `yield` happen under one
/// `Mutex`, synchronously, so the order is exactly the order of calls, with no actor hops in
/// which another caller could slip in. `AsyncStream.Continuation.yield` never blocks, so holding
/// the lock across it is cheap.
///
/// The resync protocol (after a (re)connect):
/// 1. `markDisconnected` (or the initial state): pushed messages are buffered, not delivered.
/// 2. The transport re-subscribes, then `catchUp` fetches every ledger after `completeThrough` up
///    to the validated one and delivers their messages directly.
/// 3. `finishResync` delivers the buffered pushes (duplicates of backfilled ones dropped), then
///    `.connected`, in one critical section.
final class StreamRelay: Sendable {
    private struct State {
        var subscriptions = LedgerBackfill()
        /// Every message for ledgers up to and including this one has been delivered (or the
        /// ledger was already validated when we started: the baseline). Backfill starts after it.
        var completeThrough: UInt32?
        /// The newest `ledgerClosed` delivered (or the baseline): older or equal ones are dropped.
        var lastClosed: UInt32?
        var newestSeen: UInt32 = 0
        /// Hashes of validated transactions delivered for recent ledgers, to drop the overlap
        /// between a backfill and the pushes buffered while it ran.
        var recentHashes: [UInt32: Set<String>] = [:]
        var resyncing = true
        var buffer: [StreamMessage] = []
        var health = ConnectionHealth()
        var everConnected = false
        var finished = false
    }

    /// A validated ledger this far behind the delivered ones means a different history.
    static let historyResetSlack: UInt32 = 2
    /// How many recent ledgers' transaction hashes are kept for de-duplication.
    static let dedupWindow: UInt32 = 16
    /// Weight of the newest sample in the request-latency EWMA.
    static let latencyWeight = 0.2

    let events: AsyncStream<ConnectionEvent>
    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let state = Mutex(State())

    init() {
        (events, continuation) = AsyncStream<ConnectionEvent>.makeStream(bufferingPolicy: .unbounded)
    }

    // MARK: subscriptions

    var subscriptions: LedgerBackfill { state.withLock { $0.subscriptions } }

    /// `subscribe` params for these streams and accounts; nil when there is nothing to ask for.
    static func subscribeParams(streams: [String], accounts: [String]) -> [String: JSONValue]? {
        var params: [String: JSONValue] = [:]
        if !streams.isEmpty { params["streams"] = .array(streams.map { .string($0) }) }
        if !accounts.isEmpty { params["accounts"] = .array(accounts.map { .string($0) }) }
        return params.isEmpty ? nil : params
    }

    /// The whole subscription set as `subscribe` params (sorted, so re-subscribes are stable),
    /// with whether it includes the `ledger` stream; nil when nothing is subscribed.
    var resubscribeParams: (params: [String: JSONValue], ledger: Bool)? {
        let subs = subscriptions
        return Self.subscribeParams(streams: subs.streams.sorted(), accounts: subs.accounts.sorted())
            .map { ($0, subs.streams.contains("ledger")) }
    }

    func addSubscriptions(streams: [String], accounts: [String]) {
        state.withLock {
            $0.subscriptions.streams.formUnion(streams)
            $0.subscriptions.accounts.formUnion(accounts)
        }
    }

    /// Takes fee figures and, when nothing has been delivered yet, the baseline ledger from a
    /// `subscribe` reply that included the `ledger` stream (it describes the validated ledger).
    func noteSubscribeReply(_ result: JSONValue) {
        state.withLock { s in
            s.subscriptions.fees.update(from: result)
            if s.completeThrough == nil, let i = result["ledger_index"]?.uint64Value.flatMap({ UInt32(exactly: $0) }) {
                s.completeThrough = i
                s.lastClosed = max(s.lastClosed ?? 0, i)
            }
        }
    }

    func noteFees(_ json: JSONValue) { state.withLock { $0.subscriptions.fees.update(from: json) } }

    // MARK: delivery

    /// A pushed message (a frame without `id`, or a session message). Undecodable ones are
    /// reported as `.unparsed` and skipped: a stream we do not understand must not take the
    /// connection down, nor vanish without a trace.
    func live(_ json: JSONValue) {
        let message: StreamMessage
        do {
            message = try StreamMessage(json: json)
        } catch {
            unparsed("\(json["type"]?.stringValue ?? "?"): \(String(describing: error).prefix(160))")
            return
        }
        live(message)
    }

    /// Something arrived that is not a message at all: passed on as a problem.
    func unparsed(_ reason: String) {
        state.withLock { s in
            guard !s.finished else { return }
            continuation.yield(.unparsed(reason: reason))
        }
    }

    func live(_ message: StreamMessage) {
        state.withLock { s in
            guard !s.finished else { return }
            if s.resyncing {
                s.buffer.append(message)
            } else {
                deliver(message, &s, live: true)
            }
        }
    }

    /// Backfilled messages for ledger `index`, delivered at once (even while resyncing); after
    /// them every message up to `index` counts as delivered.
    func deliverBackfill(_ messages: [StreamMessage], through index: UInt32) {
        state.withLock { s in
            guard !s.finished else { return }
            for m in messages { deliver(m, &s, live: false) }
            s.completeThrough = max(s.completeThrough ?? 0, index)
            s.newestSeen = max(s.newestSeen, index)
        }
    }

    /// One message through de-duplication, the cursors and health, then out.
    private func deliver(_ message: StreamMessage, _ s: inout State, live: Bool) {
        switch message {
        case .ledgerClosed(let l):
            if let last = s.lastClosed, l.ledgerIndex <= last { return }
            s.lastClosed = l.ledgerIndex
            s.newestSeen = max(s.newestSeen, l.ledgerIndex)
            if live {
                s.subscriptions.fees.feeBase = l.feeBase
                s.subscriptions.fees.reserveBase = l.reserveBase
                s.subscriptions.fees.reserveInc = l.reserveInc
                if let n = l.networkID { s.subscriptions.fees.networkID = n }
                // rippled pushes a ledger's transactions after its ledgerClosed, so the ledger
                // itself is complete only when nothing about transactions is subscribed.
                let complete = s.subscriptions.wantsTransactions ? l.ledgerIndex - 1 : l.ledgerIndex
                s.completeThrough = max(s.completeThrough ?? 0, complete)
            }
            s.health.lastLedgerAt = Date()
        case .transaction(let t):
            if t.validated, let index = t.ledgerIndex {
                if s.recentHashes[index, default: []].contains(t.hash) { return }
                s.recentHashes[index, default: []].insert(t.hash)
                s.newestSeen = max(s.newestSeen, index)
                if live, index > 0 { s.completeThrough = max(s.completeThrough ?? 0, index - 1) }
                if s.newestSeen > Self.dedupWindow {
                    let floor = s.newestSeen - Self.dedupWindow
                    if s.recentHashes.keys.contains(where: { $0 < floor }) {
                        s.recentHashes = s.recentHashes.filter { $0.key >= floor }
                    }
                }
            }
        case .other:
            break
        }
        continuation.yield(.message(message))
    }

    // MARK: connection state

    /// The transport lost its server: emit `.disconnected` once (only if it was connected) and
    /// buffer pushes until the next `finishResync`.
    func markDisconnected(_ reason: String) {
        state.withLock { s in
            guard !s.finished else { return }
            s.resyncing = true
            s.health.lastError = reason
            if s.health.connected {
                s.health.connected = false
                continuation.yield(.disconnected(reason: reason))
            }
        }
    }

    /// Subscriptions are back and the backfill is done: deliver what was pushed meanwhile, then
    /// `.connected`. Every connect after the first counts as a reconnect.
    func finishResync() {
        state.withLock { s in
            guard !s.finished else { return }
            let buffered = s.buffer
            s.buffer = []
            for m in buffered { deliver(m, &s, live: true) }
            s.resyncing = false
            if s.everConnected { s.health.reconnects += 1 }
            s.everConnected = true
            s.health.connected = true
            continuation.yield(.connected)
        }
    }

    /// `close()`: no more events.
    func finish() {
        state.withLock { s in
            guard !s.finished else { return }
            s.finished = true
            s.resyncing = true
            s.buffer = []
            s.health.connected = false
        }
        continuation.finish()
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    // MARK: health

    var health: ConnectionHealth { state.withLock { $0.health } }

    func recordLatency(since start: ContinuousClock.Instant) {
        let ms = (ContinuousClock.now - start) / .milliseconds(1)
        state.withLock { s in
            if let old = s.health.requestLatencyMs {
                s.health.requestLatencyMs = old + Self.latencyWeight * (ms - old)
            } else {
                s.health.requestLatencyMs = ms
            }
        }
    }

    func recordError(_ text: String) { state.withLock { $0.health.lastError = text } }

    // MARK: backfill

    /// Brings delivery up to the validated ledger: asks for it, then fetches and delivers every
    /// ledger after `completeThrough` (bounded by `limit`). The first call only sets the baseline:
    /// ledgers validated before the connection existed are history, not missed messages.
    /// RPC-level refusals (no validated ledger yet, a ledger missing from the server's history)
    /// are recorded in `lastError` and skipped; transport failures are thrown.
    ///
    /// `fetch` is the transport's own request function (so backfill uses the same socket and
    /// timeouts as everything else).
    func catchUp(
        limit: Int = LedgerBackfill.defaultLimit,
        fetch: @Sendable (_ method: String, _ params: [String: JSONValue]) async throws -> JSONValue
    ) async throws {
        // The header first: a poll that finds nothing new costs one small reply, not a whole
        // expanded ledger.
        let header: JSONValue
        do {
            header = try await fetch("ledger", ["ledger_index": "validated"])
        } catch let error as RPCError {
            // The server answered but has no validated ledger yet (a rippled still syncing):
            // nothing to catch up to. The next catch-up or pushed message sets the baseline.
            recordError("no validated ledger: \(error)")
            return
        }
        guard let newest = Self.ledgerIndex(of: header) else {
            throw ConnectionError.malformedResponse("ledger \"validated\" reply has no ledger_index")
        }
        let plan: LedgerBackfill.Plan? = state.withLock { s in
            guard let complete = s.completeThrough else {
                s.completeThrough = newest
                s.lastClosed = max(s.lastClosed ?? 0, newest)
                s.newestSeen = max(s.newestSeen, newest)
                return nil
            }
            if newest + Self.historyResetSlack < complete {
                // The server's validated ledger is behind what was already delivered: not a
                // lagging server but another history (a server that lost its state, a different
                // network). Start over from it, so its ledgers reach the engine, which decides
                // what the reset means; filtering them as "old" would leave it blind for good.
                s.completeThrough = newest
                s.lastClosed = newest - 1
                s.newestSeen = newest
                s.recentHashes = [:]
                s.health.historyResets += 1
                return nil
            }
            let plan = s.subscriptions.plan(completeThrough: complete, newest: newest, limit: limit)
            if plan == .upToDate { s.completeThrough = max(complete, newest) }
            return plan
        }
        switch plan {
        case nil, .upToDate?:
            return
        case .ledgers(let range)?:
            for index in range {
                let subs = subscriptions
                let result: JSONValue
                do {
                    result = try await fetch("ledger", subs.ledgerParams(index))
                } catch let error as RPCError {
                    // A server without that ledger in its history (lgrNotFound): skip it rather
                    // than stay offline retrying.
                    recordError("backfill of ledger \(index) failed: \(error)")
                    deliverBackfill([], through: index)
                    continue
                }
                deliverBackfill(try subs.messages(fromLedgerResult: result), through: index)
            }
        case .skip(let index, let skipped)?:
            let subs = subscriptions
            var messages: [StreamMessage] = []
            do {
                let result = try await fetch("ledger", subs.ledgerParams(index, expand: false))
                messages = try subs.messages(fromLedgerResult: result, includeTransactions: false)
            } catch is RPCError {
                // Announcing it is a courtesy; the skip itself must happen regardless.
            }
            deliverBackfill(messages, through: index)
            recordError("backfill skipped ledgers \(skipped.lowerBound)–\(skipped.upperBound): more than \(limit) missed")
        }
    }

    static func ledgerIndex(of result: JSONValue) -> UInt32? {
        (result["ledger_index"] ?? result["ledger"]?["ledger_index"])?.uint64Value.flatMap { UInt32(exactly: $0) }
    }
}
