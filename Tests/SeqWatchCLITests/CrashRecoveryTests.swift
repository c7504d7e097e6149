import Foundation
import TestSupport
import Testing
import XRPL

/// Issue 12's "must show", with real processes: `seqwatch sim --state-dir` in one process and
/// `seqwatch run --headless --url` in another (20 accounts, 100 tx/s); the engine `kill -9`ed
/// at a random moment three times and restarted each time, the simulator `kill -9`ed once and
/// restarted on its state directory; then a last run that stops and settles. The journal is then
/// compared with the server's own ledgers, not with SeqWatch's counts.
@Suite(.waitsOnProcesses) struct CrashRecoveryTests {
    @Test func killedAtRandomAndTheJournalAgreesWithTheLedger() throws {
        let state = StateCLITests.directory()
        let simState = state + "-sim"
        let env = ["SEQWATCH_STATE_DIR": state]
        var sim = try SimProcess(["--state-dir", simState])
        defer { sim.stop() }
        let port = sim.port
        let run = [
            "run", "--headless", "--url", "ws://127.0.0.1:\(port)", "--accounts", "20", "--rate", "100", "--drain", "60",
            "--journal-keep", "100000",
        ]
        var random = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let engine = try SeqWatchProcess(run, environment: env)
            defer { engine.stop() }
            #expect(engine.waitFor("phase running", timeout: 240, stdout: true), "round \(round): \(engine.stdout.suffix(1_500)) \(engine.stderr)")
            // A random moment: 1 to 8 ledgers of steady traffic, counted from its status lines.
            let ledgers = Int.random(in: 1...8, using: &random)
            let seen = Self.statusLines(engine.stdout)
            #expect(engine.waitUntil(timeout: 120) { Self.statusLines(engine.stdout) >= seen + ledgers })
            if round == 1 {
                // The server dies under the engine, and comes back on its state directory.
                sim.crash()
                sim = try SimProcess(["--state-dir", simState], port: port)
                let reconnected = engine.stdout.components(separatedBy: "[connection] connected").count
                #expect(engine.waitUntil(timeout: 120) { engine.stdout.components(separatedBy: "[connection] connected").count > reconnected })
                let more = Self.statusLines(engine.stdout)
                #expect(engine.waitUntil(timeout: 120) { Self.statusLines(engine.stdout) >= more + 2 })
            }
            engine.crash()
            #expect(!engine.stderr.contains("Fatal error"), "\(engine.stderr)")
        }
        // The last run: reconcile, run a little, pause and settle (the drain).
        let last = try SeqWatchProcess(run + ["--duration", "8"], environment: env)
        defer { last.stop() }
        let status = last.waitForExit(timeout: 300)
        #expect(status == 0, "\(last.stdout.suffix(2_000)) \(last.stderr)")
        let summary = last.stdout.split(separator: "\n").last { $0.hasPrefix("seqwatch run: stopped at ledger") }.map(String.init) ?? ""
        #expect(summary.contains(" 0 not final") && summary.contains("diverged accounts 0"), "\(summary)")
        #expect(last.stdout.contains("[bootstrap] reconciled "), "the last run did not reconcile")

        // The journal against the ledger.
        let stats = try JSONValue.parse(try CLITests.run(["journal", "stats", "--json"], env: env).stdout)
        #expect(stats["unsettled"]?.intValue == 0, "\(stats.serialized())")
        let rows = try CLITests.run(["journal", "export"], env: env).stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(rows.count > 500, "\(rows.count) journalled")
        var journalled: Set<String> = []
        var sequences: [String: [Int]] = [:]
        for row in rows {
            let hash = try #require(row["hash"]?.stringValue)
            let state = row["state"]?.stringValue ?? "?"
            #expect(["VALIDATED", "REJECTED", "EXPIRED"].contains(state), "\(hash.prefix(8)) ends \(state)")
            let found = try sim.rpc("tx", ["transaction": .string(hash)])["result"]
            let onLedger = found?["validated"]?.boolValue == true
            let result = found?["meta"]?["TransactionResult"]?.stringValue
            if state == "VALIDATED" {
                #expect(onLedger && result == row["result"]?.stringValue, "\(hash.prefix(8)) journalled VALIDATED \(row["result"]?.stringValue ?? "-"), ledger says \(result ?? "not validated")")
                journalled.insert(hash)
                sequences[row["account"]?.stringValue ?? "", default: []].append(row["sequence"]?.intValue ?? -1)
            } else {
                #expect(!onLedger, "\(hash.prefix(8)) journalled \(state) but validated on the ledger (\(result ?? "-"))")
            }
        }
        // Every transaction the workload's accounts (and the funder) sent, in every validated
        // ledger since the first journalled one, is journalled VALIDATED: none lost, none foreign.
        let wallet = try JSONValue.parse(String(decoding: FileManager.default.contents(atPath: state + "/wallet.json") ?? Data(), as: UTF8.self))
        var ours = Set((wallet["accounts"]?.arrayValue ?? []).compactMap { $0["address"]?.stringValue })
        #expect(ours.count == 21)
        ours.insert("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh")
        let first = rows.compactMap { $0["signed_ledger"]?.intValue }.min() ?? 0
        let validated = try #require(try sim.rpc("server_info")["result"]?["info"]?["validated_ledger"]?["seq"]?.intValue)
        var onLedger: Set<String> = []
        for index in first...validated {
            let l = try sim.rpc("ledger", ["ledger_index": .int(Int64(index)), "transactions": true, "expand": true])
            for t in l["result"]?["ledger"]?["transactions"]?.arrayValue ?? [] {
                let account = (t["tx_json"] ?? t)["Account"]?.stringValue ?? ""
                if ours.contains(account), let h = t["hash"]?.stringValue { onLedger.insert(h) }
            }
        }
        // Compared as differences, so a failure names the few hashes, not thousands.
        let unjournalled = onLedger.subtracting(journalled)
        let phantom = journalled.subtracting(onLedger)
        #expect(unjournalled.isEmpty && phantom.isEmpty, "journal \(journalled.count), ledger \(onLedger.count): unjournalled \(unjournalled.prefix(3).map { $0.prefix(8) }), phantom \(phantom.prefix(3).map { $0.prefix(8) })")
        // No Sequence used twice, no hole: each account's validated Sequences run without a gap
        // up to the one before its ledger Sequence.
        for (account, seqs) in sequences where account != "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh" {
            let sorted = seqs.sorted()
            #expect(Set(sorted).count == sorted.count, "\(account): a Sequence validated twice")
            let info = try sim.rpc("account_info", ["account": .string(account), "ledger_index": "validated"])
            let next = try #require(info["result"]?["account_data"]?["Sequence"]?.intValue)
            #expect(sorted.last == next - 1, "\(account): ledger Sequence \(next), journal's last \(sorted.last ?? -1)")
            #expect(sorted.count == (sorted.last ?? 0) - (sorted.first ?? 0) + 1, "\(account): a hole in its validated Sequences")
        }
    }

    /// Status lines printed so far (one per validated ledger).
    static func statusLines(_ text: String) -> Int {
        text.split(separator: "\n").count { $0.hasPrefix("ledger ") && $0.contains(" | ") }
    }
}
