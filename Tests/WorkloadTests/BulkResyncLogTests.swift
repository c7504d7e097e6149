import LedgerSim
import TestSupport
import Testing
import XRPL
@testable import Workload

/// A resync of every account writes one summary line; the per-account lines go behind it, so
/// one `r` at many accounts never pushes the history out of the event log.
@Suite(.offThePool) struct BulkResyncLogTests {
    @Test func resyncAllLogsOneSummaryAndKeepsTheHistory() throws {
        var d = try DeterministicDriver(workload: EngineTests.workload(.heal, accounts: 40, rate: 20), simulator: EngineTests.simConfig(ledgerSize: 40))
        d.runUntilRunning(limit: 60)
        d.run(seconds: 3)
        d.perform { $0.injectDivergence(account: $0.accountOrder[3]) }
        d.run(seconds: 1)
        let before = d.core.eventLog.events.map(\.message)
        #expect(!before.isEmpty)
        d.perform { $0.resync(account: nil) }
        d.run(seconds: 5)
        let after = Array(d.core.eventLog.events)
        // The history is all still there, in order, followed by the request and one summary.
        #expect(Array(after.prefix(before.count).map(\.message)) == before)
        let resyncLines = after.dropFirst(before.count).filter { $0.kind == .resync }
        #expect(resyncLines.count == 2, "\(resyncLines.map(\.message))")
        #expect(resyncLines.first?.message.hasPrefix("resync all accounts (operator): re-reading 41") == true)
        let summary = try #require(resyncLines.last?.message)
        #expect(summary.hasPrefix("resynced 41 accounts, "), "\(summary)")
        // Each account's line is behind it, in the details.
        let details = d.core.eventLog.details.filter { $0.kind == .resync }
        #expect(details.count == 41 && details.allSatisfy(\.isDetail))
        #expect(Set(details.map { $0.message.split(separator: " ")[0] }).count == 41, "one line per account")
        // The summary's diverged count is the accounts the ledger showed out of line.
        let diverged = Int(summary.split(separator: ",")[1].split(separator: " ")[0]) ?? -1
        #expect(diverged >= 0 && diverged <= 41)
        let snapshot = d.core.snapshot(endpoint: "t", health: ConnectionHealthRow())
        #expect(snapshot.detailsTotal == 41 && snapshot.eventsTotal == d.core.eventLog.total)
    }
}
