import LedgerSim
import XRPL

/// `seqwatch bench SCENARIO`: each recovery strategy against the same failure on the
/// deterministic simulator, measured the same way. The headline result of the project.
public enum ScenarioBench {
    public enum Scenario: String, Sendable, CaseIterable {
        case seed000 = "seed-000"
        case telStorm = "tel-storm"
        case foreignTx = "foreign-tx"
        case restart
        case disconnect
        case surge
        /// A tel storm under `none` (the naive cache breaks), then a switch to the strategy
        /// measured: how fast it adopts every account as it stands.
        case switchStrategy = "switch"
    }

    public struct Result: Sendable {
        public var strategy: StrategyKind
        public var validatedTPS: Double
        public var successPct: Double
        public var terPreSeq: Int
        public var tefPastSeq: Int
        public var stuck: Int
        public var blockedAccounts: Int
        /// Worst case over the faults: ledgers from the fault until no account had a gap.
        /// nil when it never recovered within the run.
        public var recoverLedgers: Int?
        public var globalPauses: Int
        public var requestsPerValidated: Double
        /// The most SUBMITTED at once after recovery.
        public var submittedMax: Int
        public var ledgersFilledPct: Double
        public var terPreSeqAfterRecovery: Int
        /// VALIDATED grew in every ledger after recovery.
        public var validatedEveryLedger: Bool
        public var validated: Int
        /// Result-code counts over the whole run, and the engine's event log (for `--verbose`).
        public var results: [String: Int]
        public var events: [EngineEvent]
        /// The accounts still blocked at the end, as the console would show them.
        public var blockedRows: [AccountRow]
        /// Final states over the measured window.
        public var rejected: Int
        public var expired: Int
        /// After the run the workload pauses and in-flight work gets `settleSeconds` to finish:
        /// accounts still blocked then (a gap nobody repairs), and transactions still not final.
        /// What is blocked at the very end may be a heal half done; what is blocked after
        /// settling is stuck for good.
        public var blockedAfterSettle: Int
        public var pendingAfterSettle: Int
        /// Gaps seen (an allocated Sequence at or above the ledger's that nothing in flight will
        /// consume), sampled every 100 ms; repair time in ledgers from a gap's appearance to its
        /// fill. nil percentiles when no gap appeared; unrepaired ones are still open after settling.
        public var gaps = 0
        public var gapRepairP50: Int?
        public var gapRepairP99: Int?
        public var gapRepairMax: Int?
        public var gapsUnrepaired = 0
        /// `switch` only: ledgers from the switch until every workload account validated at
        /// least half its share of the target rate in one ledger (nil: not within the run).
        public var switchLedgers: Int?
        /// Accounts ever STUCK, engine's count of episodes.
        public var stuckEpisodes = 0
    }

    /// Longer than the LastLedgerSequence window (20 ledgers at 1 s): anything in flight is
    /// final by then unless something is truly stuck.
    public static let settleSeconds = 25.0

    struct Plan {
        var workload: WorkloadConfig
        var sim: SimConfig
        var seconds: Double
        /// Faults by second after the workload starts running.
        var faults: [(at: Double, fault: (inout DeterministicDriver) -> Void)]
    }

    static func plan(_ scenario: Scenario, strategy: StrategyKind, seed: UInt64) -> Plan {
        var w = WorkloadConfig()
        w.strategy = strategy
        w.seed = seed
        w.accounts = 20
        w.ratePerSecond = 60
        w.initTrustLines = 3
        var s = SimConfig()
        s.seed = seed
        s.closeInterval = 1
        var faults: [(Double, (inout DeterministicDriver) -> Void)] = []
        switch scenario {
        case .seed000:
            // The seed: each account's init burst of TrustSets against a small expected ledger
            // size on a busy server, then ongoing load.
            w.maxInFlightPerAccount = 10
            w.initTrustLines = 12
            w.ratePerSecond = 80
            // A server configured with a small, fixed expected ledger size (rippled's
            // maximum_txn_in_ledger): the burst must queue, and fees escalate past it.
            s.txq = .ledgerSize(20)
            s.txq.maximumTxnInLedger = 20
            s.loadCapacity = 60
            // The seed's client was remote: it paid the full load fee (no admin allowance).
            s.submitsAreAdmin = false
        case .telStorm:
            // The worst case (drop): refused transactions are forgotten, as when the server's own
            // retries keep failing, so every refusal leaves a gap for the strategy to handle.
            faults = [(10, { $0.inject(.localError(share: 0.05, code: "telINSUF_FEE_P", drop: true)) }), (40, { $0.inject(.clear) })]
        case .foreignTx:
            faults = (0..<3).map { i in (10 + Double(i) * 10, { d in d.inject(.foreignTransaction(account: d.core.accountOrder[i * 5].text)) }) }
        case .restart:
            faults = [(20, { $0.inject(.restart) })]
        case .disconnect:
            faults = [(20, { $0.inject(.disconnectClients) })]
        case .switchStrategy:
            w.strategy = .none
            faults = [
                (10, { $0.inject(.localError(share: 0.2, code: "telINSUF_FEE_P", drop: true)) }),
                (30, { d in
                    d.inject(.clear)
                    d.perform { $0.setStrategy(strategy) }
                }),
            ]
        case .surge:
            s.txq = .ledgerSize(32)
            s.txq.maximumTxnInLedger = 32
            // A fee cap the surge outbids: the workload's transactions queue, the queue fills,
            // and refused submits (telCAN_NOT_QUEUE*) leave sequences unused.
            w.feeCap = 200
            faults = [(10, { $0.inject(.feeSurge(perLedger: 60)) }), (30, { $0.inject(.clear) })]
        }
        return Plan(workload: w, sim: s, seconds: 60, faults: faults)
    }

    /// - Parameter latency: seconds from each request to its reply reaching the engine (rounded
    ///   up to the engine's 100 ms tick). 0, the default, answers within the same step, which
    ///   keeps every transient out of the samples; a round trip makes transactions really wait
    ///   in SUBMITTED and shows the gaps a heal is still repairing when a ledger closes.
    public static func run(_ scenario: Scenario, strategy: StrategyKind, seed: UInt64 = 1, latency: Double = 0) throws -> Result {
        let p = plan(scenario, strategy: strategy, seed: seed)
        var d = try DeterministicDriver(workload: p.workload, simulator: p.sim)
        d.replyLatency = latency
        d.runUntilRunning(limit: 300)
        let startTime = d.now
        let startValidated = d.core.finalCounts[.validated] ?? 0
        let startRequests = d.core.requestsSent
        let startRejected = d.core.finalCounts[.rejected] ?? 0
        let startExpired = d.core.finalCounts[.expired] ?? 0
        let startPreSeq = d.core.resultCounts["terPRE_SEQ"] ?? 0
        // The seed's burst is the fault: it happens as the workload starts.
        var faultLedgers: [UInt32] = scenario == .seed000 ? [d.core.validatedIndex] : []
        /// (validated ledger, some workload account blocked) after each close.
        var blockedByLedger: [(ledger: UInt32, blocked: Bool)] = []
        var recoveredAt: [UInt32: UInt32] = [:]
        var pendingFaults = p.faults.sorted { $0.at < $1.at }
        var submittedMax = 0
        var validatedSeries: [Int] = []
        var fills: [Double] = []
        var preSeqAtRecovery: Int?
        var recoveryLedger: UInt32?
        var gaps = GapClock()
        // `switch`: per-account validated counts at each close after the switch.
        var switchLedger: UInt32?
        var lastCounts: [AccountAddress: Int] = [:]
        var backAt: [AccountAddress: UInt32] = [:]
        let share = p.workload.ratePerSecond * (p.sim.closeInterval ?? 1) / Double(max(1, p.workload.accounts))
        while d.now < startTime + p.seconds {
            d.run(seconds: 1, onStep: { gaps.sample($0.core) }) { drv in
                if switchLedger != nil {
                    for a in drv.core.accountOrder where backAt[a] == nil {
                        let n = drv.core.validatedByAccount[a, default: 0]
                        if Double(n - lastCounts[a, default: 0]) >= share / 2 { backAt[a] = drv.core.validatedIndex }
                        lastCounts[a] = n
                    }
                }
                let snap = drv.core.snapshot(endpoint: "bench", health: .init(connected: true))
                let blocked = snap.accounts.contains { $0.missing > 0 && $0.role != .funder }
                blockedByLedger.append((drv.core.validatedIndex, blocked))
                for f in faultLedgers where recoveredAt[f] == nil && !blocked && drv.core.validatedIndex > f {
                    recoveredAt[f] = drv.core.validatedIndex
                }
                let allRecovered = faultLedgers.allSatisfy { recoveredAt[$0] != nil }
                if allRecovered && pendingFaults.isEmpty {
                    if recoveryLedger == nil {
                        recoveryLedger = drv.core.validatedIndex
                        preSeqAtRecovery = drv.core.resultCounts["terPRE_SEQ"] ?? 0
                    }
                    submittedMax = max(submittedMax, snap.byState[.submitted] ?? 0)
                    validatedSeries.append(drv.core.finalCounts[.validated] ?? 0)
                }
                if let last = drv.core.ledgerFill.last { fills.append(last) }
            }
            while let next = pendingFaults.first, d.now - startTime >= next.at {
                pendingFaults.removeFirst()
                next.fault(&d)
                faultLedgers.append(d.core.validatedIndex)
                if scenario == .switchStrategy, pendingFaults.isEmpty {
                    switchLedger = d.core.validatedIndex
                    lastCounts = d.core.validatedByAccount
                }
            }
        }
        let snap = d.core.snapshot(endpoint: "bench", health: .init(connected: true))
        let blockedRows = blocked(snap.accounts)
        let validated = (d.core.finalCounts[.validated] ?? 0) - startValidated
        let rejected = (d.core.finalCounts[.rejected] ?? 0) - startRejected + (d.core.finalCounts[.expired] ?? 0) - startExpired
        let finished = validated + rejected
        let stuck = snap.byState.filter { !$0.key.isFinal && $0.key != .created && $0.key != .submitted && $0.key != .queued }.values.reduce(0, +)
        // Recovery after a fault: ledgers from the fault to the last ledger (before the next
        // fault) at which some account was still blocked; "never" if blocked at the end.
        let windows = faultLedgers.enumerated().map { i, f in (f, i + 1 < faultLedgers.count ? faultLedgers[i + 1] : UInt32.max) }
        let endBlocked = blockedByLedger.last?.blocked ?? false
        let recoveries: [Int?] = windows.enumerated().map { i, w in
            let inWindow = blockedByLedger.filter { $0.ledger > w.0 && $0.ledger <= w.1 }
            if i == windows.count - 1 && endBlocked { return nil }
            guard let lastBlocked = inWindow.last(where: { $0.blocked }) else { return 0 }
            return Int(lastBlocked.ledger - w.0) + 1
        }
        let worst: Int? = recoveries.contains { $0 == nil } ? nil : (recoveries.compactMap { $0 }.max() ?? 0)

        var everyLedger = !validatedSeries.isEmpty
        for (a, b) in zip(validatedSeries, validatedSeries.dropFirst()) where b <= a { everyLedger = false }
        var result = Result(
            strategy: strategy, validatedTPS: Double(validated) / p.seconds,
            successPct: finished == 0 ? 0 : 100 * Double(validated) / Double(finished),
            terPreSeq: (d.core.resultCounts["terPRE_SEQ"] ?? 0) - startPreSeq, tefPastSeq: d.core.resultCounts["tefPAST_SEQ"] ?? 0,
            stuck: stuck, blockedAccounts: blockedRows.count,
            recoverLedgers: worst, globalPauses: d.core.globalPauses,
            requestsPerValidated: validated == 0 ? 0 : Double(d.core.requestsSent - startRequests) / Double(validated),
            submittedMax: submittedMax, ledgersFilledPct: fills.isEmpty ? 0 : 100 * fills.reduce(0, +) / Double(fills.count),
            terPreSeqAfterRecovery: preSeqAtRecovery.map { (d.core.resultCounts["terPRE_SEQ"] ?? 0) - $0 } ?? -1,
            validatedEveryLedger: everyLedger, validated: validated, results: d.core.resultCounts, events: d.core.events,
            blockedRows: blockedRows,
            rejected: (d.core.finalCounts[.rejected] ?? 0) - startRejected, expired: (d.core.finalCounts[.expired] ?? 0) - startExpired,
            blockedAfterSettle: 0, pendingAfterSettle: 0)
        // Settle: no new transactions; what is in flight gets time to finish.
        d.perform { core in
            core.pause()
            return []
        }
        d.run(seconds: settleSeconds, onStep: { gaps.sample($0.core) })
        let settled = d.core.snapshot(endpoint: "bench", health: .init(connected: true))
        result.blockedAfterSettle = blocked(settled.accounts).count
        result.pendingAfterSettle = settled.byState.filter { !$0.key.isFinal }.values.reduce(0, +)
        let repairs = gaps.repairs.sorted()
        result.gaps = repairs.count + gaps.openCount
        result.gapsUnrepaired = gaps.openCount
        if !repairs.isEmpty {
            result.gapRepairP50 = repairs[(repairs.count - 1) / 2]
            result.gapRepairP99 = repairs[min(repairs.count - 1, Int((Double(repairs.count) * 0.99).rounded(.up)) - 1)]
            result.gapRepairMax = repairs.last
        }
        if let sw = switchLedger, backAt.count == d.core.accountOrder.count {
            result.switchLedgers = Int((backAt.values.max() ?? sw) - sw)
        }
        result.stuckEpisodes = d.core.stuckEpisodes
        return result
    }

    /// Times every gap from its appearance to its fill, in ledgers, by sampling the engine's
    /// own gap finder (`WorkloadCore.gaps(of:)`) at every step.
    struct GapClock {
        /// Open gaps: account → Sequence → validated ledger when first seen.
        var open: [AccountAddress: [UInt32: UInt32]] = [:]
        var repairs: [Int] = []
        var openCount: Int { open.values.reduce(0) { $0 + $1.count } }

        mutating func sample(_ core: WorkloadCore) {
            let now = core.validatedIndex
            for a in core.accountOrder + [core.issuerAddress] {
                let current = core.gaps(of: a)
                var mine = open[a] ?? [:]
                if current.isEmpty && mine.isEmpty { continue }
                let set = Set(current)
                for (s, since) in mine where !set.contains(s) {
                    repairs.append(Int(now >= since ? now - since : 0))
                    mine[s] = nil
                }
                for s in current where mine[s] == nil { mine[s] = now }
                open[a] = mine.isEmpty ? nil : mine
            }
        }
    }

    /// Accounts with a known gap in their chain, or DIVERGED: what "blocked" means in the table.
    static func blocked(_ accounts: [AccountRow]) -> [AccountRow] {
        accounts.filter { $0.missing > 0 || $0.status == .diverged }
    }
}
