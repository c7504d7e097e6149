import Crypto
import Foundation

/// 16 bytes of seed entropy and the algorithm they derive keys for.
///
/// A seed is the account's secret. `description` is redacted on purpose so a seed cannot leak
/// through string interpolation into logs, snapshots or error lines; use `encoded()` only
/// where the operator explicitly asked to see it.
public struct Seed: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let entropy: [UInt8]
    public let algorithm: KeyAlgorithm

    public init(entropy: [UInt8], algorithm: KeyAlgorithm) throws {
        guard entropy.count == 16 else { throw XRPLError.invalidSeed("seed entropy must be 16 bytes") }
        self.entropy = entropy
        self.algorithm = algorithm
    }

    /// Decodes "sEd…" (Ed25519) or "s…" (secp256k1 by default). `algorithm` overrides the
    /// encoded one, as xrpl.js and xrpl-py allow (XRPL-PROTOCOL 8, V2 extra vector).
    public init(encoded: String, algorithm: KeyAlgorithm? = nil) throws {
        let (entropy, encodedAlgorithm) = try AddressCodec.decodeSeed(encoded.trimmingCharacters(in: .whitespacesAndNewlines))
        try self.init(entropy: entropy, algorithm: algorithm ?? encodedAlgorithm)
    }

    /// Fresh entropy from the system's CSPRNG (swift-crypto's SymmetricKey uses it).
    public static func random(algorithm: KeyAlgorithm = .ed25519) -> Seed {
        let key = SymmetricKey(size: .bits128)
        let bytes = key.withUnsafeBytes { Array($0) }
        // 16 bytes from a 128-bit key cannot fail the length check.
        return try! Seed(entropy: bytes, algorithm: algorithm)
    }

    /// The base58 family seed. Secret: print only on explicit request.
    public func encoded() -> String {
        // Entropy is always 16 bytes here, so encoding cannot fail.
        (try? AddressCodec.encodeSeed(entropy, algorithm: algorithm)) ?? ""
    }

    public var description: String { "Seed(\(algorithm.rawValue), redacted)" }
    public var debugDescription: String { description }
}
