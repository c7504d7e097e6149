import LedgerSim
import TestSupport
import Testing
import XRPL
@testable import Workload

/// What the engine shows, compared with the ledger itself (the simulator's own state), for the
/// failures seen from outside: stuck accounts shown OK, a server that lost its state, an engine
/// backlog that outgrew the LastLedgerSequence window, follow-ups of refused creates.
@Suite(.offThePool) struct EngineTruthTests {
    /// The account's Sequence in the server's validated ledger.
    static func ledgerSequence(_ d: DeterministicDriver, _ a: AccountAddress) -> UInt32? {
        d.sim.validatedState.accounts[a]?.sequence
    }

    /// After every close: no account is shown OK while it has non-final transactions and its
    /// Sequence in the *server's* ledger has not moved for K ledgers.
    struct OKMeansMoving {
        var lastMove: [AccountAddress: (seq: UInt32, ledger: UInt32)] = [:]
        var violations: [String] = []

        mutating func check(_ d: DeterministicDriver) {
            let k = d.core.config.stuckLedgers
            let index = d.core.validatedIndex
            for a in d.core.accountOrder {
                guard let seq = EngineTruthTests.ledgerSequence(d, a), let chain = d.core.chains[a] else { continue }
                if lastMove[a]?.seq != seq { lastMove[a] = (seq, index) }
                let waitingTxs = chain.live.values.compactMap { d.core.txs[$0] }.filter { !$0.state.isFinal }
                guard let oldest = waitingTxs.compactMap(\.submittedAtLedger).min(), let moved = lastMove[a]?.ledger else { continue }
                // One ledger of slack: the engine learns of a close one message later than the server.
                if index >= max(oldest, moved) + k + 1, chain.status == .ok {
                    violations.append("\(a) OK at ledger \(index): \(waitingTxs.count) non-final, ledger Sequence \(seq) unmoved since \(moved)")
                }
            }
        }
    }

    /// The naive cache at steady state, then `storm` seconds of 20 % telINSUF_FEE_P (checked
    /// by `truth` after every close), then the storm cleared.
    static func stormed(accounts: Int, seed: UInt64, warmup: Double, storm: Double, _ truth: inout OKMeansMoving) throws -> DeterministicDriver {
        var sim = EngineTests.simConfig(ledgerSize: 40)
        sim.seed = seed
        var d = try DeterministicDriver(workload: EngineTests.workload(.none, accounts: accounts, rate: 40), simulator: sim)
        d.runUntilRunning(limit: 60)
        d.run(seconds: warmup)
        // Field report 1's storm left gaps: the refused transactions are dropped, not retried.
        d.inject(.localError(share: 0.2, code: "telINSUF_FEE_P", drop: true))
        d.run(seconds: storm) { truth.check($0) }
        d.inject(.clear)
        return d
    }

    /// Field report 1: a tel storm under `none`, then a switch to heal. No account may be shown
    /// OK while stuck, and once settled every account's cache equals its ledger Sequence.
    @Test func telStormThenHealNeverShowsStuckAsOK() throws {
        var truth = OKMeansMoving()
        var d = try Self.stormed(accounts: 12, seed: 11, warmup: 8, storm: 20, &truth)
        d.perform { $0.setStrategy(.heal) }
        d.run(seconds: 40) { truth.check($0) }
        #expect(truth.violations.isEmpty, "\(truth.violations.prefix(3))")
        // Settle: nothing pending, every cache equals the ledger's Sequence.
        d.perform { $0.pause(); return [] }
        d.run(seconds: 30) { truth.check($0) }
        let pending = d.core.txs.values.filter { !$0.state.isFinal }
        #expect(pending.isEmpty, "\(pending.count) still pending: \(pending.prefix(3).map { "\($0.account) \($0.sequence) \($0.state)" })")
        for a in d.core.accountOrder {
            let chain = try #require(d.core.chains[a])
            #expect(chain.nextSequence == Self.ledgerSequence(d, a), "\(a): cache \(chain.nextSequence), ledger \(Self.ledgerSequence(d, a) ?? 0)")
            #expect(chain.status == .ok, "\(a) \(chain.status)")
        }
    }

    /// Under `none` the same storm leaves accounts blocked — and they are shown as such
    /// (DIVERGED, then STUCK over it), never OK, judged by the server's ledger.
    @Test func naiveCacheShowsItsBlockedAccounts() throws {
        var truth = OKMeansMoving()
        var d = try Self.stormed(accounts: 10, seed: 5, warmup: 5, storm: 10, &truth)
        d.run(seconds: 30) { truth.check($0) }
        #expect(truth.violations.isEmpty, "\(truth.violations.prefix(3))")
        let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
        let blocked = d.core.accountOrder.filter { a in
            guard let chain = d.core.chains[a], let seq = Self.ledgerSequence(d, a) else { return false }
            return chain.nextSequence > seq && !chain.live.isEmpty
        }
        #expect(!blocked.isEmpty, "the storm blocked accounts")
        for a in blocked {
            let row = try #require(s.accounts.first { $0.address == a.text })
            #expect(row.status != .ok, "\(a) blocked on the ledger but shown \(row.status)")
        }
        #expect(s.stuckAccounts > 0)
        #expect(d.core.beliefsRefuted > 0, "held transactions the server dropped were noticed")
    }

    /// Field report 3: the server loses its state (a fresh genesis in its place). The engine
    /// notices, shows it, re-bootstraps on the new server and runs again — judged by the new
    /// server's ledger.
    @Test func serverThatLostItsStateIsNoticedAndRebootstrapped() throws {
        let sim = EngineTests.simConfig(ledgerSize: 40)
        var d = try DeterministicDriver(workload: EngineTests.workload(.heal, accounts: 6, rate: 20), simulator: sim)
        d.runUntilRunning(limit: 60)
        d.run(seconds: 45)
        let before = d.core.validatedIndex
        #expect(before > 40)
        d.replaceServer(with: sim)
        d.run(seconds: 2)
        #expect(d.core.serverResets == 1, "\(d.core.events.suffix(5).map(\.message))")
        #expect(d.core.events.contains { $0.kind == .reset })
        // Nothing signed for the old server is still tracked (their LastLedgerSequence is past
        // `before`; the new server's ledgers are far below it).
        #expect(d.core.txs.values.allSatisfy { $0.lastLedgerSequence < before }, "old transactions still live")
        #expect((d.core.finalCounts[.abandoned] ?? 0) > 0)
        d.runUntilRunning(limit: 60)
        #expect(d.core.phase == .running)
        let validatedBefore = d.core.finalCounts[.validated] ?? 0
        d.run(seconds: 15)
        let c = d.core
        #expect((d.core.finalCounts[.validated] ?? 0) > validatedBefore + 100, "\(c.phase) recent \(c.recentLedgerSize) exp \(c.expectedLedgerSize) txs \(c.txs.count) awaiting \(c.awaitingReply.count) q \(c.queueSize) vi \(c.validatedIndex) \(c.events.suffix(6).map(\.message))")
        for a in d.core.accountOrder {
            let seq = try #require(Self.ledgerSequence(d, a), "\(a) funded on the new server")
            let chain = try #require(d.core.chains[a])
            #expect(chain.status != .reset)
            #expect(chain.nextSequence >= seq)
        }
        #expect(d.core.serverResets == 1, "one reset, not one per account")
    }

    /// Against a real server the funder's XRP is the operator's: without `--refund`
    /// (`refundOnServerLoss` false) a server that lost its state stops the engine in one line
    /// instead of funding the accounts again.
    @Test func aServerThatLostItsStateStopsTheEngineUnlessRefundIsAllowed() throws {
        let sim = EngineTests.simConfig(ledgerSize: 40)
        var w = EngineTests.workload(.heal, accounts: 4, rate: 20)
        w.refundOnServerLoss = false
        var d = try DeterministicDriver(workload: w, simulator: sim)
        d.runUntilRunning(limit: 60)
        d.run(seconds: 10)
        d.replaceServer(with: sim)
        d.run(seconds: 5)
        #expect(d.core.fatal?.contains("lost its state") == true && d.core.fatal?.contains("--refund") == true, "\(d.core.fatal ?? "nil")")
        #expect(d.core.serverResets == 0)
        #expect(d.core.events.count { $0.kind == .bootstrap && $0.message.hasPrefix("funding") } == 1, "funded again")
    }

    /// Field report 4, scaled down: replies come back late (a slow server or a long link) and
    /// the target rate is far above what ledgers take. The engine's own backlog must stay
    /// inside the LastLedgerSequence window: nothing expires waiting in the engine, nothing
    /// diverges.
    @Test func ownBacklogStaysInsideTheWindow() throws {
        // 250 accounts × 10 in flight could put 2,500 submits on the wire against ledgers of 50:
        // fifty ledgers of backlog, more than twice the LastLedgerSequence window.
        var w = EngineTests.workload(.heal, accounts: 250, rate: 5_000)
        w.maxInFlightPerAccount = 10
        var d = try DeterministicDriver(workload: w, simulator: EngineTests.simConfig(ledgerSize: 50))
        d.replyLatency = 1.5
        d.runUntilRunning(limit: 120)
        // The backlog, in ledgers' worth of what ledgers take (or are expected to) at the time.
        var worstBacklog = 0.0
        d.run(seconds: 40) { d in
            let perLedger = max(d.core.expectedLedgerSize, d.core.recentLedgerSize, 1)
            worstBacklog = max(worstBacklog, Double(d.core.awaitingReply.count) / Double(perLedger))
        }
        let c = d.core
        let submitted = c.submitsSent
        let lost = (c.finalCounts[.expired] ?? 0) + (c.finalCounts[.rejected] ?? 0)
        #expect(Double(lost) < Double(submitted) * 0.01, "expired \(c.finalCounts[.expired] ?? 0) rejected \(c.finalCounts[.rejected] ?? 0) of \(submitted): \(c.resultCounts) \(c.events.suffix(8).map(\.message))")
        #expect((c.resultCounts["tefMAX_LEDGER"] ?? 0) == 0)
        // Settled: nothing diverged, nothing pending, every cache on the server's ledger.
        d.perform { $0.pause(); return [] }
        d.run(seconds: 30)
        let s = d.core.snapshot(endpoint: "t", health: .init(connected: true))
        #expect(s.accounts.allSatisfy { $0.status == .ok }, "\(s.accounts.filter { $0.status != .ok }.map(\.status))")
        #expect(d.core.txs.isEmpty)
        #expect(d.core.accountOrder.allSatisfy { d.core.chains[$0]?.nextSequence == Self.ledgerSequence(d, $0) })
        #expect(worstBacklog <= 3, "backlog of \(worstBacklog) ledgers' worth")
    }

    /// Field report 2: funding payments used to be signed before any ledger was known, with
    /// LastLedgerSequence 21: on a server at ledger 300 (or 90 million) every one was
    /// tefMAX_LEDGER and the run sat "discovering" at 0 tx/s. Now it funds, and reaches its rate.
    @Test(arguments: [UInt32(2), 300, 90_000_000])
    func fundsAndRunsWhereverTheServerStands(startLedger: UInt32) throws {
        var d = try DeterministicDriver(
            workload: EngineTests.workload(.heal, accounts: 8, rate: 30), simulator: EngineTests.simConfig(startLedger: startLedger))
        d.runUntilRunning(limit: 60)
        #expect(d.core.phase == .running)
        #expect(d.core.resultCounts["tefMAX_LEDGER"] == nil)
        for a in d.core.accountOrder + [d.core.issuerAddress] {
            // Funded on the server's own ledger, created at or after the start.
            let seq = try #require(Self.ledgerSequence(d, a), "\(a) not funded")
            #expect(seq >= startLedger)
        }
        let before = d.core.finalCounts[.validated] ?? 0
        d.run(seconds: 20)
        let rate = Double((d.core.finalCounts[.validated] ?? 0) - before) / 20
        #expect(rate > 30 * 0.8, "validated \(rate) tx/s against a target of 30")
    }

    /// Networks above id 1024 (every sidechain, and xrpl-py's own CI) refuse a transaction
    /// without NetworkID (telREQUIRES_NETWORK_ID), and those at or below refuse one with it. The
    /// engine signed none: on network 63456 it never funded an account. The ledger's Sequence
    /// for every account must match the engine's cache once it runs.
    @Test(arguments: [UInt32(0), 1024, 63456])
    func signsForTheNetworkTheServerRuns(networkID: UInt32) throws {
        var d = try DeterministicDriver(
            workload: EngineTests.workload(.heal, accounts: 6, rate: 20),
            simulator: EngineTests.simConfig(startLedger: 90_000_000) { $0.networkID = networkID })
        d.runUntilRunning(limit: 60)
        #expect(d.core.phase == .running, "\(d.core.resultCounts)")
        d.run(seconds: 10)
        d.perform { $0.pause(); return [] }
        d.run(seconds: 5)
        #expect(d.core.resultCounts["telREQUIRES_NETWORK_ID"] == nil && d.core.resultCounts["telNETWORK_ID_MAKES_TX_NON_CANONICAL"] == nil)
        #expect((d.core.finalCounts[.validated] ?? 0) > 100)
        for a in d.core.accountOrder {
            #expect(d.core.chains[a]?.nextSequence == Self.ledgerSequence(d, a), "\(a) cache against the ledger")
        }
    }

    /// Problems that used to be swallowed are events and counters; a failed subscribe is retried.
    @Test func nothingSwallowed() throws {
        var c = try WorkloadCore(config: EngineTests.workload(), now: 0)
        _ = c.handle(.unparsedStream(reason: "ledgerClosed: bad ledger_index"), now: 1)
        _ = c.handle(.subscribeFailed(reason: "timed out"), now: 1)
        #expect(c.unparsedStreamMessages == 1 && c.subscribeFailures == 1)
        #expect(c.events.filter { $0.kind == .error }.count == 2)
        let actions = c.ledgerClosed(index: 100, time: 1, txnCount: 0)
        #expect(actions.contains { if case .subscribe = $0 { return true }; return false }, "resubscribed at the next ledger")
        let s = c.snapshot(endpoint: "t", health: .init())
        #expect(s.problems["unparsed_stream_messages"] == 1 && s.problems["subscribe_failures"] == 1)
    }

    /// An EscrowFinish is generated only after its EscrowCreate validated: refused creates (a
    /// tel storm under heal, which fills them with no-ops) never produce a tecNO_TARGET finish.
    @Test func escrowFinishesFollowOnlyValidatedCreates() throws {
        var w = EngineTests.workload(.heal, accounts: 8, rate: 30)
        w.mix.xrpPayment = 10
        w.mix.escrow = 60
        var d = try DeterministicDriver(workload: w, simulator: EngineTests.simConfig(ledgerSize: 40))
        d.runUntilRunning(limit: 60)
        d.inject(.localError(share: 0.3, code: "telCAN_NOT_QUEUE", drop: true))
        d.run(seconds: 20)
        d.inject(.clear)
        d.run(seconds: 30)
        #expect(d.core.resultCounts["tecNO_TARGET"] == nil, "\(d.core.resultCounts)")
        let finishes = d.core.recentFinal.filter { if case .escrowFinish = $0.body { return $0.state == .validated }; return false }
        #expect(!finishes.isEmpty, "escrows were finished")
    }
}

/// A resync in the ledger it began re-sends the bodies it gave up at the same Sequence, fee and
/// LastLedgerSequence: the same bytes, the same hash. That is the same transaction, not an
/// abandoned one applying anyway, and not a second journal row left unsettled for ever.
@Suite(.offThePool) struct IdenticalResignTests {
    @Test func aReconnectResyncThatResignsTheSameBytesIsNotAResurrection() throws {
        var w = EngineTests.workload(.heal, accounts: 8, rate: 60)
        w.journaling = true
        var d = try DeterministicDriver(workload: w, simulator: EngineTests.simConfig())
        d.runUntilRunning(limit: 60)
        d.run(seconds: 5)
        var records = d.core.drainJournal()
        var resigned = 0
        for _ in 0..<5 {
            d.run(seconds: 0.3)
            // Mid-ledger: the server restarts (open ledger and queue lost, validated history
            // kept) and the engine resyncs, re-sending what the server lost.
            d.inject(.restart)
            d.run(seconds: 3)
            records += d.core.drainJournal()
        }
        var seen: [String: Int] = [:]
        for r in records { if case .signed(let e) = r { seen[e.hash, default: 0] += 1 } }
        resigned = seen.values.filter { $0 > 1 }.count
        d.perform { $0.pause(); return [] }
        d.run(seconds: 30)
        records += d.core.drainJournal()
        // What the journal is told about each hash: once VALIDATED, nothing else (before the
        // fix, the given-up twin expired at its LastLedgerSequence after its bytes validated).
        var validated: Set<String> = []
        var contradicted: [String] = []
        for r in records {
            guard case .transition(let hash, let state, _, _, _) = r else { continue }
            if validated.contains(hash), state != .validated { contradicted.append("\(hash.prefix(8)) \(state)") }
            if state == .validated { validated.insert(hash) }
        }
        #expect(contradicted.isEmpty, "\(contradicted.prefix(5))")
        #expect(resigned > 0, "the scenario never re-signed the same bytes")
        #expect(d.core.resurrected == 0, "\(d.core.resurrected) 'resurrected' (\(resigned) hashes signed twice)")
        #expect(d.core.txs.isEmpty)
        for a in d.core.accountOrder {
            #expect(d.sim.validatedState.accounts[a.text]?.sequence == d.core.chains[a]?.nextSequence)
        }
    }
}

/// A heal's logged duration spans what the log shows: from the ledger the trouble was first seen
/// in (a divergence, or the heal starting) to the ledger it was healed in, in ledgers and seconds
/// alike (it used to count ledgers from the heal's start and seconds from the divergence).
@Suite(.offThePool) struct HealDurationTests {
    @Test func healedInCountsTheLedgersSinceTheDivergenceWasSeen() throws {
        var d = try DeterministicDriver(workload: EngineTests.workload(.heal, accounts: 6, rate: 30), simulator: EngineTests.simConfig())
        d.runUntilRunning(limit: 60)
        d.run(seconds: 3)
        let target = d.core.accountOrder[2]
        d.perform { $0.injectDivergence(account: target) }
        d.run(seconds: 15)
        let short = d.core.short(target)
        // The trouble is first seen as a divergence, or as the heal that starts on the refusal.
        let seen = try #require(d.core.events.first {
            ($0.kind == .divergence && $0.message.hasPrefix(short)) || ($0.kind == .heal && $0.message.hasPrefix("heal \(short) started"))
        })
        let healed = try #require(d.core.events.first { $0.kind == .heal && $0.message.hasPrefix("\(short) healed in ") })
        let n = Int(healed.message.split(separator: " ")[3]) ?? -1
        #expect(n == Int(healed.ledger) - Int(seen.ledger), "\(seen.ledger): \(seen.message) / \(healed.ledger): \(healed.message)")
        #expect(healed.message.contains("since ledger \(seen.ledger)"), "\(healed.message)")
    }
}
