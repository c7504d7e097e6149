/// The two signing algorithms an XRPL account key can use.
public enum KeyAlgorithm: String, Sendable, CaseIterable, Codable {
    case ed25519
    case secp256k1
}
