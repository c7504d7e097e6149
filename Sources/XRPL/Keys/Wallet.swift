/// An account's signing identity: its seed-derived keys and classic address.
///
/// Holds the seed so the workload can re-derive; `description` never shows it.
public struct Wallet: Sendable, CustomStringConvertible {
    public let seed: Seed
    public let keys: KeyPair

    public init(seed: Seed) throws {
        self.seed = seed
        self.keys = try KeyPair(seed: seed)
    }

    public static func generate(algorithm: KeyAlgorithm = .ed25519) throws -> Wallet {
        try Wallet(seed: .random(algorithm: algorithm))
    }

    public var address: String { keys.address }
    public var algorithm: KeyAlgorithm { keys.algorithm }
    public var publicKeyHex: String { keys.publicKeyHex }

    public var description: String { "Wallet(\(address), \(algorithm.rawValue))" }
}
