import TestSupport
import Testing
@testable import Workload

/// The headline result: on the seed's scenario `heal` meets the seed's success criteria and
/// `none` reproduces the failure.
@Suite(.offThePool) struct ScenarioBenchTests {
    @Test func healMeetsTheSeedCriteriaOnSeed000() throws {
        let r = try ScenarioBench.run(.seed000, strategy: .heal, seed: 1)
        #expect(r.terPreSeqAfterRecovery == 0, "terPRE_SEQ after recovery: \(r.terPreSeqAfterRecovery)")
        #expect(r.submittedMax < 50)
        #expect(r.validatedEveryLedger, "VALIDATED must grow in every ledger after recovery")
        #expect(r.ledgersFilledPct >= 95, "ledgers filled \(r.ledgersFilledPct) %")
        #expect(r.stuck == 0 && r.blockedAccounts == 0, "stuck \(r.stuck), blocked \(r.blockedAccounts)")
        #expect(r.recoverLedgers != nil)
        #expect(r.globalPauses == 0)
        #expect(r.blockedAfterSettle == 0 && r.pendingAfterSettle == 0, "settled: \(r.blockedAfterSettle) blocked, \(r.pendingAfterSettle) pending")
    }

    /// With a 100 ms round trip on every request, transactions really wait in SUBMITTED and a
    /// heal may be half done when the run ends; after settling nothing is left, while the naive
    /// cache stays blocked.
    @Test func healSettlesCleanUnderNetworkLatency() throws {
        let heal = try ScenarioBench.run(.seed000, strategy: .heal, seed: 1, latency: 0.1)
        #expect(heal.terPreSeq == 0)
        #expect(heal.submittedMax > 0 && heal.submittedMax < 50, "submitted max \(heal.submittedMax)")
        #expect(heal.blockedAfterSettle == 0 && heal.pendingAfterSettle == 0, "settled: \(heal.blockedAfterSettle) blocked, \(heal.pendingAfterSettle) pending")
        let naive = try ScenarioBench.run(.seed000, strategy: .none, seed: 1, latency: 0.1)
        #expect(naive.blockedAfterSettle > 0)
    }

    @Test func naiveReproducesTheSeedFailure() throws {
        let r = try ScenarioBench.run(.seed000, strategy: .none, seed: 1)
        #expect(r.stuck > 0, "the naive cache must leave transactions stuck")
        #expect(r.blockedAccounts > 0)
        #expect(r.terPreSeq > 0)
        #expect(r.recoverLedgers == nil, "never recovers")
        #expect(r.blockedAfterSettle > 0, "settling does not unblock a naive cache")
    }

    @Test func sameSeedSameTable() throws {
        let a = try ScenarioBench.run(.telStorm, strategy: .global, seed: 3)
        let b = try ScenarioBench.run(.telStorm, strategy: .global, seed: 3)
        #expect(a.validated == b.validated && a.terPreSeq == b.terPreSeq && a.globalPauses == b.globalPauses)
        #expect(a.globalPauses > 0, "a tel storm under global pauses everything at least once")
    }
}
