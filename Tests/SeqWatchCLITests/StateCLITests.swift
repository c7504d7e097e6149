import Foundation
import TestSupport
import Testing
import XRPL

/// The state directory through the real binary: the wallet, the lock, the journal, refusals in
/// one line that leave files as they were, and `journal stats|export` beside a running engine.
@Suite(.waitsOnProcesses) struct StateCLITests {
    static func directory() -> String {
        let d = CLITests.freshStateDirectory()
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static let fastRun = ["run", "--headless", "--accounts", "3", "--rate", "20", "--close-interval", "0.3"]

    @Test func aWalletOthersCanReadOrThatIsDamagedIsRefusedAndLeftAsItWas() throws {
        let dir = Self.directory()
        let wallet = dir + "/wallet.json"
        for (content, mode, mention) in [("{}", 0o644, "readable by others"), ("{ broken", 0o600, "corrupt")] {
            FileManager.default.createFile(atPath: wallet, contents: Data(content.utf8), attributes: [.posixPermissions: mode])
            let r = try CLITests.run(Self.fastRun + ["--duration", "1"], env: ["SEQWATCH_STATE_DIR": dir])
            try CLITests.expectOneLineFailure(r, mentioning: mention)
            #expect(FileManager.default.contents(atPath: wallet) == Data(content.utf8))
        }
    }

    @Test func aCorruptJournalIsRefusedAndLeftByteForByte() throws {
        let dir = Self.directory()
        let journal = dir + "/journal.sqlite"
        let junk = Data("SQLite format 3\0 but not really a database".utf8)
        FileManager.default.createFile(atPath: journal, contents: junk, attributes: [.posixPermissions: 0o600])
        for args in [Self.fastRun + ["--duration", "1"], ["journal", "stats"], ["journal", "export"]] {
            let r = try CLITests.run(args, env: ["SEQWATCH_STATE_DIR": dir])
            try CLITests.expectOneLineFailure(r, mentioning: "journal")
            #expect(FileManager.default.contents(atPath: journal) == junk, "\(args[0]) changed the file")
        }
    }

    @Test func derivedKeysAgainstARealServerNeedTheInsecureFlag() throws {
        let r = try CLITests.run(["run", "--headless", "--url", "ws://127.0.0.1:1", "--workload-seed", "7"])
        try CLITests.expectOneLineFailure(r, mentioning: "--insecure-derived-keys")
    }

    /// A second engine on a state directory in use is refused; `journal stats` and `export`
    /// read the first one's journal while it runs; no seed of the wallet appears anywhere but
    /// the wallet file.
    @Test func oneEnginePerDirectoryAndThePostMortemsReadItLive() throws {
        let dir = Self.directory()
        let env = ["SEQWATCH_STATE_DIR": dir]
        let engine = try SeqWatchProcess(Self.fastRun, environment: env)
        defer { engine.stop() }
        #expect(engine.waitFor("phase running", timeout: 120, stdout: true), "\(engine.stderr)")
        let second = try CLITests.run(Self.fastRun + ["--duration", "1"], env: env)
        try CLITests.expectOneLineFailure(second, mentioning: "in use by another seqwatch (pid \(engine.process.processIdentifier))")

        // Live: the journal grows while the engine writes, and the readers see it.
        var validated = 0
        #expect(engine.waitUntil(timeout: 120) {
            let stats = try? CLITests.run(["journal", "stats", "--json"], env: env)
            validated = (try? JSONValue.parse(stats?.stdout ?? ""))?["by_state"]?["VALIDATED"]?.intValue ?? 0
            return validated >= 20
        }, "journal stats never showed 20 validated")
        let csv = try CLITests.run(["journal", "export", "--format", "csv", "--state", "VALIDATED"], env: env)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("hash,account,sequence,") == true)
        #expect(lines.count - 1 >= validated)
        let ndjson = try CLITests.run(["journal", "export", "--since-ledger", "0"], env: env)
        let rows = try ndjson.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(rows.count >= validated)
        #expect(rows.allSatisfy { $0["tx_blob"]?.stringValue?.isEmpty == false && $0["hash"]?.stringValue?.count == 64 })

        engine.stop()
        #expect(engine.process.terminationStatus == 0, "\(engine.stderr)")
        // Seeds live in the wallet file and nowhere else: not in the journal, not in any output.
        let wallet = try JSONValue.parse(String(decoding: FileManager.default.contents(atPath: dir + "/wallet.json") ?? Data(), as: UTF8.self))
        let seeds = (wallet["accounts"]?.arrayValue ?? []).compactMap { $0["seed"]?.stringValue }
        #expect(seeds.count == 4)
        let journalBytes = String(decoding: FileManager.default.contents(atPath: dir + "/journal.sqlite") ?? Data(), as: UTF8.self)
        for seed in seeds {
            #expect(!journalBytes.contains(seed) && !engine.stdout.contains(seed) && !engine.stderr.contains(seed))
            #expect(!csv.stdout.contains(seed) && !ndjson.stdout.contains(seed))
        }
        var info = stat()
        #expect(stat(dir + "/wallet.json", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(dir + "/journal.sqlite", &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// After a restart, `GET /state/tx/{hash}` still answers for a transaction of the earlier run:
    /// from the journal, marked as such, with the state the ledger gave it.
    @Test func theAPIAnswersForAnEarlierRunsTransactionsFromTheJournal() throws {
        let dir = Self.directory()
        let env = ["SEQWATCH_STATE_DIR": dir]
        let first = try CLITests.run(Self.fastRun + ["--duration", "3", "--drain", "5"], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let rows = try CLITests.run(["journal", "export", "--state", "VALIDATED"], env: env).stdout.split(separator: "\n")
        let row = try JSONValue.parse(String(try #require(rows.last)))
        let hash = try #require(row["hash"]?.stringValue)
        let engine = try SeqWatchProcess(Self.fastRun + ["--http", "127.0.0.1:0"], environment: env)
        defer { engine.stop() }
        #expect(engine.waitFor("/state/summary", timeout: 120, stdout: true), "\(engine.stderr)")
        let text = engine.stdout
        let after = try #require(text.range(of: "state API on http://127.0.0.1:")).upperBound
        let port = try #require(Int(text[after...].prefix(while: \.isNumber)))
        let reply = try RawHTTP.get(port: port, path: "/state/tx/\(hash.lowercased())")
        #expect(reply.status == 200, "\(reply.body)")
        let doc = try JSONValue.parse(reply.body)
        #expect(doc["source"]?.stringValue == "journal" && doc["state"]?.stringValue == "VALIDATED" && doc["final"]?.boolValue == true)
        #expect(doc["engine_result"]?.stringValue == row["result"]?.stringValue && doc["sequence"]?.intValue == row["sequence"]?.intValue)
        let unknown = try RawHTTP.get(port: port, path: "/state/tx/" + String(repeating: "AB", count: 32))
        #expect(unknown.status == 404)
    }
}
