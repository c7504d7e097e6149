/// A read-only view over transaction metadata (`meta`) JSON.
///
/// Metadata is the authoritative outcome of a transaction in a ledger: `TransactionResult`
/// holds the final code (tes or tec) and `AffectedNodes` every ledger entry it changed. The
/// view keeps the raw JSON (so nothing is lost and the simulator can write it back) and reads
/// the few fields SeqWatch needs.
public struct TransactionMetadata: Sendable, Hashable {
    public var json: JSONValue

    public init(_ json: JSONValue) { self.json = json }

    /// The final result code, e.g. "tesSUCCESS" or "tecUNFUNDED_PAYMENT".
    public var transactionResult: String? { json["TransactionResult"]?.stringValue }

    /// The transaction's position in its ledger (0-based).
    public var transactionIndex: UInt32? { json["TransactionIndex"].flatMap(Lenient.uint32) }

    /// What a Payment actually delivered: drops as a string, an issued-currency object, or the
    /// string "unavailable" for old ledgers. Falls back to `DeliveredAmount`.
    public var deliveredAmount: JSONValue? { json["delivered_amount"] ?? json["DeliveredAmount"] }

    /// Every entry of `AffectedNodes`, in order.
    public var affectedNodes: [AffectedNode] {
        (json["AffectedNodes"]?.arrayValue ?? []).compactMap(AffectedNode.init(json:))
    }

    /// The account's AccountRoot `Sequence` after this transaction: `FinalFields.Sequence` of a
    /// ModifiedNode, or `NewFields.Sequence` of a CreatedNode (a newly funded account).
    ///
    /// Read from a validated transaction this is the account's next valid Sequence as of that
    /// ledger, so a client following the `accounts` stream can track every sender's validated
    /// Sequence without polling (protocol notes §7). `nil` when the account's root was not
    /// touched, or was deleted (AccountDelete).
    public func sequenceAfter(account: String) -> UInt32? {
        for node in affectedNodes where node.ledgerEntryType == "AccountRoot" {
            switch node.kind {
            case .modified, .created:
                guard let fields = node.fieldsAfter, fields["Account"]?.stringValue == account else { continue }
                if let seq = fields["Sequence"].flatMap(Lenient.uint32) { return seq }
            case .deleted:
                continue
            }
        }
        return nil
    }

    /// The account's Sequence before this transaction (`PreviousFields.Sequence`), if it changed.
    public func sequenceBefore(account: String) -> UInt32? {
        for node in affectedNodes where node.ledgerEntryType == "AccountRoot" && node.kind == .modified {
            guard node.fieldsAfter?["Account"]?.stringValue == account else { continue }
            return node.previousFields?["Sequence"].flatMap(Lenient.uint32)
        }
        return nil
    }
}

extension TransactionMetadata: Codable {
    public init(from decoder: any Decoder) throws {
        json = try JSONValue(from: decoder)
    }
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// One entry of `AffectedNodes`: `{"ModifiedNode": {…}}`, `{"CreatedNode": {…}}` or
/// `{"DeletedNode": {…}}`.
public struct AffectedNode: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case created = "CreatedNode"
        case modified = "ModifiedNode"
        case deleted = "DeletedNode"
    }

    public var kind: Kind
    /// The node's body (LedgerEntryType, LedgerIndex, FinalFields / NewFields / PreviousFields, …).
    public var body: [String: JSONValue]

    public init?(json: JSONValue) {
        guard case .object(let o) = json, o.count == 1, let entry = o.first,
            let kind = Kind(rawValue: entry.key), case .object(let body) = entry.value
        else { return nil }
        self.kind = kind
        self.body = body
    }

    public var ledgerEntryType: String? { body["LedgerEntryType"]?.stringValue }
    public var ledgerIndex: String? { body["LedgerIndex"]?.stringValue }
    public var finalFields: [String: JSONValue]? { body["FinalFields"]?.objectValue }
    public var newFields: [String: JSONValue]? { body["NewFields"]?.objectValue }
    public var previousFields: [String: JSONValue]? { body["PreviousFields"]?.objectValue }

    /// The entry's state after the transaction: NewFields for a created node, FinalFields otherwise.
    public var fieldsAfter: [String: JSONValue]? { kind == .created ? newFields : finalFields }
}
