import ArgumentParser
import XRPL

struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet", abstract: "Create or inspect account keys.", subcommands: [New.self, Show.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate a new key pair from a secure random seed.")

        @Option(help: "ed25519 or secp256k1.") var algorithm: KeyAlgorithm = .ed25519
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Also print the seed. Anyone with it controls the account.") var showSecret = false

        func run() async throws {
            let wallet = try Wallet.generate(algorithm: algorithm)
            WalletCommand.print(wallet, json: json, seed: showSecret ? wallet.seed.encoded() : nil)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the address and public key a seed controls (never the seed).")

        @Option(help: "Family seed (or set SEQWATCH_SEED).") var seed: String?
        @Option(help: "Override the seed's algorithm: ed25519 or secp256k1.") var algorithm: KeyAlgorithm?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let wallet = try Wallet(seed: try Input.seed(seed, algorithm: algorithm))
            WalletCommand.print(wallet, json: json, seed: nil)
        }
    }

    static func print(_ w: Wallet, json: Bool, seed: String?) {
        if json {
            var o: [String: JSONValue] = [
                "address": .string(w.address), "public_key": .string(w.publicKeyHex), "algorithm": .string(w.algorithm.rawValue),
            ]
            if let seed { o["seed"] = .string(seed) }
            Output.json(o)
        } else {
            Swift.print("address     \(w.address)")
            Swift.print("public_key  \(w.publicKeyHex)")
            Swift.print("algorithm   \(w.algorithm.rawValue)")
            if let seed { Swift.print("seed        \(seed)") }
        }
    }
}
