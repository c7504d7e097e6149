/// Single-signing and signature checking (XRPL-PROTOCOL 5.12).
public enum TransactionSigner {
    /// Signs a typed transaction, setting its SigningPubKey from `keys`.
    public static func sign(_ tx: Transaction, with keys: KeyPair) throws -> SignedTransaction {
        var tx = tx
        tx.signingPubKey = keys.publicKey
        tx.txnSignature = nil
        var fields = try TransactionSerializer(tx)
        let signature = try keys.sign(try fields.bytes(signingOnly: true))
        fields.set(TransactionSerializer.F.txnSignature, .blob(signature))
        return SignedTransaction(blob: try fields.bytes(signingOnly: false))
    }

    /// Canonical bytes of a typed transaction as it stands (signed or not).
    public static func serialize(_ tx: Transaction) throws -> [UInt8] {
        try TransactionSerializer(tx).bytes(signingOnly: false)
    }

    /// Signs transaction JSON. A missing `Account` or `SigningPubKey` is filled from the keys;
    /// a present one that does not match them is an error rather than a silently bad signature.
    public static func sign(json: JSONValue, with keys: KeyPair) throws -> SignedTransaction {
        guard case .object(var o) = json else { throw XRPLError.malformedJSON("a transaction must be a JSON object") }
        if o["TransactionType"] == nil { throw XRPLError.missingField("TransactionType") }
        if o["Account"] == nil { o["Account"] = .string(keys.address) }
        if let pub = o["SigningPubKey"]?.stringValue, !pub.isEmpty {
            guard pub.uppercased() == keys.publicKeyHex else {
                throw XRPLError.invalidFieldValue(field: "SigningPubKey", reason: "does not match the signing key")
            }
        } else {
            o["SigningPubKey"] = .string(keys.publicKeyHex)
        }
        o["TxnSignature"] = nil
        let signingBlob = try BinaryCodec.encodeForSigning(.object(o))
        let signature = try keys.sign(signingBlob)
        o["TxnSignature"] = .string(Hex.encode(signature))
        return SignedTransaction(blob: try BinaryCodec.encode(.object(o)))
    }

    /// Verifies a blob already parsed into `tx`. When the typed model re-serialises to exactly
    /// the blob, the signing bytes come from the typed serializer (the server's fast path);
    /// otherwise (fields the model does not carry) from the generic codec.
    public static func verify(_ tx: Transaction, blob: [UInt8], json: JSONValue) throws -> Bool {
        guard let pub = tx.signingPubKey, let sig = tx.txnSignature else { return false }
        let fields = try TransactionSerializer(tx)
        if try fields.bytes(signingOnly: false) == blob {
            return KeyPair.verify(signature: sig, message: try fields.bytes(signingOnly: true), publicKey: pub)
        }
        return try verify(json: json)
    }

    /// True when the blob's TxnSignature is a valid signature by its SigningPubKey over its
    /// signing fields. (Whether that key may sign for the Account is the ledger's question.)
    public static func verify(blob: [UInt8]) throws -> Bool {
        try verify(json: BinaryCodec.decode(blob))
    }

    public static func verify(json: JSONValue) throws -> Bool {
        guard let pub = json["SigningPubKey"]?.stringValue, let sig = json["TxnSignature"]?.stringValue else {
            return false
        }
        let message = try BinaryCodec.encodeForSigning(json)
        return KeyPair.verify(signature: try Hex.decode(sig), message: message, publicKey: try Hex.decode(pub))
    }
}
