import Testing
@testable import Workload

/// When the engine stops generating because of the server's queue.
@Suite struct QueueBackoffTests {
    static func core() throws -> WorkloadCore {
        var c = try WorkloadCore(config: WorkloadConfig(), now: 0)
        c.feeTracker.maxQueueSize = 2_000
        c.feeTracker.expectedLedgerSize = 20
        return c
    }

    @Test func stopsPastTwoAndAHalfLedgersOfBacklog() throws {
        var c = try Self.core()
        c.feeTracker.queueSize = 49
        #expect(c.queueAllowsMore)
        c.feeTracker.queueSize = 50
        #expect(!c.queueAllowsMore, "2.5 ledgers of 20")
    }

    @Test func measuresLedgersByWhatTheyReallyTake() throws {
        var c = try Self.core()
        // Escalated ledgers carry far more than the expected size: the backlog scales with them.
        for (i, n) in [180, 200, 150, 120].enumerated() { _ = c.ledgerClosed(index: UInt32(10 + i), time: 0, txnCount: n) }
        #expect(c.recentLedgerSize == 200)
        c.feeTracker.queueSize = 450
        #expect(c.queueAllowsMore)
        c.feeTracker.queueSize = 500
        #expect(!c.queueAllowsMore)
        // Only the last four ledgers count.
        for i in 0..<4 { _ = c.ledgerClosed(index: UInt32(20 + i), time: 0, txnCount: 10) }
        #expect(c.recentLedgerSize == 10)
        c.feeTracker.queueSize = 50
        #expect(!c.queueAllowsMore, "back to the expected size of 20")
    }

    @Test func stopsWhenTheQueueIsNearlyFullWhateverTheBacklog() throws {
        var c = try Self.core()
        c.feeTracker.expectedLedgerSize = 10_000
        c.feeTracker.queueSize = 1_599
        #expect(c.queueAllowsMore)
        c.feeTracker.queueSize = 1_600
        #expect(!c.queueAllowsMore, "80 % of 2,000")
    }

    @Test func noQueueKnownNoBackoff() throws {
        var c = try Self.core()
        c.feeTracker.maxQueueSize = nil
        c.feeTracker.queueSize = 1_000_000
        #expect(c.queueAllowsMore)
    }
}
