/// The codec's field definitions in the shape rippled's `server_definitions` returns (and
/// definitions.json keeps): TYPES, FIELDS as `[name, {isSerialized, isSigningField,
/// isVLEncoded, nth, type}]` pairs in definition order, LEDGER_ENTRY_TYPES,
/// TRANSACTION_RESULTS, TRANSACTION_TYPES, and `hash`. Built once from the same tables the
/// codec encodes with, so a client that loads them from the simulator encodes what the
/// simulator decodes.
extension Definitions {
    package static let serverDefinitions: JSONValue = {
        func table(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .int(Int64($0)) }) }
        let fields: [JSONValue] = fieldRows.map { row in
            .array([
                .string(row.0),
                .object([
                    "isSerialized": .bool(row.4), "isSigningField": .bool(row.5), "isVLEncoded": .bool(row.3), "nth": .int(Int64(row.2)),
                    "type": .string(row.1),
                ]),
            ])
        }
        var o: [String: JSONValue] = [
            "TYPES": table(typeCodes), "FIELDS": .array(fields), "LEDGER_ENTRY_TYPES": table(ledgerEntryTypeCodes),
            "TRANSACTION_RESULTS": table(transactionResultCodes), "TRANSACTION_TYPES": table(transactionTypeCodes),
        ]
        // rippled hashes its own serialisation; any stable digest of the content serves the
        // same purpose (a client compares it with the hash it cached).
        let text = JSONValue.object(o).serialized()
        o["hash"] = .string(Hex.encode(Hashing.sha512Half(Array(text.utf8))))
        return .object(o)
    }()

    /// The `hash` of `serverDefinitions`.
    package static var serverDefinitionsHash: String { serverDefinitions["hash"]?.stringValue ?? "" }
}
