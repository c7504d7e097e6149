import ArgumentParser
import XRPL

struct TxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "Encode, decode and sign transactions.", subcommands: [Encode.self, Decode.self, Sign.self])

    struct Encode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Transaction JSON → canonical binary (hex).")
        @Argument(help: "JSON file, or - for standard input.") var file: String

        func run() async throws {
            print(Hex.encode(try BinaryCodec.encode(try Input.json(file))))
        }
    }

    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Binary (hex) → transaction JSON.")
        @Argument(help: "Hex blob, or - for standard input.") var blob: String

        func run() async throws {
            let hex = blob == "-" ? try Input.text("-") : blob
            print(try BinaryCodec.decode(hex: hex).serialized(pretty: true))
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign transaction JSON; prints {\"tx_blob\", \"hash\"}. Missing Account and SigningPubKey come from the seed.")
        @Option(help: "Family seed (or set SEQWATCH_SEED).") var seed: String?
        @Option(help: "Override the seed's algorithm: ed25519 or secp256k1.") var algorithm: KeyAlgorithm?
        @Argument(help: "JSON file, or - for standard input.") var file: String

        func run() async throws {
            let tx = try Input.json(file)
            let keys = try KeyPair(seed: try Input.seed(seed, algorithm: algorithm))
            // Reject what the codec cannot represent before signing, with the field named.
            _ = try BinaryCodec.encode(tx)
            let signed = try TransactionSigner.sign(json: tx, with: keys)
            Output.json(["tx_blob": .string(signed.blobHex), "hash": .string(signed.hash)])
        }
    }
}
