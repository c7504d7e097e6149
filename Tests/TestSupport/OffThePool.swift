import Foundation
import DequeModule
import Testing

/// Runs a test on a small pool of dedicated threads instead of Swift's cooperative pool.
///
/// Why: the cooperative pool has one thread per core (two on CI). Swift Testing runs tests in
/// parallel on it, so a synchronous test that computes for seconds (a deterministic scenario
/// run) or blocks (waiting for a child process) takes a whole thread; two of them starve every
/// other test for as long as they run, and a test that waits on a wall-clock deadline meanwhile
/// fails for nothing (CI saw a refused connect "take" 7 s and a reconnect "never" happen).
/// Tests that compute or block carry this trait; the async, timing-sensitive tests keep the
/// cooperative pool to themselves.
public struct OffThePoolTrait: SuiteTrait, TestTrait, TestScoping {
    /// Where the test's body runs.
    let executor: BlockingWorkExecutor

    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        // Scope each test case, not the suite around them.
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(executor) {
            try await function()
        }
    }
}

extension Trait where Self == OffThePoolTrait {
    /// Run on dedicated threads: for tests that compute for long or block a thread.
    public static var offThePool: Self { OffThePoolTrait(executor: .shared) }

    /// Run on threads of their own: for tests that mostly wait on child processes (the CLI and
    /// the console in tmux). They must not queue behind the long computing suites on
    /// `offThePool`'s threads — a wall-clock limit counts that wait too (the tmux end-to-end test
    /// timed out queued behind the randomized fault test) — and, blocked on a process, they take
    /// little CPU from them. Not for tests that run an engine or a server in process: tasks
    /// and actors they start inherit the preference and would wait behind the blocked tests.
    public static var waitsOnProcesses: Self { OffThePoolTrait(executor: .processes) }
}

/// A task executor over a fixed set of plain threads sharing one job queue.
///
/// Its width is bounded (the number of cores, at least two) so that heavy tests queue among
/// themselves rather than all running at once and time-slicing the cooperative pool down to
/// nothing.
public final class BlockingWorkExecutor: TaskExecutor, @unchecked Sendable {
    public static let shared = BlockingWorkExecutor(threads: max(2, ProcessInfo.processInfo.activeProcessorCount))
    /// For tests that wait on child processes (see `waitsOnProcesses`).
    public static let processes = BlockingWorkExecutor(threads: 3)

    /// Guards `jobs`; workers wait on it while the queue is empty.
    private let condition = NSCondition()
    private var jobs = Deque<UnownedJob>()

    public init(threads: Int) {
        for i in 0..<threads {
            let t = Thread { [self] in work() }
            t.name = "test-blocking-\(i)"
            t.stackSize = 8 << 20
            t.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
