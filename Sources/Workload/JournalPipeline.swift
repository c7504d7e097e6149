import Synchronization

/// Where journal records go: written in order, durably, before `write` returns.
public protocol JournalSink: Sendable {
    func write(_ records: [JournalRecord]) async throws
}

/// Carries the core's journal records to a `JournalSink` without holding the engine: the engine
/// enqueues (a lock and an append), one writer task drains everything pending in one batch —
/// one database transaction however many records arrived meanwhile — and a submit waits only
/// for its own record's batch (`durable`) before it leaves. So "written before its first
/// submit" holds, and the engine's actor never waits on the disk.
///
/// A write that fails is fatal: `failure` says why, and every waiting or later submit is told
/// not to go (a transaction the journal does not know would be lost to the next restart).
public final class JournalPipeline: Sendable {
    public typealias Ticket = UInt64

    private struct State {
        var pending: [JournalRecord] = []
        var enqueued: Ticket = 0
        var durable: Ticket = 0
        var writing = false
        var failure: String?
        var waiters: [(Ticket, CheckedContinuation<Bool, Never>)] = []
        var writtenRecords = 0
        var batches = 0
    }

    private let sink: any JournalSink
    private let state = Mutex(State())

    public init(sink: any JournalSink) { self.sink = sink }

    /// Why the journal cannot be written (nil while it can).
    public var failure: String? { state.withLock { $0.failure } }
    /// Records and batches written so far (the bench reports them).
    public var written: (records: Int, batches: Int) { state.withLock { ($0.writtenRecords, $0.batches) } }

    /// Queues records; the ticket is durable once `durable(ticket)` returns true.
    @discardableResult
    public func enqueue(_ records: [JournalRecord]) -> Ticket {
        guard !records.isEmpty else { return state.withLock { $0.enqueued } }
        let (ticket, start) = state.withLock { s -> (Ticket, Bool) in
            s.pending += records
            s.enqueued += 1
            let start = !s.writing && s.failure == nil
            if start { s.writing = true }
            return (s.enqueued, start)
        }
        if start { Task { await self.drain() } }
        return ticket
    }

    /// Waits until everything enqueued up to `ticket` is written. False if the journal failed.
    public func durable(_ ticket: Ticket) async -> Bool {
        await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            let now: Bool? = state.withLock { s in
                if s.failure != nil { return false }
                if s.durable >= ticket { return true }
                s.waiters.append((ticket, c))
                return nil
            }
            if let now { c.resume(returning: now) }
        }
    }

    /// Waits until everything enqueued so far is written (stopping, tests).
    public func flush() async -> Bool { await durable(state.withLock { $0.enqueued }) }

    private func drain() async {
        while true {
            let (batch, upTo) = state.withLock { s -> ([JournalRecord], Ticket) in
                let b = s.pending
                s.pending.removeAll(keepingCapacity: true)
                if b.isEmpty { s.writing = false }
                return (b, s.enqueued)
            }
            guard !batch.isEmpty else { return }
            var failed: String?
            do { try await sink.write(batch) } catch { failed = "\(error)" }
            let ready = state.withLock { s -> [(CheckedContinuation<Bool, Never>, Bool)] in
                if let failed {
                    s.failure = s.failure ?? failed
                    s.writing = false
                    let all = s.waiters.map { ($0.1, false) }
                    s.waiters = []
                    return all
                }
                s.durable = upTo
                s.writtenRecords += batch.count
                s.batches += 1
                let done = s.waiters.filter { $0.0 <= upTo }.map { ($0.1, true) }
                s.waiters.removeAll { $0.0 <= upTo }
                return done
            }
            for (c, ok) in ready { c.resume(returning: ok) }
            if failed != nil { return }
        }
    }
}
