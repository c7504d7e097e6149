import LedgerSim
import TestSupport
import Testing
import XRPL
@testable import Workload

/// Funding must finish whatever the strategy. A tel* refusal of a funding payment that the
/// funder's own heal replaced with a no-op used to leave its account unfunded, and the engine
/// read it (actNotFound) in DISCOVERING for ever.
@Suite(.offThePool) struct FundingUnderFaultsTests {
    @Test func anAccountWhoseFundingNeverAppliedIsFundedAgain() throws {
        var d = try DeterministicDriver(workload: EngineTests.workload(.none, accounts: 4, rate: 10), simulator: EngineTests.simConfig())
        d.runUntilRunning(limit: 60)
        d.run(seconds: 2)
        // An account of the workload the ledger lacks, read during discovery with nothing in
        // flight from the funder: what the lost funding payment leaves behind.
        let lost = AccountAddress(try Wallet.generate(algorithm: .ed25519).address)
        d.perform { core in
            core.phase = .discovering
            core.discoverLeft = [lost]
            return core.discovered(lost, .failure(RequestFailure(token: "actNotFound", message: "Account not found.")))
        }
        #expect(d.core.events.contains { $0.message.contains("funding it again") })
        // A second failed read in the same ledger does not fund it twice.
        let before = d.core.submitsSent
        d.perform { $0.discovered(lost, .failure(RequestFailure(token: "actNotFound", message: "Account not found."))) }
        #expect(d.core.submitsSent == before)
        d.run(seconds: 5)
        // The ledger has it now, and the re-read found it: the engine runs again.
        #expect(d.sim.validatedState.accounts[lost] != nil)
        #expect(d.core.phase == .running)
    }

    @Test(arguments: [3, 7, 11] as [UInt64])
    func fundingFinishesUnderTelFaultsWithStrategyNone(seed: UInt64) throws {
        var sim = EngineTests.simConfig(ledgerSize: 40)
        sim.seed = seed
        var d = try DeterministicDriver(workload: EngineTests.workload(.none, accounts: 12, rate: 40), simulator: sim)
        d.inject(.localError(share: 0.3, code: "telINSUF_FEE_P"))
        d.runUntilRunning(limit: 120)
        #expect(d.core.phase == .running, "stuck in \(d.core.phase)")
        for a in d.core.accountOrder + [d.core.issuerAddress] {
            #expect(d.sim.validatedState.accounts[a] != nil, "\(a) not funded")
        }
    }
}
