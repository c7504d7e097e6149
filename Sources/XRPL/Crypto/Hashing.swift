import Foundation
import Crypto

/// The hash functions the protocol is built from.
public enum Hashing {
    public static func sha256<C: DataProtocol>(_ data: C) -> [UInt8] {
        Array(SHA256.hash(data: data))
    }

    /// First 32 bytes of SHA-512: the XRPL's general-purpose hash (tx IDs, key derivation,
    /// the digest secp256k1 signs).
    public static func sha512Half<C: DataProtocol>(_ data: C) -> [UInt8] {
        Array(Array(SHA512.hash(data: data)).prefix(32))
    }

    /// RIPEMD160(SHA256(publicKey)): the 20-byte account ID (XRPL-PROTOCOL 6.3).
    public static func accountID(publicKey: [UInt8]) -> [UInt8] {
        RIPEMD160.hash(sha256(publicKey))
    }
}

/// Hash prefixes that domain-separate what is hashed or signed (XRPL-PROTOCOL 5.12, 5.13).
public enum HashPrefix {
    /// "STX\0": single-signing blob.
    public static let transactionSign: [UInt8] = [0x53, 0x54, 0x58, 0x00]
    /// "TXN\0": transaction ID.
    public static let transactionID: [UInt8] = [0x54, 0x58, 0x4E, 0x00]
    /// "LWR\0": ledger header, used by the simulator's ledger hash.
    public static let ledgerMaster: [UInt8] = [0x4C, 0x57, 0x52, 0x00]
}
