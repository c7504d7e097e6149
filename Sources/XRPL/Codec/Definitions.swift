/// One serialized field of the XRPL binary format.
///
/// The codec never hard-codes field layouts: it asks this table for the type, the ordinal that
/// fixes canonical order, and whether the field belongs in the signing blob.
public struct FieldDefinition: Sendable, Hashable {
    public let name: String
    public let typeName: String
    public let typeCode: Int
    public let nth: Int
    public let isVLEncoded: Bool
    public let isSerialized: Bool
    public let isSigningField: Bool

    /// Canonical order is by (type code, nth), never by the encoded header bytes (XRPL-PROTOCOL 5.5).
    public var ordinal: Int { typeCode << 16 | nth }

    /// The field ID bytes (XRPL-PROTOCOL 5.4).
    public var header: [UInt8] {
        switch (typeCode < 16, nth < 16) {
        case (true, true): return [UInt8(typeCode << 4 | nth)]
        case (true, false): return [UInt8(typeCode << 4), UInt8(nth)]
        case (false, true): return [UInt8(nth), UInt8(typeCode)]
        case (false, false): return [0, UInt8(typeCode), UInt8(nth)]
        }
    }
}

/// The protocol's field, type and code tables, generated from definitions.json.
public enum Definitions {
    public static let fields: [String: FieldDefinition] = {
        var out: [String: FieldDefinition] = [:]
        for (name, type, nth, vl, serialized, signing) in fieldRows {
            guard let code = typeCodes[type] else { continue }
            out[name] = FieldDefinition(
                name: name, typeName: type, typeCode: code, nth: nth,
                isVLEncoded: vl, isSerialized: serialized, isSigningField: signing)
        }
        return out
    }()

    /// Lookup for the decoder: (type code, nth) → field.
    public static let fieldsByID: [Int: FieldDefinition] = {
        var out: [Int: FieldDefinition] = [:]
        for f in fields.values where f.isSerialized && f.nth > 0 {
            out[f.ordinal] = f
        }
        return out
    }()

    public static let transactionTypeNames: [Int: String] = invert(transactionTypeCodes)
    public static let ledgerEntryTypeNames: [Int: String] = invert(ledgerEntryTypeCodes)
    public static let transactionResultNames: [Int: String] = invert(transactionResultCodes)

    private static func invert(_ d: [String: Int]) -> [Int: String] {
        var out: [Int: String] = [:]
        for (k, v) in d where out[v] == nil { out[v] = k }
        return out
    }
}
