import Foundation
import TestSupport
import Testing
import XRPL

/// Drives the real `seqwatch` binary: outputs, and the one-line-error contract for bad input.
@Suite(.waitsOnProcesses) struct CLITests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let binary: URL = {
        if let env = ProcessInfo.processInfo.environment["SEQWATCH_BIN"] { return URL(fileURLWithPath: env) }
        // The test runner lives in the build products directory beside the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("seqwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.appendingPathComponent(".build/debug/seqwatch")
    }()

    /// A state directory of its own for every run the tests start, so that runs in parallel
    /// never share a wallet, a journal or a lock (and none lands in the package directory).
    static func freshStateDirectory() -> String {
        NSTemporaryDirectory() + "seqwatch-cli-\(getpid())-\(UUID().uuidString)"
    }

    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SEQWATCH_SEED")
        environment["SEQWATCH_STATE_DIR"] = Self.freshStateDirectory()
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seqwatch-test-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let v1Seed = "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2r"

    @Test func walletNewPrintsNoSecretUnlessAsked() throws {
        let r = try Self.run(["wallet", "new", "--json"])
        #expect(r.status == 0)
        let j = try JSONValue.parse(r.stdout)
        #expect(j["algorithm"] == "ed25519")
        #expect(AddressCodec.isValidClassicAddress(j["address"]?.stringValue ?? ""))
        #expect(j["seed"] == nil)
        #expect(!r.stdout.contains("sEd"))

        let shown = try Self.run(["wallet", "new", "--algorithm", "secp256k1", "--json", "--show-secret"])
        let s = try JSONValue.parse(shown.stdout)
        let seed = try #require(s["seed"]?.stringValue)
        // The printed seed controls the printed address.
        let again = try JSONValue.parse(try Self.run(["wallet", "show", "--seed", seed, "--json"]).stdout)
        #expect(again["address"] == s["address"])
        #expect(again["algorithm"] == "secp256k1")
    }

    @Test func walletShowKnownVector() throws {
        let r = try Self.run(["wallet", "show", "--seed", Self.v1Seed, "--json"])
        #expect(r.status == 0)
        let j = try JSONValue.parse(r.stdout)
        #expect(j["address"] == "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD")
        #expect(j["public_key"] == "ED01FA53FA5A7E77798F882ECE20B1ABC00BB358A9E55A202D0D0676BD0CE37A63")
        #expect(!r.stdout.contains(Self.v1Seed))
        let viaEnv = try Self.run(["wallet", "show"], env: ["SEQWATCH_SEED": Self.v1Seed])
        #expect(viaEnv.stdout.contains("rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD"))
        #expect(!viaEnv.stdout.contains(Self.v1Seed))
    }

    @Test func encodeDecodeSign() throws {
        let tx = #"{"TransactionType":"Payment","Account":"rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD","Destination":"rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw1","Amount":"1000000","Fee":"10","Sequence":1,"Flags":0,"LastLedgerSequence":100}"#
        let file = try Self.tempFile(tx)
        let signed = try Self.run(["tx", "sign", "--seed", Self.v1Seed, file])
        #expect(signed.status == 0)
        let j = try JSONValue.parse(signed.stdout)
        // V5a of XRPL-PROTOCOL section 8.
        #expect(j["hash"] == "899F65A9F1B0E2E765BF05906B677484803EE591ECDE5B40C81BB0A099FDDAEF")
        let blob = try #require(j["tx_blob"]?.stringValue)
        #expect(!signed.stdout.contains(Self.v1Seed))

        let decoded = try Self.run(["tx", "decode", blob])
        #expect(decoded.status == 0)
        #expect(try JSONValue.parse(decoded.stdout)["LastLedgerSequence"] == 100)
        let viaStdin = try Self.run(["tx", "decode", "-"], stdin: blob + "\n")
        #expect(viaStdin.stdout == decoded.stdout)

        let encoded = try Self.run(["tx", "encode", "-"], stdin: decoded.stdout)
        #expect(encoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == blob)
    }

    /// Every class of bad input: non-zero exit, exactly one line on stderr, nothing that looks
    /// like a crash, and the seed never echoed.
    @Test(arguments: [
        (["wallet", "show", "--seed", "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2s"], "checksum"),
        (["wallet", "show", "--seed", "not-a-seed"], "seed"),
        (["wallet", "show"], "seed"),
        (["wallet", "new", "--algorithm", "rsa"], "rsa"),
        (["tx", "decode", "12ZZ"], "hex"),
        (["tx", "decode", "1200"], "bytes"),
        (["tx", "encode", "/nonexistent/tx.json"], "no such file"),
        (["tx", "frobnicate"], "frobnicate"),
        (["--no-such-flag"], "no-such-flag"),
    ])
    func badArgumentsFailInOneLine(args: [String], mention: String) throws {
        try Self.expectOneLineFailure(try Self.run(args), mentioning: mention)
    }

    @Test(arguments: [
        (#"{"TransactionType":"Payment","Bogus":1}"#, "unknown field: Bogus"),
        (#"{"TransactionType":"Teleport","Fee":"10"}"#, "unknown transaction type: Teleport"),
        (#"{"TransactionType":"Payment", "Fee":}"#, "malformed JSON"),
        (#"{"TransactionType":"Payment","Amount":"100000000000000001"}"#, "out of range"),
        (#"{"TransactionType":"Payment","Amount":{"currency":"USD","issuer":"rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw1","value":"1e99"}}"#, "out of range"),
        (#"{"TransactionType":"Payment","Destination":"rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw2"}"#, "Destination"),
        (#"{"TransactionType":"Payment","MemoData":"XYZ"}"#, "hex"),
        (#"[1,2,3]"#, "JSON object"),
        ("", "empty"),
    ])
    func badTransactionsFailInOneLine(json: String, mention: String) throws {
        let file = try Self.tempFile(json)
        try Self.expectOneLineFailure(try Self.run(["tx", "encode", file]), mentioning: mention)
        let signed = try Self.run(["tx", "sign", "--seed", Self.v1Seed, file])
        try Self.expectOneLineFailure(signed, mentioning: mention)
        #expect(!signed.stderr.contains(Self.v1Seed))
    }

    static func expectOneLineFailure(_ r: Run, mentioning: String) throws {
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr was: \(r.stderr)")
        #expect(r.stderr.localizedCaseInsensitiveContains(mentioning), "stderr was: \(r.stderr)")
        for crash in ["Fatal error", "Stack dump", "Backtrace", "Illegal instruction", "0x0000"] {
            #expect(!r.stderr.contains(crash))
        }
    }

    @Test func benchSignReportsJSON() throws {
        let r = try Self.run(["bench", "sign", "--seconds", "0.2", "--json"])
        #expect(r.status == 0)
        let j = try JSONValue.parse(r.stdout)
        #expect(j["algorithm"] == "ed25519")
        #expect((j["tx_per_s"]?.doubleValue ?? 0) > 0)
        #expect((j["us_per_tx"]?.doubleValue ?? 0) > 0)
        try Self.expectOneLineFailure(try Self.run(["bench", "sign", "--seconds", "-1"]), mentioning: "seconds")
    }
}
