import Synchronization

/// The messages waiting to be written to one WebSocket client (replies and stream messages),
/// bounded the way rippled bounds a connection's send queue.
///
/// rippled's `BaseWSPeer::send` (include/xrpl/server/detail/BaseWSPeer.h) closes a client whose
/// queue of unwritten messages grows past the port's `send_queue_limit` (default 100) with
/// close code 1008 and "Policy error: client is too slow.". Here the queue used to drop its
/// oldest entries instead: a client pipelining 30,000 requests got 16,679 replies and no error,
/// a thinned stream it could not tell from a complete one. Now every message is either queued
/// in order or the queue refuses it, and the refusal disconnects the client; nothing queued is
/// ever skipped.
///
/// A message counts from `enqueue` until the writer reports it `written`, as rippled counts the
/// message being written as part of its queue.
final class SendQueue: Sendable {
    /// What `enqueue` did.
    enum Outcome: Equatable {
        case queued
        /// This message took the queue past a limit: disconnect the client. Reported once.
        case overflowed
        /// The queue overflowed or finished earlier; the message is discarded.
        case refused
    }

    let limit: Int
    let byteLimit: Int
    /// The messages in order, for the single writer.
    let messages: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let state = Mutex(State())

    private struct State {
        var count = 0
        var bytes = 0
        var written = 0
        var overflowed = false
        var finished = false
    }

    /// `limit` messages, or `byteLimit` bytes of them, may wait at once. The byte bound keeps a
    /// client that sends large requests and never reads from pinning memory; a single message
    /// larger than it is still accepted into an empty queue, so a big reply is never refused.
    init(limit: Int, byteLimit: Int) {
        self.limit = max(1, limit)
        self.byteLimit = max(1, byteLimit)
        (messages, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
    }

    func enqueue(_ text: String) -> Outcome {
        let size = text.utf8.count
        let outcome: Outcome = state.withLock { s in
            if s.overflowed || s.finished { return .refused }
            if s.count >= limit || (s.count > 0 && s.bytes + size > byteLimit) {
                s.overflowed = true
                return .overflowed
            }
            s.count += 1
            s.bytes += size
            return .queued
        }
        switch outcome {
        case .queued: continuation.yield(text)
        case .overflowed: continuation.finish()
        case .refused: break
        }
        return outcome
    }

    /// The writer finished writing `text` to the socket.
    func written(_ text: String) {
        state.withLock { s in
            s.count -= 1
            s.bytes -= text.utf8.count
            s.written += 1
        }
    }

    /// Messages written so far: the progress a slow-client watchdog looks for.
    var writtenCount: Int { state.withLock { $0.written } }

    /// No more messages: the writer drains what is queued, then stops.
    func finish() {
        state.withLock { $0.finished = true }
        continuation.finish()
    }

    /// True once the client was found too slow; the writer stops at once, writing nothing more.
    var hasOverflowed: Bool { state.withLock { $0.overflowed } }

    /// Messages queued and not yet written.
    var pending: (count: Int, bytes: Int) { state.withLock { ($0.count, $0.bytes) } }
}
