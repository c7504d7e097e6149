/// A signed transaction: the exact bytes to submit and their ID.
///
/// Keep and resubmit these bytes rather than re-signing: a re-signed copy can differ (a new LLS
/// or fee, or a randomized signer) and then has a different hash (XRPL-PROTOCOL 6.2).
public struct SignedTransaction: Sendable, Hashable {
    public let blob: [UInt8]
    /// Uppercase hex transaction ID.
    public let hash: String

    public init(blob: [UInt8]) {
        self.blob = blob
        self.hash = TransactionHash.compute(blob: blob)
    }

    public var blobHex: String { Hex.encode(blob) }
}

/// Transaction IDs: SHA512Half("TXN\0" ‖ blob) (XRPL-PROTOCOL 5.13).
public enum TransactionHash {
    public static func compute(blob: [UInt8]) -> String {
        Hex.encode(Hashing.sha512Half(HashPrefix.transactionID + blob))
    }
}
