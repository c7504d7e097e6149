import Foundation
import TestSupport
import Testing
import XRPL

/// `seqwatch run --headless` through the real binary: a status line per ledger, a graceful
/// stop on SIGTERM with a final summary and exit 0, clear one-line failures, and no secret in
/// anything it prints.
@Suite(.waitsOnProcesses) struct RunCommandTests {
    /// The standalone genesis seed the embedded simulator funds from by default.
    static let genesisSeed = "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"

    /// Starts the binary, waits until stdout shows `marker`, sends SIGTERM, and collects output.
    static func runUntil(_ args: [String], marker: String, env: [String: String] = [:], timeout: Double = 60) throws -> (status: Int32, stdout: String, stderr: String, sawMarker: Bool) {
        let p = try SeqWatchProcess(args, environment: env)
        let saw = p.waitFor(marker, timeout: timeout, stdout: true)
        p.stop()
        return (p.process.terminationStatus, p.stdout, p.stderr, saw)
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var o = Data()
        private var e = Data()
        func append(_ d: Data, toStdout: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if toStdout { o.append(d) } else { e.append(d) }
        }
        var stdout: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: o, as: UTF8.self)
        }
        var stderr: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: e, as: UTF8.self)
        }
    }

    @Test func headlessRunPrintsLedgerLinesAndStopsGracefullyOnSIGTERM() throws {
        let r = try Self.runUntil(
            ["run", "--headless", "--accounts", "3", "--rate", "15", "--close-interval", "0.3", "--drain", "5"],
            marker: "| running heal | validated")
        #expect(r.sawMarker, "no running status line: \(r.stdout) \(r.stderr)")
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("seqwatch run: stopping") })
        let summary = try #require(lines.last { $0.hasPrefix("seqwatch run: stopped at ledger") })
        #expect(summary.contains("validated"))
        #expect(r.stderr.isEmpty, "stderr: \(r.stderr)")
    }

    @Test func noSecretInAnyOutputEvenWithAFunderSeed() throws {
        // The genesis seed given explicitly as the funder, by file and by environment.
        let file = try CLITests.tempFile(Self.genesisSeed)
        for (args, env) in [(["--funder-seed-file", file], [String: String]()), ([], ["SEQWATCH_FUNDER_SEED": Self.genesisSeed])] {
            let r = try Self.runUntil(
                ["run", "--headless", "--accounts", "2", "--rate", "10", "--close-interval", "0.3", "--drain", "2"] + args,
                marker: "| running heal | validated", env: env)
            #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
            #expect(r.sawMarker)
            for text in [r.stdout, r.stderr] {
                #expect(!text.contains(Self.genesisSeed), "the funder seed was printed")
                #expect(!text.lowercased().contains("private"), "something about a private key was printed")
            }
        }
    }

    @Test func unfundedFunderEndsInOneLine() throws {
        let seed = Seed.random(algorithm: .ed25519).encoded()
        let file = try CLITests.tempFile(seed)
        let r = try CLITests.run(["run", "--headless", "--funder-seed-file", file, "--close-interval", "0.3"])
        #expect(r.status != 0)
        let errLines = r.stderr.split(separator: "\n")
        #expect(errLines.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("not on the ledger"))
        #expect(!r.stdout.contains(seed) && !r.stderr.contains(seed))
    }

    @Test(arguments: [
        ["run", "--url", "ftp://example"], ["run", "--http", "nonsense"], ["run", "--accounts", "0"],
        ["run", "--in-flight", "11"], ["run", "--strategy", "magic"], ["run", "--mix", "xrp=1,bogus=2"], ["run", "--mix", "xrp=0,issued=0,accountset=0,trustset=0,offer=0,escrow=0"], ["run", "--url", "ws://127.0.0.1:1", "--headless"],
    ])
    func badRunInputEndsInOneLine(_ args: [String]) throws {
        let r = try CLITests.run(args)
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("seqwatch: "))
    }
}

/// The engine against `seqwatch sim` as a separate process, through real sockets — the path a
/// real rippled takes — over both transports.
@Suite(.waitsOnProcesses) struct RunAgainstServerTests {
    @Test(arguments: ["ws", "http"])
    func workloadValidatesOverTheNetwork(scheme: String) throws {
        let sim = Process()
        sim.executableURL = CLITests.binary
        sim.arguments = ["sim", "--port", "0", "--close-interval", "0.4"]
        let out = Pipe()
        sim.standardOutput = out
        sim.standardError = FileHandle.nullDevice
        let collected = RunCommandTests.Collected()
        out.fileHandleForReading.readabilityHandler = { h in collected.append(h.availableData, toStdout: true) }
        try sim.run()
        defer {
            out.fileHandleForReading.readabilityHandler = nil
            if sim.isRunning { kill(sim.processIdentifier, SIGTERM) }
            sim.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        var port: String?
        while Date() < deadline, port == nil {
            if let r = collected.stdout.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = String(collected.stdout[r].split(separator: ":").last!)
            } else {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        let p = try #require(port, "the simulator never said where it listens: \(collected.stdout)")
        let r = try CLITests.run([
            "run", "--headless", "--url", "\(scheme)://127.0.0.1:\(p)", "--accounts", "3", "--rate", "15", "--duration", "6",
            "--drain", "3",
        ])
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        let summary = try #require(r.stdout.split(separator: "\n").last { $0.hasPrefix("seqwatch run: stopped at ledger") })
        let validated = summary.split(separator: ",").first { $0.contains("validated") && !$0.contains("tracked") }
        let count = validated.flatMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
        #expect(count > 20, "\(scheme): \(summary)")
        #expect(summary.contains("terPRE_SEQ 0"), "\(summary)")
    }
}

/// The benchmark commands keep their documented JSON shapes.
@Suite(.waitsOnProcesses) struct BenchCommandTests {
    @Test func scenarioBenchJSONHasEveryDocumentedKey() throws {
        let r = try CLITests.run(["bench", "disconnect", "--strategy", "heal", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONValue.parse(r.stdout).arrayValue)
        #expect(rows.count == 1)
        for key in [
            "strategy", "validated_tps", "success_pct", "ter_pre_seq", "tef_past_seq", "stuck", "blocked_accounts", "recover_ledgers",
            "global_pauses", "requests_per_validated", "submitted_max", "ledgers_filled_pct", "blocked_after_settle",
            "pending_after_settle",
        ] {
            #expect(rows[0][key] != nil, "missing \(key)")
        }
        #expect(rows[0]["strategy"] == "heal")
        #expect((rows[0]["validated_tps"]?.doubleValue ?? 0) > 10)
    }

    @Test func throughputBenchMeasuresSomething() throws {
        let r = try CLITests.run(["bench", "throughput", "--accounts", "20", "--seconds", "2", "--rate", "200", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try JSONValue.parse(r.stdout)
        #expect((j["validated"]?.intValue ?? 0) > 50, "\(r.stdout)")
        for key in ["validated_tps", "latency_p50_ledgers", "latency_p99_ledgers", "cpu_s_per_1000_validated", "peak_rss_mb"] {
            #expect(j[key] != nil, "missing \(key)")
        }
        #expect((j["latency_p99_ledgers"]?.intValue ?? 99) <= 5)
    }
}
