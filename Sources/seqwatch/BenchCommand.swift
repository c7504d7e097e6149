import ArgumentParser
import Foundation
import XRPL

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks. Figures go in the README.", subcommands: [SignBench.self])
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
