import Foundation
/// JSON ⇄ canonical binary for transactions and ledger objects, driven by `Definitions`.
///
/// One walk serves three outputs: the full blob (`tx_blob`), the signing blob (signing fields
/// only, behind the "STX\0" prefix) and decoding back to rippled-style JSON.
public enum BinaryCodec {
    /// The deepest STObject/STArray nesting accepted, counted as rippled counts it: a top-level
    /// field is at depth 1, an inner object's fields one deeper, an array's element objects one
    /// deeper than the array. rippled throws "Maximum nesting depth of STVar exceeded" (and of
    /// STObject) past 10 (`src/libxrpl/protocol/STVar.cpp` `STVar::STVar(SerialIter&, SField
    /// const&, int depth)`, `STObject.cpp` `STObject::STObject(SerialIter&, SField const&, int)`).
    /// Without a bound, a blob of 20,000 nested object headers (40 KB) overflowed the stack here.
    public static let maxNestingDepth = 10

    /// The largest blob decoded: rippled's `txMaxSizeBytes` = `megabytes(1)`
    /// (`include/xrpl/protocol/Protocol.h`), which `STTx::STTx(SerialIter&)` enforces.
    public static let maxBlobBytes = 1 << 20

    /// Canonical serialization of every serialized field.
    public static func encode(_ json: JSONValue) throws -> [UInt8] {
        var w = BinaryWriter()
        try writeObject(try topLevelObject(json), into: &w, signingOnly: false, depth: 1)
        return w.bytes
    }

    /// The bytes a single signer signs: "STX\0" ‖ signing fields (XRPL-PROTOCOL 5.12).
    public static func encodeForSigning(_ json: JSONValue) throws -> [UInt8] {
        var w = BinaryWriter()
        w.write(HashPrefix.transactionSign)
        try writeObject(try topLevelObject(json), into: &w, signingOnly: true, depth: 1)
        return w.bytes
    }

    /// Decodes a blob of at most `maxBlobBytes`, nested at most `maxNestingDepth` deep. Any
    /// input, however hostile, ends in a value or a `malformedBinary` error: never a trap, and
    /// in time linear in its length.
    public static func decode(_ bytes: [UInt8]) throws -> JSONValue {
        guard bytes.count <= maxBlobBytes else {
            throw XRPLError.malformedBinary("blob of \(bytes.count) bytes is over the \(maxBlobBytes)-byte limit for a transaction")
        }
        var r = BinaryReader(bytes)
        let obj = try readObject(&r, nested: false, depth: 1)
        return .object(obj)
    }

    public static func decode(hex: String) throws -> JSONValue {
        // By length first: a huge argument is refused before any of it is decoded.
        guard hex.utf8.count <= 2 * maxBlobBytes + 64 else {
            throw XRPLError.malformedBinary("blob of \(hex.utf8.count / 2) bytes is over the \(maxBlobBytes)-byte limit for a transaction")
        }
        let bytes = try Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !bytes.isEmpty else { throw XRPLError.malformedBinary("empty blob") }
        return try decode(bytes)
    }

    // MARK: - Encoding

    private static func topLevelObject(_ json: JSONValue) throws -> [String: JSONValue] {
        guard case .object(var o) = json else { throw XRPLError.malformedJSON("expected a JSON object") }
        try expandXAddress(&o, addressField: "Account", tagField: "SourceTag")
        try expandXAddress(&o, addressField: "Destination", tagField: "DestinationTag")
        return o
    }

    /// X-addresses carry a tag; the binary format wants a classic address plus a tag field.
    private static func expandXAddress(_ o: inout [String: JSONValue], addressField: String, tagField: String) throws {
        guard let s = o[addressField]?.stringValue, AddressCodec.isXAddress(s) else { return }
        let x = try AddressCodec.decodeXAddress(s)
        o[addressField] = .string(x.classicAddress)
        if let tag = x.tag {
            if let existing = o[tagField], existing.int64Value != Int64(tag) {
                throw XRPLError.invalidFieldValue(field: tagField, reason: "conflicts with the tag inside the X-address in \(addressField)")
            }
            o[tagField] = .int(Int64(tag))
        }
    }

    /// `depth` is that of the object's fields (top level 1), bounded as in decoding.
    private static func writeObject(_ o: [String: JSONValue], into w: inout BinaryWriter, signingOnly: Bool, depth: Int) throws {
        var fields: [(FieldDefinition, JSONValue)] = []
        fields.reserveCapacity(o.count)
        for (key, value) in o {
            guard let def = Definitions.fields[key] else {
                // Lower-case keys are API annotations (hash, date, ctid, inLedger…), never serialized.
                if let c = key.unicodeScalars.first, c.properties.isLowercase { continue }
                throw XRPLError.unknownField(key)
            }
            guard def.isSerialized else { continue }
            if signingOnly && !def.isSigningField { continue }
            fields.append((def, value))
        }
        fields.sort { $0.0.ordinal < $1.0.ordinal }
        for (def, value) in fields {
            w.write(def.header)
            try writeValue(value, def: def, into: &w, signingOnly: signingOnly, depth: depth)
        }
    }

    private static func writeValue(_ v: JSONValue, def: FieldDefinition, into w: inout BinaryWriter, signingOnly: Bool, depth: Int) throws {
        guard depth <= maxNestingDepth else { throw bad(def, "nested deeper than \(maxNestingDepth) objects and arrays") }
        let name = def.name
        switch def.kind {
        case .uint8:
            w.write(UInt8(try integer(v, def: def, max: UInt64(UInt8.max), names: Definitions.transactionResultCodes)))
        case .uint16:
            let names: [String: Int]? =
                name == "TransactionType" ? Definitions.transactionTypeCodes
                : name == "LedgerEntryType" ? Definitions.ledgerEntryTypeCodes : nil
            w.writeUInt(UInt16(try integer(v, def: def, max: UInt64(UInt16.max), names: names)))
        case .uint32:
            if name == "PermissionValue", let s = v.stringValue, let code = Definitions.transactionTypeCodes[s] {
                w.writeUInt(UInt32(code + 1))
            } else {
                w.writeUInt(UInt32(try integer(v, def: def, max: UInt64(UInt32.max), names: nil)))
            }
        case .uint64:
            w.writeUInt(try uint64(v, def: def))
        case .int32:
            guard let i = v.int64Value, let x = Int32(exactly: i) else { throw bad(def, "expected a 32-bit integer") }
            w.writeUInt(UInt32(bitPattern: x))
        case .int64:
            guard let i = v.int64Value else { throw bad(def, "expected a 64-bit integer") }
            w.writeUInt(UInt64(bitPattern: i))
        case .fixed(let width):
            w.write(try fixedHex(v, def: def, bytes: width))
        case .amount:
            try Amount(json: v, field: name).write(to: &w)
        case .blob:
            guard let s = v.stringValue else { throw bad(def, "expected a hex string") }
            do {
                try w.writeVL(try Hex.decode(s))
            } catch let e as XRPLError {
                throw bad(def, e.description)
            }
        case .accountID:
            try w.writeVL(try accountID(v, def: def))
        case .object:
            guard case .object(let inner) = v else { throw bad(def, "expected an object") }
            try writeObject(inner, into: &w, signingOnly: signingOnly, depth: depth + 1)
            w.write(Definitions.objectEndMarker)
        case .array:
            guard case .array(let items) = v else { throw bad(def, "expected an array") }
            for item in items {
                guard case .object(let wrapper) = item, wrapper.count == 1, let (innerName, innerValue) = wrapper.first,
                    let innerDef = Definitions.fields[innerName], innerDef.kind == .object
                else {
                    throw bad(def, "each element must be an object with one STObject field, like {\"Memo\": {...}}")
                }
                w.write(innerDef.header)
                try writeValue(innerValue, def: innerDef, into: &w, signingOnly: signingOnly, depth: depth + 1)
            }
            w.write(Definitions.arrayEndMarker)
        case .vector256:
            guard case .array(let items) = v else { throw bad(def, "expected an array of 256-bit hashes") }
            var bytes: [UInt8] = []
            for item in items { bytes += try fixedHex(item, def: def, bytes: 32) }
            try w.writeVL(bytes)
        case .pathSet:
            try writePathSet(v, def: def, into: &w)
        case .issue:
            try writeIssue(v, def: def, into: &w)
        case .xchainBridge:
            guard case .object(let o) = v else { throw bad(def, "expected an object") }
            for (door, issue) in [("LockingChainDoor", "LockingChainIssue"), ("IssuingChainDoor", "IssuingChainIssue")] {
                guard let d = o[door], let i = o[issue] else { throw bad(def, "needs \(door) and \(issue)") }
                try w.writeVL(try accountID(d, def: def))
                try writeIssue(i, def: def, into: &w)
            }
        case .number:
            guard let s = v.stringValue ?? v.int64Value.map({ String($0) }) else { throw bad(def, "expected a decimal string") }
            w.write(try STNumber.encode(s, field: name))
        case .currency:
            guard let s = v.stringValue else { throw bad(def, "expected a currency code") }
            w.write(try CurrencyCode(s).bytes)
        case .unsupported:
            throw XRPLError.unknownField("\(name) (type \(def.typeName) is not supported by this codec)")
        }
    }

    /// UInt64 is hex in JSON, except amount-like fields that rippled prints in base 10.
    static let base10UInt64Fields: Set<String> = ["MaximumAmount", "OutstandingAmount", "MPTAmount", "LockedAmount"]

    private static func integer(_ v: JSONValue, def: FieldDefinition, max: UInt64, names: [String: Int]?) throws -> UInt64 {
        if let s = v.stringValue, let names {
            guard let code = names[s] else {
                if def.name == "TransactionType" { throw XRPLError.unknownTransactionType(s) }
                throw bad(def, "unknown name \"\(s)\"")
            }
            return UInt64(code)
        }
        guard let n = v.uint64Value, n <= max else { throw bad(def, "expected an integer in 0...\(max)") }
        return n
    }

    private static func uint64(_ v: JSONValue, def: FieldDefinition) throws -> UInt64 {
        if base10UInt64Fields.contains(def.name) {
            if let s = v.stringValue, let n = UInt64(s) { return n }
            if let n = v.uint64Value { return n }
            throw bad(def, "expected a base-10 string")
        }
        guard let s = v.stringValue, (1...16).contains(s.utf8.count), let n = UInt64(s, radix: 16) else {
            throw bad(def, "expected up to 16 hex digits")
        }
        return n
    }

    private static func fixedHex(_ v: JSONValue, def: FieldDefinition, bytes n: Int) throws -> [UInt8] {
        guard let s = v.stringValue else { throw bad(def, "expected \(n * 2) hex digits") }
        let b: [UInt8]
        do { b = try Hex.decode(s) } catch let e as XRPLError { throw bad(def, e.description) }
        guard b.count == n else { throw bad(def, "expected \(n * 2) hex digits, got \(s.utf8.count)") }
        return b
    }

    private static func accountID(_ v: JSONValue, def: FieldDefinition) throws -> [UInt8] {
        guard let s = v.stringValue else { throw bad(def, "expected an address") }
        if s.utf8.count == 40, let raw = try? Hex.decode(s) { return raw }
        do {
            return try AddressCodec.decodeAnyAddress(s).accountID
        } catch let e as XRPLError {
            throw bad(def, e.description)
        }
    }

    private static func writeIssue(_ v: JSONValue, def: FieldDefinition, into w: inout BinaryWriter) throws {
        guard case .object(let o) = v else { throw bad(def, "expected {\"currency\": ...}") }
        if let id = o["mpt_issuance_id"]?.stringValue {
            let raw = try fixedHex(.string(id), def: def, bytes: 24)
            // MPT issue: issuer account, the black-holed account ID 0…01, then the sequence big-endian.
            w.write(contentsOf: raw[4..<24])
            w.write([UInt8](repeating: 0, count: 19) + [1])
            w.write(Array(raw[0..<4].reversed()))
            return
        }
        guard let c = o["currency"]?.stringValue else { throw bad(def, "missing currency") }
        let cur = try CurrencyCode(c)
        w.write(cur.bytes)
        if !cur.isXRP {
            guard let issuer = o["issuer"] else { throw bad(def, "a non-XRP issue needs an issuer") }
            w.write(try accountID(issuer, def: def))
        }
    }

    private static func writePathSet(_ v: JSONValue, def: FieldDefinition, into w: inout BinaryWriter) throws {
        guard case .array(let paths) = v else { throw bad(def, "expected an array of paths") }
        for (i, path) in paths.enumerated() {
            if i > 0 { w.write(0xFF) }
            guard case .array(let steps) = path else { throw bad(def, "each path is an array of steps") }
            for step in steps {
                guard case .object(let s) = step else { throw bad(def, "each path step is an object") }
                var type: UInt8 = 0
                if s["account"] != nil { type |= 0x01 }
                if s["currency"] != nil { type |= 0x10 }
                if s["issuer"] != nil { type |= 0x20 }
                w.write(type)
                if let a = s["account"] { w.write(try accountID(a, def: def)) }
                if let c = s["currency"]?.stringValue { w.write(try CurrencyCode(c).bytes) }
                if let iss = s["issuer"] { w.write(try accountID(iss, def: def)) }
            }
        }
        w.write(0x00)
    }

    private static func bad(_ def: FieldDefinition, _ reason: String) -> XRPLError {
        .invalidFieldValue(field: def.name, reason: reason)
    }

    // MARK: - Decoding

    /// `depth` is that of the object's fields: 1 at the top level.
    private static func readObject(_ r: inout BinaryReader, nested: Bool, depth: Int) throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        var lastOrdinal = -1
        while !r.isAtEnd {
            let (type, nth) = try r.readFieldID()
            if type == 14 && nth == 1 {
                guard nested else { throw XRPLError.malformedBinary("object end marker at top level") }
                return out
            }
            guard let def = Definitions.fieldsByID[type << 16 | nth] else {
                throw XRPLError.malformedBinary("unknown field (type \(type), nth \(nth)) at byte \(r.position)")
            }
            guard def.ordinal > lastOrdinal else {
                throw XRPLError.malformedBinary("fields out of canonical order at \(def.name)")
            }
            lastOrdinal = def.ordinal
            out[def.name] = try readValue(&r, def: def, depth: depth)
        }
        if nested { throw XRPLError.malformedBinary("object not terminated") }
        return out
    }

    private static func readValue(_ r: inout BinaryReader, def: FieldDefinition, depth: Int) throws -> JSONValue {
        guard depth <= maxNestingDepth else {
            throw XRPLError.malformedBinary("maximum nesting depth (\(maxNestingDepth)) exceeded at \(def.name), byte \(r.position)")
        }
        switch def.kind {
        case .uint8:
            let v = Int(try r.readByte())
            if def.name == "TransactionResult", let n = Definitions.transactionResultNames[v] { return .string(n) }
            return .int(Int64(v))
        case .uint16:
            let v = Int(try r.readUInt(UInt16.self))
            if def.name == "TransactionType" {
                guard let n = Definitions.transactionTypeNames[v] else { throw XRPLError.unknownTransactionType("code \(v)") }
                return .string(n)
            }
            if def.name == "LedgerEntryType", let n = Definitions.ledgerEntryTypeNames[v] { return .string(n) }
            return .int(Int64(v))
        case .uint32:
            let v = try r.readUInt(UInt32.self)
            if def.name == "PermissionValue", v > 0, v <= 65536, let n = Definitions.transactionTypeNames[Int(v) - 1] {
                return .string(n)
            }
            return .int(Int64(v))
        case .uint64:
            let v = try r.readUInt(UInt64.self)
            if base10UInt64Fields.contains(def.name) { return .string(String(v)) }
            let hex = String(v, radix: 16, uppercase: true)
            return .string(String(repeating: "0", count: 16 - hex.count) + hex)
        case .int32:
            return .int(Int64(Int32(bitPattern: try r.readUInt(UInt32.self))))
        case .int64:
            return .int(Int64(bitPattern: try r.readUInt(UInt64.self)))
        case .fixed(let width):
            return .string(Hex.encode(try r.read(width)))
        case .amount:
            return try Amount.read(from: &r).json
        case .blob:
            return .string(Hex.encode(try r.readVL()))
        case .accountID:
            let raw = try r.readVL()
            guard raw.count == 20 else { throw XRPLError.malformedBinary("\(def.name) is \(raw.count) bytes, not 20") }
            return .string(try AddressCodec.encodeClassicAddress(raw))
        case .object:
            return .object(try readObject(&r, nested: true, depth: depth + 1))
        case .array:
            var items: [JSONValue] = []
            while true {
                let (type, nth) = try r.readFieldID()
                if type == 15 && nth == 1 { break }
                guard let inner = Definitions.fieldsByID[type << 16 | nth], inner.kind == .object else {
                    throw XRPLError.malformedBinary("array \(def.name) holds a non-object field")
                }
                // The element object sits one level below the array (rippled's STArray passes depth + 1).
                guard depth + 1 <= maxNestingDepth else {
                    throw XRPLError.malformedBinary("maximum nesting depth (\(maxNestingDepth)) exceeded at \(inner.name), byte \(r.position)")
                }
                items.append(.object([inner.name: .object(try readObject(&r, nested: true, depth: depth + 2))]))
            }
            return .array(items)
        case .vector256:
            let raw = try r.readVL()
            guard raw.count % 32 == 0 else { throw XRPLError.malformedBinary("Vector256 length \(raw.count) is not a multiple of 32") }
            return .array(stride(from: 0, to: raw.count, by: 32).map { .string(Hex.encode(raw[$0..<$0 + 32])) })
        case .pathSet:
            return try readPathSet(&r)
        case .issue:
            return try readIssue(&r)
        case .xchainBridge:
            var o: [String: JSONValue] = [:]
            for (door, issue) in [("LockingChainDoor", "LockingChainIssue"), ("IssuingChainDoor", "IssuingChainIssue")] {
                let raw = try r.readVL()
                guard raw.count == 20 else { throw XRPLError.malformedBinary("\(door) is not 20 bytes") }
                o[door] = .string(try AddressCodec.encodeClassicAddress(raw))
                o[issue] = try readIssue(&r)
            }
            return .object(o)
        case .number:
            return .string(try STNumber.decode(&r))
        case .currency:
            return .string(try CurrencyCode(bytes: try r.read(20)).description)
        case .unsupported:
            throw XRPLError.malformedBinary("field \(def.name) has unsupported type \(def.typeName)")
        }
    }

    private static func readIssue(_ r: inout BinaryReader) throws -> JSONValue {
        let cur = try CurrencyCode(bytes: try r.read(20))
        if cur.isXRP { return ["currency": "XRP"] }
        let issuer = try r.read(20)
        if issuer == [UInt8](repeating: 0, count: 19) + [1] {
            // MPT issue: the "currency" bytes were the issuer account; a big-endian sequence follows.
            let seq = try r.read(4)
            return ["mpt_issuance_id": .string(Hex.encode(seq.reversed() + cur.bytes))]
        }
        return ["currency": .string(cur.description), "issuer": .string(try AddressCodec.encodeClassicAddress(issuer))]
    }

    private static func readPathSet(_ r: inout BinaryReader) throws -> JSONValue {
        var paths: [JSONValue] = []
        var current: [JSONValue] = []
        while true {
            let type = try r.readByte()
            if type == 0x00 || type == 0xFF {
                paths.append(.array(current))
                current = []
                if type == 0x00 { return .array(paths) }
                continue
            }
            var step: [String: JSONValue] = [:]
            if type & 0x01 != 0 { step["account"] = .string(try AddressCodec.encodeClassicAddress(try r.read(20))) }
            if type & 0x10 != 0 { step["currency"] = .string(try CurrencyCode(bytes: try r.read(20)).description) }
            if type & 0x20 != 0 { step["issuer"] = .string(try AddressCodec.encodeClassicAddress(try r.read(20))) }
            current.append(.object(step))
        }
    }
}
