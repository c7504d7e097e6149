import Dispatch
import Foundation
import Synchronization

/// SIGINT / SIGTERM as an async event, so long-running commands stop gracefully.
enum Signals {
    private static let center = SignalCenter()

    /// Returns at the next SIGINT or SIGTERM (or when the task is cancelled).
    static func waitForTermination() async { await center.next() }
}

/// The process's SIGINT and SIGTERM, watched by one pair of dispatch sources made once and never
/// cancelled. Making and cancelling sources per wait lost signals: the run's first wait cancelled
/// its sources, the drain's wait set SIG_IGN and made new ones, and libdispatch (whose teardown is
/// asynchronous) did not install its handler again — so the promised second Ctrl-C was ignored.
final class SignalCenter: Sendable {
    private struct Waiters {
        var next = 0
        var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    }
    private let waiters = Mutex(Waiters())
    /// Kept for the life of the process (never cancelled); only read here, in `init`.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    init() {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
        for s in sources {
            s.setEventHandler { [weak self] in self?.fire() }
            s.resume()
        }
    }

    private func fire() {
        let all = waiters.withLock { w -> [CheckedContinuation<Void, Never>] in
            defer { w.waiting = [:] }
            return Array(w.waiting.values)
        }
        for c in all { c.resume() }
    }

    func next() async {
        let id = waiters.withLock { w -> Int in
            w.next += 1
            return w.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let cancelled = waiters.withLock { w -> Bool in
                    if Task.isCancelled { return true }
                    w.waiting[id] = c
                    return false
                }
                if cancelled { c.resume() }
            }
        } onCancel: {
            waiters.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
    }
}
