import Foundation
import LedgerSim
import StateStore
import TestSupport
import Testing
import Workload
import XRPL

/// A `kill -9` of the engine mid-flight, a restart on the same state directory, and the journal
/// compared with the ledger itself (the simulator's validated ledgers), not with SeqWatch's counts.
@Suite(.offThePool) struct RestartReconciliationTests {
    static func simConfig() -> SimConfig {
        var c = SimConfig()
        c.closeInterval = 1
        c.startLedger = 100_000
        c.txq = .ledgerSize(30)
        return c
    }

    /// Runs `seconds` of the driver in steps, writing the journal after each (the engine's
    /// pipeline writes before every submit; the deterministic driver's submits happen inside a
    /// step, so a crash at a step boundary loses nothing the real engine would have written).
    static func run(_ d: inout DeterministicDriver, _ journal: Journal, seconds: Double, until done: (DeterministicDriver) -> Bool = { _ in false }) async throws {
        var t = 0.0
        while t < seconds, !done(d) {
            d.run(seconds: 0.5)
            t += 0.5
            try await journal.write(d.core.drainJournal())
        }
    }

    /// A wallet of fresh keys in `dir` and a journaling workload on it.
    static func workload(accounts: Int, rate: Double, in dir: borrowing TemporaryDirectory) throws -> (WalletFile, WorkloadConfig) {
        let wallet = try WalletFile.open(path: dir.file("wallet.json"), accounts: accounts, algorithm: .ed25519).wallet
        var config = WorkloadConfig()
        config.accounts = accounts
        config.ratePerSecond = rate
        config.accountSeeds = wallet.seeds
        config.journaling = true
        return (wallet, config)
    }

    static func journal(_ path: String, accounts: Int) throws -> Journal {
        try Journal(path: path, keepLedgers: 200, endpoint: "test", strategy: "heal", accounts: accounts)
    }

    /// A journaling engine on a fresh simulator, run until its workload is running.
    static func running(
        _ config: WorkloadConfig, journal: Journal, sim: SimConfig = simConfig(), replyLatency: Double = 0
    ) async throws -> DeterministicDriver {
        var d = try DeterministicDriver(workload: config, simulator: sim)
        d.replyLatency = replyLatency
        try await run(&d, journal, seconds: 120) { $0.core.phase == .running }
        return d
    }

    static func restartState(_ path: String) throws -> RestartState {
        let reader = try JournalReader(path: path)
        return RestartState(
            unsettled: try reader.unsettledTransactions(), lastLedger: try reader.lastLedger(),
            funded: try reader.anythingValidated(), refund: false)
    }

    @Test(arguments: [4.5, 11.0])
    func aCrashMidFlightIsSettledFromTheLedgerAndNothingIsLostOrSpentTwice(crashAfter: Double) async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let (wallet, config) = try Self.workload(accounts: 8, rate: 60, in: dir)
        var journal = try Self.journal(path, accounts: 8)
        var d = try await Self.running(config, journal: journal)
        try await Self.run(&d, journal, seconds: crashAfter)
        let inFlight = d.core.txs.count
        #expect(inFlight > 0, "the crash must catch transactions in flight")
        journal.close()

        // The restart: a new engine on the same wallet and journal, the server untouched.
        var again = config
        again.restart = try Self.restartState(path)
        #expect((again.restart?.unsettled.count ?? 0) >= inFlight)
        journal = try Self.journal(path, accounts: 8)
        // Replies take a while, as over a network: the reads reconciliation waits for are real waits.
        d.replyLatency = 0.3
        try d.restartEngine(with: again)
        #expect(d.core.phase == .reconciling)
        // Nothing new is signed before every verdict is in: no workload transaction is journalled
        // before the "reconciled" event.
        var records = d.core.drainJournal()
        while d.core.phase != .running, d.now < 1_000_000 + 600 {
            d.run(seconds: 0.5)
            records += d.core.drainJournal()
        }
        #expect(d.core.phase == .running)
        let reconciledAt = try #require(records.firstIndex {
            if case .event(_, _, let message) = $0 { return message.hasPrefix("reconciled ") } else { return false }
        })
        let early = records[..<reconciledAt].filter { if case .signed = $0 { return true } else { return false } }
        #expect(early.isEmpty, "\(early.count) signed before reconciliation ended")
        try await journal.write(records)
        try await Self.run(&d, journal, seconds: 20)
        // Pause and settle: every transaction final, and LastLedgerSequence windows passed.
        d.perform { $0.pause(); return [] }
        try await Self.run(&d, journal, seconds: 120) { $0.core.txs.isEmpty }
        try await Self.run(&d, journal, seconds: Double(config.lastLedgerOffset) + 3)
        journal.close()

        // The journal against the ledger.
        let reader = try JournalReader(path: path)
        let open = try reader.unsettled()
        #expect(open.isEmpty, "\(open.prefix(3).map { "\($0.entry.hash.prefix(8)) \($0.state) \($0.note ?? "")" })")
        let rows = try reader.export(account: nil, state: nil, sinceLedger: nil)
        for row in rows {
            #expect(JournalReader.settledStates.contains(row.state), "\(row.entry.hash.prefix(8)) \(row.state)")
            if let (ledger, tx) = d.sim.transaction(row.entry.hash) {
                #expect(row.state == "VALIDATED" && row.result == tx.result.token, "\(row.entry.hash.prefix(8)) \(row.state) \(row.result ?? "-") but the ledger has \(tx.result.token) in \(ledger.index)")
            } else {
                #expect(row.state != "VALIDATED", "\(row.entry.hash.prefix(8)) journalled VALIDATED but in no ledger")
            }
            if row.state == "REJECTED" { #expect(row.result?.hasPrefix("te") == true || row.result?.hasPrefix("tef") == true || row.result?.hasPrefix("tel") == true) }
        }
        // Every validated transaction of the workload's accounts and its funding is in the journal as VALIDATED.
        let ours = Set(wallet.seeds.map { try! Wallet(seed: $0).address })
        let funder = d.core.funderAddress.text
        var onLedger: Set<String> = []
        #expect(d.sim.oldestLedgerIndex <= 100_001)
        for i in d.sim.oldestLedgerIndex...d.sim.validated.index {
            for t in d.sim.ledger(i)?.transactions ?? [] where ours.contains(t.candidate.tx.account) || t.candidate.tx.account == funder {
                onLedger.insert(t.candidate.hash)
            }
        }
        let journalled = Set(rows.filter { $0.state == "VALIDATED" }.map(\.entry.hash))
        #expect(journalled == onLedger, "journal \(journalled.count) vs ledger \(onLedger.count); missing \(onLedger.subtracting(journalled).count), extra \(journalled.subtracting(onLedger).count)")
        // No Sequence validated twice; no account left with a gap.
        var used: Set<String> = []
        for row in rows where row.state == "VALIDATED" {
            #expect(used.insert("\(row.entry.account):\(row.entry.sequence)").inserted, "\(row.entry.account) seq \(row.entry.sequence) twice")
        }
        for a in d.core.accountOrder {
            #expect(d.core.gaps(of: a).isEmpty)
            #expect(d.sim.validatedState.accounts[a.text]?.sequence == d.core.chains[a]?.nextSequence, "\(a): cache and ledger differ")
        }
    }

    /// Without any restart, under faults that make the engine give blobs up (dropped replies,
    /// tel refusals, a server restart losing its queue, surges that invert fees): once paused and
    /// past every LastLedgerSequence, every journalled transaction is settled, and VALIDATED
    /// exactly when the simulator's ledgers hold it.
    @Test(arguments: [UInt64(3), 8])
    func underFaultsEveryJournalledTransactionSettlesAsTheLedgerSays(seed: UInt64) async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        var (_, config) = try Self.workload(accounts: 8, rate: 60, in: dir)
        config.seed = seed
        let journal = try Self.journal(path, accounts: 8)
        var sim = Self.simConfig()
        sim.seed = seed
        var d = try await Self.running(config, journal: journal, sim: sim, replyLatency: 0.2)
        for fault in [SimFault.dropSubmits(share: 0.2), .localError(share: 0.2, code: "telINSUF_FEE_P"), .feeSurge(perLedger: 60), .restart, .clear] {
            d.inject(fault)
            try await Self.run(&d, journal, seconds: 6)
        }
        d.perform { $0.pause(); return [] }
        try await Self.run(&d, journal, seconds: 120) { $0.core.txs.isEmpty }
        try await Self.run(&d, journal, seconds: Double(config.lastLedgerOffset) + 3)
        journal.close()
        let rows = try JournalReader(path: path).export(account: nil, state: nil, sinceLedger: nil)
        #expect(rows.count > 100)
        for row in rows {
            #expect(JournalReader.settledStates.contains(row.state), "\(row.entry.hash.prefix(8)) \(row.entry.origin) ends \(row.state) (\(row.note ?? ""))")
            let onLedger = d.sim.transaction(row.entry.hash) != nil
            #expect(onLedger == (row.state == "VALIDATED"), "\(row.entry.hash.prefix(8)) \(row.state), on the ledger: \(onLedger)")
        }
    }

    @Test func aServerThatLostTheLedgerStopsTheRestartUnlessRefundIsGiven() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let (wallet, config) = try Self.workload(accounts: 3, rate: 50, in: dir)
        let journal = try Self.journal(path, accounts: 3)
        var d = try await Self.running(config, journal: journal)
        try await Self.run(&d, journal, seconds: 5)
        journal.close()
        for refund in [false, true] {
            var again = config
            again.restart = try Self.restartState(path)
            again.restart?.refund = refund
            // A fresh server at the same ledger height: the accounts are not on it.
            d.replaceServer(with: Self.simConfig())
            try d.restartEngine(with: again)
            d.run(seconds: 30)
            if refund {
                #expect(d.core.fatal == nil)
                #expect(d.core.phase == .running)
                for a in d.core.accountOrder { #expect(d.sim.validatedState.accounts[a.text] != nil) }
            } else {
                #expect(d.core.fatal?.contains("lost its state") == true && d.core.fatal?.contains("--refund") == true, "\(d.core.fatal ?? "nil")")
                #expect(d.core.phase == .reconciling)
            }
        }
    }
}
