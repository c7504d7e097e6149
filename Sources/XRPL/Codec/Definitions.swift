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
    /// The field ID bytes (XRPL-PROTOCOL 5.4), computed once: the codec writes them per field.
    public let header: [UInt8]
    /// The type as the codec dispatches on it, resolved once from `typeName`.
    public let kind: Kind

    /// Serialized types the codec knows. Dispatching on this rather than on the type's name
    /// keeps string comparisons out of the per-field path.
    public enum Kind: Sendable, Hashable {
        case uint8, uint16, uint32, uint64, int32, int64
        /// Hash128…Hash512 and UInt96: fixed-width bytes, hex in JSON.
        case fixed(width: Int)
        case amount, blob, accountID, object, array, vector256, pathSet, issue, xchainBridge, number, currency
        case unsupported

        init(typeName: String) {
            switch typeName {
            case "UInt8": self = .uint8
            case "UInt16": self = .uint16
            case "UInt32": self = .uint32
            case "UInt64": self = .uint64
            case "Int32": self = .int32
            case "Int64": self = .int64
            case "Hash128": self = .fixed(width: 16)
            case "Hash160": self = .fixed(width: 20)
            case "Hash192": self = .fixed(width: 24)
            case "Hash256": self = .fixed(width: 32)
            case "Hash384": self = .fixed(width: 48)
            case "Hash512": self = .fixed(width: 64)
            case "UInt96": self = .fixed(width: 12)
            case "Amount": self = .amount
            case "Blob": self = .blob
            case "AccountID": self = .accountID
            case "STObject": self = .object
            case "STArray": self = .array
            case "Vector256": self = .vector256
            case "PathSet": self = .pathSet
            case "Issue": self = .issue
            case "XChainBridge": self = .xchainBridge
            case "Number": self = .number
            case "Currency": self = .currency
            default: self = .unsupported
            }
        }
    }

    public init(
        name: String, typeName: String, typeCode: Int, nth: Int, isVLEncoded: Bool, isSerialized: Bool, isSigningField: Bool
    ) {
        self.name = name
        self.typeName = typeName
        self.typeCode = typeCode
        self.nth = nth
        self.isVLEncoded = isVLEncoded
        self.isSerialized = isSerialized
        self.isSigningField = isSigningField
        self.kind = Kind(typeName: typeName)
        // Pseudo-fields (Invalid, Generic, hash, index…) have negative codes and no header.
        switch (typeCode < 16, nth < 16) {
        case _ where !(0...255).contains(typeCode) || !(0...255).contains(nth): header = []
        case (true, true): header = [UInt8(typeCode << 4 | nth)]
        case (true, false): header = [UInt8(typeCode << 4), UInt8(nth)]
        case (false, true): header = [UInt8(nth), UInt8(typeCode)]
        case (false, false): header = [0, UInt8(typeCode), UInt8(nth)]
        }
    }

    /// Canonical order is by (type code, nth), never by the encoded header bytes (XRPL-PROTOCOL 5.5).
    public var ordinal: Int { typeCode << 16 | nth }
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

    /// The end markers of inner objects and arrays.
    static let objectEndMarker = fields["ObjectEndMarker"]!.header
    static let arrayEndMarker = fields["ArrayEndMarker"]!.header

    public static let transactionTypeNames: [Int: String] = invert(transactionTypeCodes)
    public static let ledgerEntryTypeNames: [Int: String] = invert(ledgerEntryTypeCodes)
    public static let transactionResultNames: [Int: String] = invert(transactionResultCodes)

    private static func invert(_ d: [String: Int]) -> [Int: String] {
        var out: [Int: String] = [:]
        for (k, v) in d where out[v] == nil { out[v] = k }
        return out
    }
}
