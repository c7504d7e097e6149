import Foundation
import TestSupport
import Testing
import XRPL

/// `seqwatch sim --state-dir` through the real binary: a `kill -9` and a restart on the same
/// directory continue the chain with the balances, sequences and transactions it had.
@Suite(.waitsOnProcesses) struct SimStateDirCLITests {
    static let genesis: Wallet = try! Wallet(seed: try! Seed(encoded: "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"))

    static func tempDir() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("seqwatch-state-\(UUID().uuidString)").path
    }

    @Test func aKilledSimulatorContinuesFromItsStateDir() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["--state-dir", dir, "--start-ledger", "5000"]
        let wallets = try (0..<3).map { n in
            try Wallet(seed: try Seed(entropy: [UInt8](repeating: UInt8(n + 1), count: 16), algorithm: .ed25519))
        }
        var hashes: [String] = []
        var before: [String: (balance: String, sequence: Int)] = [:]
        var validatedBefore = 0
        do {
            let sim = try SimProcess(args)
            defer { sim.stop() }
            #expect(sim.collected.stdout.contains("new chain kept in"))
            for (i, w) in wallets.enumerated() {
                hashes.append(try Self.submit(sim, from: Self.genesis, sequence: 1 + i, .payment(destination: w.address, amount: .drops(200_000_000))))
            }
            for hash in hashes { try Self.waitValidated(sim, hash) }
            // A new account's first Sequence is the ledger that created it (as rippled's).
            let first = try Self.accountState(sim, wallets[0].address).sequence
            #expect(first > 5000)
            hashes.append(try Self.submit(sim, from: wallets[0], sequence: first, .payment(destination: wallets[1].address, amount: .drops(3_000_000))))
            try Self.waitValidated(sim, hashes[3])
            for a in [Self.genesis.address] + wallets.map(\.address) { before[a] = try Self.accountState(sim, a) }
            validatedBefore = try #require(try sim.rpc("server_info")["result"]?["info"]?["validated_ledger"]?["seq"]?.intValue)
            kill(sim.process.processIdentifier, SIGKILL)
            sim.process.waitUntilExit()
            #expect(sim.process.terminationReason == .uncaughtSignal)
        }

        let again = try SimProcess(args)
        defer { again.stop() }
        let marker = "continuing from validated ledger "
        let line = try #require(again.collected.stdout.split(separator: "\n").first { $0.contains(marker) }, "\(again.collected.stdout)")
        let resumed = try #require(Int(line.components(separatedBy: marker)[1].prefix(while: \.isNumber)))
        #expect(resumed >= validatedBefore)
        // New ledgers follow straight on from the kept one.
        #expect(again.waitFor("ledger \(resumed + 2) closed", timeout: 60, stdout: true), "\(again.collected.stdout)")
        #expect(!again.collected.stdout.contains("ledger 5001 closed"))
        let info = try again.rpc("server_info")["result"]?["info"]
        #expect((info?["validated_ledger"]?["seq"]?.intValue ?? 0) > resumed)
        for (address, kept) in before {
            let now = try Self.accountState(again, address)
            #expect(now.balance == kept.balance, "\(address)")
            #expect(now.sequence == kept.sequence, "\(address)")
        }
        for hash in hashes {
            let tx = try #require(try again.rpc("tx", ["transaction": .string(hash)])["result"])
            #expect(tx["validated"] == .bool(true), "\(hash): \(tx)")
            #expect(tx["meta"]?["TransactionResult"] == .string("tesSUCCESS"))
        }
        // The persisted sequence is the one the chain goes on with.
        let kept = try #require(before[wallets[0].address]?.sequence)
        let next = try Self.submit(again, from: wallets[0], sequence: kept, .payment(destination: wallets[2].address, amount: .drops(1_000_000)))
        try Self.waitValidated(again, next)
    }

    @Test func aSecondSimulatorOnTheSameDirectoryIsRefusedInOneLine() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try SimProcess(["--state-dir", dir])
        defer { first.stop() }
        let r = try CLITests.run(["sim", "--port", "0", "--state-dir", dir])
        try CLITests.expectOneLineFailure(r, mentioning: "in use by another seqwatch sim")
    }

    @Test func aCorruptDatabaseIsRefusedAndLeftUntouched() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/ledgers.sqlite"
        let junk = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try junk.write(to: URL(fileURLWithPath: file))
        let r = try CLITests.run(["sim", "--port", "0", "--state-dir", dir])
        try CLITests.expectOneLineFailure(r, mentioning: "left untouched")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == junk)
    }

    // MARK: helpers

    static func submit(_ sim: SimProcess, from w: Wallet, sequence: Int, _ body: TransactionBody) throws -> String {
        let tx = Transaction(account: w.address, body: body, fee: 12, sequence: UInt32(sequence))
        let signed = try TransactionSigner.sign(tx, with: w.keys)
        let reply = try sim.rpc("submit", ["tx_blob": .string(Hex.encode(signed.blob))])
        let result = reply["result"]?["engine_result"]?.stringValue
        #expect(result == "tesSUCCESS", "\(reply)")
        return signed.hash
    }

    static func waitValidated(_ sim: SimProcess, _ hash: String, timeout: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try sim.rpc("tx", ["transaction": .string(hash)])["result"]?["validated"] == .bool(true) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("\(hash) not validated within \(timeout) s")
    }

    static func accountState(_ sim: SimProcess, _ address: String) throws -> (balance: String, sequence: Int) {
        let data = try sim.rpc("account_info", ["account": .string(address), "ledger_index": "validated"])["result"]?["account_data"]
        return (data?["Balance"]?.stringValue ?? "?", data?["Sequence"]?.intValue ?? -1)
    }
}
