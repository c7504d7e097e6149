import Crypto
import Foundation

/// A signing key pair in XRPL form: 33-byte public keys ("ED"-prefixed for Ed25519, compressed
/// SEC1 for secp256k1) and the account ID they control.
///
/// Ed25519 signs the whole message (RFC 8032, deterministic in swift-crypto's BoringSSL backend);
/// secp256k1 signs SHA512Half(message) with RFC 6979 nonces and low-S DER (XRPL-PROTOCOL 5.12).
public struct KeyPair: Sendable, CustomStringConvertible {
    public let algorithm: KeyAlgorithm
    public let publicKey: [UInt8]
    private let signer: Signer

    private enum Signer: Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case secp256k1([UInt8])
    }

    public init(seed: Seed) throws {
        switch seed.algorithm {
        case .ed25519:
            // The RFC 8032 secret seed is SHA512Half(entropy) (XRPL-PROTOCOL 6.2).
            let secret = Hashing.sha512Half(seed.entropy)
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: secret)
            self.init(algorithm: .ed25519, publicKey: [0xED] + Array(key.publicKey.rawRepresentation), signer: .ed25519(key))
        case .secp256k1:
            let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: seed.entropy)
            self.init(algorithm: .secp256k1, publicKey: pub, signer: .secp256k1(priv))
        }
    }

    private init(algorithm: KeyAlgorithm, publicKey: [UInt8], signer: Signer) {
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.signer = signer
    }

    public var accountID: [UInt8] { Hashing.accountID(publicKey: publicKey) }

    public var address: String {
        // A 20-byte account ID always encodes.
        (try? AddressCodec.encodeClassicAddress(accountID)) ?? ""
    }

    public var publicKeyHex: String { Hex.encode(publicKey) }

    /// The private key in XRPL's 33-byte display form ("ED" ‖ 32 bytes, or "00" ‖ 32 bytes).
    /// Secret: for the test vectors and an explicit `--show-secret`, nowhere else.
    public func privateKeyHex() -> String {
        switch signer {
        case .ed25519(let k): return "ED" + Hex.encode(k.rawRepresentation)
        case .secp256k1(let k): return "00" + Hex.encode(k)
        }
    }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        switch signer {
        case .ed25519(let k):
            do {
                return Array(try k.signature(for: message))
            } catch {
                throw XRPLError.signingFailed("Ed25519 signing failed")
            }
        case .secp256k1(let k):
            return try Secp256k1.sign(digest: Hashing.sha512Half(message), privateKey: k)
        }
    }

    /// Verifies a signature by a 33-byte XRPL public key over `message` (either algorithm).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        if publicKey.count == 33, publicKey[0] == 0xED {
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey[1...]) else { return false }
            return key.isValidSignature(signature, for: message)
        }
        guard publicKey.count == 33, publicKey[0] == 0x02 || publicKey[0] == 0x03 else { return false }
        return Secp256k1.verify(digest: Hashing.sha512Half(message), signature: signature, publicKey: publicKey)
    }

    public var description: String { "KeyPair(\(algorithm.rawValue), \(address))" }
}
