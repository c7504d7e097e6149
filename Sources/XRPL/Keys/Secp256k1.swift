import CXRPLCrypto

/// secp256k1 as the XRPL uses it, backed by OpenSSL's libcrypto through `CXRPLCrypto`.
///
/// swift-crypto has no secp256k1, and OpenSSL alone gives neither deterministic nonces nor the
/// fully canonical (low-S) signatures rippled insists on; the C shim adds both, so signatures
/// match xrpl.js and xrpl-py byte for byte. Errors never carry key material.
public enum Secp256k1 {
    /// Family-seed derivation (root key plus account-0 intermediate), as rippled does it,
    /// so a seed gives the same account here as in every other XRPL wallet.
    public static func deriveKeyPair(entropy: [UInt8]) throws -> (privateKey: [UInt8], publicKey: [UInt8]) {
        guard entropy.count == 16 else { throw XRPLError.invalidKey("seed entropy must be 16 bytes, got \(entropy.count)") }
        var priv = [UInt8](repeating: 0, count: 32)
        var pub = [UInt8](repeating: 0, count: 33)
        guard cxrpl_secp256k1_derive(entropy, &priv, &pub) == 1 else {
            throw XRPLError.invalidKey("secp256k1 key derivation failed")
        }
        return (priv, pub)
    }

    public static func publicKey(privateKey: [UInt8]) throws -> [UInt8] {
        guard privateKey.count == 32 else { throw XRPLError.invalidKey("secp256k1 private key must be 32 bytes, got \(privateKey.count)") }
        var pub = [UInt8](repeating: 0, count: 33)
        guard cxrpl_secp256k1_public_key(privateKey, &pub) == 1 else {
            throw XRPLError.invalidKey("secp256k1 private key is not in [1, n-1]")
        }
        return pub
    }

    /// Deterministic, so re-signing the same transaction reproduces the same blob and hash,
    /// which duplicate detection by hash relies on.
    public static func sign(digest: [UInt8], privateKey: [UInt8]) throws -> [UInt8] {
        guard digest.count == 32 else { throw XRPLError.signingFailed("secp256k1 digest must be 32 bytes, got \(digest.count)") }
        guard privateKey.count == 32 else { throw XRPLError.invalidKey("secp256k1 private key must be 32 bytes, got \(privateKey.count)") }
        var der = [UInt8](repeating: 0, count: 72)
        var length = der.count
        guard cxrpl_secp256k1_sign(digest, privateKey, &der, &length) == 1 else {
            throw XRPLError.signingFailed("secp256k1 signing failed (private key out of range or library error)")
        }
        return Array(der.prefix(length))
    }

    /// Accepts only what rippled accepts: strict DER, low-S, 33-byte compressed key.
    public static func verify(digest: [UInt8], signature: [UInt8], publicKey: [UInt8]) -> Bool {
        guard digest.count == 32 else { return false }
        return cxrpl_secp256k1_verify(digest, signature, signature.count, publicKey, publicKey.count) == 1
    }
}
