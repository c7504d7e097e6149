import ArgumentParser
import Foundation
import LedgerSim
import SimStore
import StateStore
import Workload
import XRPL

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks. Figures go in the README.",
        discussion: "Scenarios: \(ScenarioBench.Scenario.allCases.map(\.rawValue).joined(separator: ", ")) (seqwatch bench SCENARIO [--strategy ...]).",
        subcommands: [ScenarioBenchCommand.self, ThroughputBenchCommand.self, RenderBenchCommand.self, StreamBenchCommand.self, SignBench.self, SimBench.self], defaultSubcommand: ScenarioBenchCommand.self)
}

/// Signs + encodes + hashes Payments on one core: the cost the workload pays per transaction.
struct SignBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign, encode and hash Payments on one core.")

    @Option(help: "ed25519 or secp256k1.") var algorithm: KeyAlgorithm = .ed25519
    @Option(help: "How long to measure, in seconds.") var seconds: Double = 3
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be in (0, 600]") }
    }

    func run() async throws {
        let keys = try KeyPair(seed: try Seed(entropy: Array(0..<16), algorithm: algorithm))
        let destination = try KeyPair(seed: try Seed(entropy: Array(16..<32), algorithm: .ed25519)).address
        var tx = Transaction(
            account: keys.address, body: .payment(destination: destination, amount: .drops(1_000_000)),
            fee: 12, sequence: 1, lastLedgerSequence: 1000)

        // Warm up caches and lazy tables outside the measured window.
        for _ in 0..<200 { _ = try TransactionSigner.sign(tx, with: keys) }

        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        var count = 0
        var checksum: UInt8 = 0
        while clock.now < deadline {
            for _ in 0..<100 {
                tx.sequence &+= 1
                let signed = try TransactionSigner.sign(tx, with: keys)
                checksum ^= signed.blob[signed.blob.count - 1]
                count += 1
            }
        }
        let elapsed = (clock.now - start) / .milliseconds(1) / 1000
        let perSecond = Double(count) / elapsed
        let micros = elapsed * 1_000_000 / Double(count)
        if json {
            Output.json([
                "algorithm": .string(algorithm.rawValue), "tx_per_s": .double((perSecond * 10).rounded() / 10),
                "us_per_tx": .double((micros * 100).rounded() / 100), "transactions": .int(Int64(count)),
            ])
        } else {
            let rate = Int(perSecond.rounded())
            let us = (micros * 100).rounded() / 100
            print("\(algorithm.rawValue): \(count) Payments in \((elapsed * 100).rounded() / 100) s: \(rate) tx/s, \(us) µs/tx (sign + encode + hash, one core)")
        }
        _ = checksum
    }
}

/// Applies pre-signed transactions to the embedded simulator in-process, signatures checked,
/// and times a ledger close with a full queue.
struct SimBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Simulator throughput (signature checks on) and close cost with a full queue.")

    @Option(help: "Transactions to apply.") var transactions = 40_000
    @Option(help: "Signing algorithm of the accounts: ed25519 or secp256k1.") var algorithm: KeyAlgorithm = .ed25519
    @Option(help: "Accounts the transactions are spread over (each ledger of 5,000 changes up to this many).") var accounts = 1_000
    @Option(help: ArgumentHelp("Also write every ledger to a store in this new directory (as sim --state-dir), to measure its cost; removed after.", valueName: "path"))
    var stateDir: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard (1_000...1_000_000).contains(transactions) else { throw ValidationError("--transactions must be in 1000...1000000") }
        guard (2...20_000).contains(accounts) else { throw ValidationError("--accounts must be in 2...20000") }
    }

    func run() async throws {
        let store = try SimStateDir.benchStore(directory: stateDir)
        let r = try SimBenchmark.run(transactions: transactions, accounts: accounts, algorithm: algorithm, sink: store)
        func round(_ v: Double, _ places: Double = 10) -> Double { (v * places).rounded() / places }
        if json {
            var o: [String: JSONValue] = [
                "algorithm": .string(algorithm.rawValue), "transactions": .int(Int64(r.transactions)),
                "submit_per_s": .double(round(r.submitPerSecond)), "applied_per_s": .double(round(r.appliedPerSecond)),
                "us_per_submit": .double(round(r.microsPerSubmit, 100)), "close_ms_full_queue": .double(round(r.closeMillisFullQueue, 100)),
                "queue_size_at_close": .int(Int64(r.queueSizeAtClose)),
                "us_decode_verify": .double(round(r.microsDecodeAndVerify, 100)), "us_apply": .double(round(r.microsApply, 100)),
                "us_close_per_tx": .double(round(r.microsClose, 100)), "serial_path_per_s": .double(round(r.serialPathPerSecond)),
            ]
            if let s = store?.writeStats {
                o["store_ms_per_ledger_mean"] = .double(round(s.total / max(1, s.ledgers) / .milliseconds(1), 100))
                o["store_ms_per_ledger_longest"] = .double(round(s.longest / .milliseconds(1), 100))
            }
            Output.json(o)
        } else {
            print("\(algorithm.rawValue): \(r.transactions) signed transactions applied in-process, signatures checked")
            print("  submit:  \(Int(r.submitPerSecond.rounded())) tx/s (\(round(r.microsPerSubmit, 100)) µs per submit)")
            print("  applied: \(Int(r.appliedPerSecond.rounded())) tx/s including ledger closes")
            print("  per tx:  decode + signature \(round(r.microsDecodeAndVerify, 100)) µs, apply \(round(r.microsApply, 100)) µs, close share \(round(r.microsClose, 100)) µs")
            print("  serial ledger path (apply + close, signatures checked elsewhere): \(Int(r.serialPathPerSecond.rounded())) tx/s")
            print("  close with a full queue (\(r.queueSizeAtClose) queued): \(round(r.closeMillisFullQueue, 100)) ms")
        }
        if let store, !json { print(SimStateDir.writeCostLine(store)) }
        // The bench's chain lacks its genesis rows (the benchmark builds its own core), so it must
        // never be mistaken for a simulator's state directory: it goes once measured.
        if let store, let stateDir {
            try? store.close()
            try? FileManager.default.removeItem(atPath: stateDir)
        }
    }
}

extension ScenarioBench.Scenario: ExpressibleByArgument {}

/// The strategies side by side on one failure scenario (deterministic simulator).
struct ScenarioBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario", abstract: "Recovery strategies side by side on a failure scenario (deterministic).")

    @Argument(help: ArgumentHelp("The scenario: \(ScenarioBench.Scenario.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "scenario"))
    var scenario: ScenarioBench.Scenario
    @Option(help: "none, global, autofill, heal or all.") var strategy: String = "all"
    @Option(help: "Seed for the simulator and the workload.") var seed: UInt64 = 1
    @Option(help: "Seconds each reply takes to reach the engine (a network round trip; 0 answers at once).")
    var latency: Double = 0
    @Flag(help: "Print one JSON array, an object per strategy.") var json = false
    @Flag(help: "Also print each strategy's result codes, blocked accounts and last engine events.") var verbose = false
    @Option(help: "With --verbose: how many of the last engine events to print.") var verboseEvents = 25

    func validate() throws {
        guard strategy == "all" || StrategyKind(rawValue: strategy) != nil else {
            throw ValidationError("--strategy must be none, global, autofill, heal or all")
        }
        guard latency >= 0, latency <= 10 else { throw ValidationError("--latency must be between 0 and 10 seconds") }
    }

    func run() async throws {
        let kinds = strategy == "all" ? StrategyKind.allCases : [StrategyKind(rawValue: strategy)!]
        var results: [ScenarioBench.Result] = []
        for k in kinds { results.append(try ScenarioBench.run(scenario, strategy: k, seed: seed, latency: latency)) }
        func r1(_ v: Double) -> Double { (v * 10).rounded() / 10 }
        if json {
            Output.json(.array(results.map { r in
                .object([
                    "strategy": .string(r.strategy.rawValue), "validated_tps": .double(r1(r.validatedTPS)),
                    "success_pct": .double(r1(r.successPct)), "ter_pre_seq": .int(Int64(r.terPreSeq)),
                    "tef_past_seq": .int(Int64(r.tefPastSeq)), "stuck": .int(Int64(r.stuck)),
                    "blocked_accounts": .int(Int64(r.blockedAccounts)),
                    "recover_ledgers": r.recoverLedgers.map { .int(Int64($0)) } ?? .null,
                    "global_pauses": .int(Int64(r.globalPauses)), "requests_per_validated": .double((r.requestsPerValidated * 100).rounded() / 100),
                    "submitted_max": .int(Int64(r.submittedMax)), "ledgers_filled_pct": .double(r1(r.ledgersFilledPct)),
                    "ter_pre_seq_after_recovery": .int(Int64(r.terPreSeqAfterRecovery)),
                    "validated_every_ledger": .bool(r.validatedEveryLedger), "validated": .int(Int64(r.validated)),
                    "blocked_after_settle": .int(Int64(r.blockedAfterSettle)), "pending_after_settle": .int(Int64(r.pendingAfterSettle)),
                    "gaps": .int(Int64(r.gaps)), "gaps_unrepaired": .int(Int64(r.gapsUnrepaired)),
                    "gap_repair_p50_ledgers": r.gapRepairP50.map { .int(Int64($0)) } ?? .null,
                    "gap_repair_p99_ledgers": r.gapRepairP99.map { .int(Int64($0)) } ?? .null,
                    "gap_repair_max_ledgers": r.gapRepairMax.map { .int(Int64($0)) } ?? .null,
                    "switch_ledgers": r.switchLedgers.map { .int(Int64($0)) } ?? .null,
                    "stuck_episodes": .int(Int64(r.stuckEpisodes)),
                ])
            }))
            return
        }
        let replies = latency > 0 ? ", replies after \(Int((latency * 1000).rounded())) ms" : ""
        print("scenario \(scenario.rawValue), seed \(seed), 60 s of workload after bootstrap (deterministic simulator\(replies))")
        var header = ["strategy", "val tx/s", "success%", "terPRE_SEQ", "tefPAST_SEQ", "stuck", "blocked", "recover", "pauses", "req/val", "subm max", "filled%", "settled: blocked", "pending", "gaps", "repair p50/p99/max", "unrepaired"]
        if scenario == .switchStrategy { header.append("back after switch") }
        var rows = [header]
        for r in results {
            let recover: String = r.recoverLedgers.map { "\($0) ledgers" } ?? "never"
            let repair: String = [r.gapRepairP50, r.gapRepairP99, r.gapRepairMax].map { $0.map(String.init) ?? "-" }.joined(separator: "/")
            var row: [String] = [r.strategy.rawValue, String(r1(r.validatedTPS)), String(r1(r.successPct)), String(r.terPreSeq), String(r.tefPastSeq)]
            row += [String(r.stuck), String(r.blockedAccounts), recover, String(r.globalPauses), String((r.requestsPerValidated * 100).rounded() / 100)]
            row += [String(r.submittedMax), String(r1(r.ledgersFilledPct)), String(r.blockedAfterSettle), String(r.pendingAfterSettle)]
            row += [String(r.gaps), repair, String(r.gapsUnrepaired)]
            if scenario == .switchStrategy { row.append(r.switchLedgers.map { "\($0) ledgers" } ?? "never") }
            rows.append(row)
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        guard verbose else { return }
        for r in results {
            print("\n\(r.strategy.rawValue): \(r.validated) validated, \(r.rejected) rejected, \(r.expired) expired; results: " + r.results.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for row in r.blockedRows.prefix(5) {
                print("  blocked \(row.address) cached \(row.cachedNextSeq) ledger \(row.ledgerSeq.map(String.init) ?? "-") missing \(row.missing) in flight \(row.inFlight) held \(row.held) status \(row.status.rawValue) last \(row.lastResult ?? "-")")
            }
            for e in r.events.suffix(verboseEvents) { print("  [\(e.ledger)] \(e.kind): \(e.message)") }
        }
    }
}

/// The whole engine against the in-process simulator on the wall clock.
struct ThroughputBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Engine + in-process simulator (signatures checked): validated tx/s, latency, CPU, RSS.")

    @Option(help: "Workload accounts.") var accounts = 1_000
    @Option(help: "Seconds to measure after bootstrap.") var seconds: Double = 30
    @Option(help: "Transactions in flight per account (1...10).") var inFlight = 10
    @Option(help: "Target submit rate (set above what the machine can do to find the limit).") var rate: Double = 20_000
    @Option(help: "Key algorithm of the workload wallets.") var algorithm: KeyAlgorithm = .ed25519
    @Option(help: "Write the journal as `seqwatch run` does, in this (new or empty) directory; without it, no journal.")
    var journal: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard (1...20_000).contains(accounts) else { throw ValidationError("--accounts must be in 1...20000") }
        guard seconds >= 1, seconds <= 3_600 else { throw ValidationError("--seconds must be in [1, 3600]") }
        guard (1...10).contains(inFlight) else { throw ValidationError("--in-flight must be in 1...10") }
        guard rate > 0, rate <= 1_000_000 else { throw ValidationError("--rate must be in (0, 1000000] transactions per second") }
    }

    func run() async throws {
        var o = ThroughputBench.Options()
        o.accounts = accounts
        o.seconds = seconds
        o.inFlight = inFlight
        o.rate = rate
        o.algorithm = algorithm
        var store: Journal?
        if let journal {
            let path = (journal as NSString).appendingPathComponent("journal.sqlite")
            guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("--journal: \(path) exists; give a new or empty directory") }
            do {
                try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: true)
                store = try Journal(path: path, keepLedgers: 200, endpoint: "bench", strategy: "heal", accounts: accounts)
            } catch let e as StateStoreError { throw CLIError(e.description) }
            o.journal = store
        }
        defer { store?.close() }
        let quiet = json
        let r = try await ThroughputBench.run(o) { line in if !quiet { Console.line(line) } }
        func r1(_ v: Double) -> Double { (v * 10).rounded() / 10 }
        if json {
            Output.json([
                "accounts": .int(Int64(r.accounts)), "seconds": .double(r1(r.seconds)), "validated": .int(Int64(r.validated)),
                "validated_tps": .double(r1(r.validatedPerSecond)), "submitted": .int(Int64(r.submitted)),
                "latency_p50_ledgers": .int(Int64(r.latencyP50Ledgers)), "latency_p99_ledgers": .int(Int64(r.latencyP99Ledgers)),
                "cpu_s_per_1000_validated": .double((r.cpuSecondsPer1000 * 1000).rounded() / 1000),
                "cpu_cores_used": .double((r.cpuUtilisation * 100).rounded() / 100), "peak_rss_mb": .double(r1(r.peakRSSMegabytes)),
                "bootstrap_s": .double(r1(r.bootstrapSeconds)), "rejected": .int(Int64(r.rejected)), "expired": .int(Int64(r.expired)),
                "abandoned": .int(Int64(r.abandoned)), "diverged_at_end": .int(Int64(r.divergedAtEnd)), "stuck_at_end": .int(Int64(r.stuckAtEnd)),
                "results": .object(Dictionary(uniqueKeysWithValues: r.results.map { ($0.token, JSONValue.int(Int64($0.count))) })),
                "journal_records": .int(Int64(r.journalRecords)), "journal_batches": .int(Int64(r.journalBatches)),
                "snapshot_ms": .double((r.snapshotMs * 1000).rounded() / 1000),
            ])
            return
        }
        print("\(r.accounts) accounts, \(r1(r.seconds)) s measured: \(r.validated) validated, \(Int(r.validatedPerSecond.rounded())) validated tx/s (\(r.submitted) submits, \(r.rejected) rejected, \(r.expired) expired)")
        print("  submit→validated latency: p50 \(r.latencyP50Ledgers) ledgers, p99 \(r.latencyP99Ledgers) ledgers")
        print("  engine gave up \(r.abandoned); at the end \(r.divergedAtEnd) accounts not OK, \(r.stuckAtEnd) stuck; submit results: " + r.results.prefix(8).map { "\($0.token) \($0.count)" }.joined(separator: ", "))
        if journal != nil { print("  journal: \(r.journalRecords) records in \(r.journalBatches) transactions") }
        print("  snapshot build: \(String(format: "%.2f", r.snapshotMs)) ms mean for \(r.accounts) accounts")
        print("  CPU: \((r.cpuSecondsPer1000 * 1000).rounded() / 1000) s per 1,000 validated (\((r.cpuUtilisation * 100).rounded() / 100) cores busy); peak RSS \(Int(r.peakRSSMegabytes.rounded())) MB")
    }
}
