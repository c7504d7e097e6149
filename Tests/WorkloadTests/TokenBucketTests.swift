import Testing
@testable import Workload

@Suite struct TokenBucketTests {
    @Test func paceMatchesRate() {
        var b = TokenBucket(ratePerSecond: 100, burst: 50, now: 0)
        var sent = 0
        for step in 1...1000 { sent += b.take(upTo: 1000, now: Double(step) * 0.01) }
        // 10 s at 100/s.
        #expect(sent == 1000)
    }

    @Test func burstIsBounded() {
        var b = TokenBucket(ratePerSecond: 100, burst: 20, now: 0)
        #expect(b.take(upTo: 1000, now: 60) == 20)
        #expect(b.take(upTo: 1000, now: 60) == 0)
    }

    @Test func clockGoingBackwardsGivesNothing() {
        var b = TokenBucket(ratePerSecond: 10, burst: 10, now: 5)
        #expect(b.take(upTo: 10, now: 4) == 0)
        #expect(b.take(upTo: 10, now: 5.5) == 5)
    }

    @Test func finalStates() {
        #expect(TxState.allCases.filter(\.isFinal) == [.validated, .rejected, .expired, .abandoned])
    }
}
