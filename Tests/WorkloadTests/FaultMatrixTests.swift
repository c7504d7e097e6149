import LedgerSim
import TestSupport
import Testing
import XRPL
@testable import Workload

/// Every simulator fault against every repairing strategy on the deterministic simulator: after
/// the fault clears, the workload must be whole again — no account with a gap, nothing stuck,
/// VALIDATED growing — and the naive cache must stay broken by the faults that burn sequences.
@Suite(.offThePool) struct FaultMatrixTests {
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        case drop, tel, surge, stall, foreign, restart, disconnect
        var testDescription: String { rawValue }

        /// Injects the fault; returns how long it lasts before `clear`.
        func inject(_ d: inout DeterministicDriver) -> Double {
            switch self {
            case .drop: d.inject(.dropSubmits(share: 0.1)); return 8
            // The worst case: the refused sequences are burnt (the default would have the server retry them).
            case .tel: d.inject(.localError(share: 0.1, code: "telCAN_NOT_QUEUE", drop: true)); return 8
            case .surge: d.inject(.feeSurge(perLedger: 40)); return 10
            case .stall: d.inject(.stall(seconds: 6)); return 8
            case .foreign: d.inject(.foreignTransaction(account: d.core.accountOrder[2].text)); return 1
            case .restart: d.inject(.restart); return 1
            case .disconnect: d.inject(.disconnectClients); return 1
            }
        }
    }

    static func drive(_ strategy: StrategyKind, _ fault: Fault) throws -> DeterministicDriver {
        var sim = EngineTests.simConfig(ledgerSize: 40)
        sim.seed = 7
        var d = try DeterministicDriver(workload: EngineTests.workload(strategy, accounts: 8, rate: 25), simulator: sim)
        d.runUntilRunning(limit: 60)
        d.run(seconds: 5)
        let lasts = fault.inject(&d)
        d.run(seconds: lasts)
        d.inject(.clear)
        // LastLedgerSequence is validated + 20: give anything lost time to expire and be healed.
        d.run(seconds: 35)
        return d
    }

    @Test(arguments: [StrategyKind.heal, .global, .autofill], Fault.allCases)
    func recoversFromEveryFault(strategy: StrategyKind, fault: Fault) throws {
        var d = try Self.drive(strategy, fault)
        let before = d.core.finalCounts[.validated] ?? 0
        d.run(seconds: 5)
        let after = d.core.finalCounts[.validated] ?? 0
        let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
        let broken = s.accounts.filter { $0.role == .workload && ($0.missing > 0 || $0.status == .diverged) }
        #expect(broken.isEmpty, "\(strategy) after \(fault): \(broken) \(d.core.events.suffix(6).map(\.message))")
        #expect(after > before + 30, "\(strategy) after \(fault): VALIDATED grew by \(after - before) in 5 ledgers")
        // Nothing old is left behind: every live transaction was submitted recently.
        let stale = d.core.txs.values.filter { ($0.submittedAtLedger ?? d.core.validatedIndex) + 25 < d.core.validatedIndex }
        #expect(stale.isEmpty, "\(strategy) after \(fault): \(stale.count) stale transactions")
        if fault == .foreign {
            #expect(d.core.events.contains { $0.kind == .foreign }, "the foreign transaction raised the alarm")
        }
    }

    /// The seed's failure: a refused submit, or a restart that loses the open ledger, leaves
    /// the naive cache ahead of the ledger for good. (A dropped reply or a foreign transaction
    /// does not: the server consumed the sequence, so the cache stays in step.)
    @Test(arguments: [Fault.tel, .restart])
    func naiveCacheStaysBroken(fault: Fault) throws {
        let d = try Self.drive(.none, fault)
        let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
        let blocked = s.accounts.filter { $0.role == .workload && ($0.status == .diverged || $0.underlying == .diverged) }
        #expect(!blocked.isEmpty, "none after \(fault) should leave diverged accounts")
        #expect((d.core.resultCounts["terPRE_SEQ"] ?? 0) > 0)
    }
}

/// An operator may heal one account whatever strategy runs (the console's `h`, the API's heal).
@Suite(.offThePool) struct OperatorHealTests {
    @Test(arguments: [StrategyKind.none, .global, .autofill])
    func operatorHealCompletesUnderAnyStrategy(strategy: StrategyKind) throws {
        var d = try DeterministicDriver(workload: EngineTests.workload(.none), simulator: EngineTests.simConfig())
        d.runUntilRunning(limit: 60)
        d.run(seconds: 5)
        let victim = d.core.accountOrder[2]
        d.perform { $0.injectDivergence(account: victim) }
        d.run(seconds: 3)
        d.perform { $0.setStrategy(strategy) }
        let before = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        #expect(before.missing > 0, "the injection left a gap")
        d.perform { $0.startHeal(victim, reason: "operator") }
        d.run(seconds: 8)
        let row = try #require(d.core.snapshot(endpoint: "t", health: .init()).accounts.first { $0.address == victim.text })
        #expect(row.status == .ok, "\(strategy): \(row) \(d.core.events.suffix(6).map(\.message))")
        #expect(row.missing == 0)
        #expect(d.core.heals[victim] == nil, "the heal was released")
    }
}
