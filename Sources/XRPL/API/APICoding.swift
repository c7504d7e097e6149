import Foundation

// Shared plumbing for the rippled API models: API-version selection, lenient number decoding,
// pass-through of unknown fields, and conversion between Codable models and `JSONValue`.
//
// rippled is not consistent about JSON types: `fee` sends counters as strings, `ledger` sends
// `ledger_index` as a string under API v1 and a number under v2, and Clio sometimes differs
// again. The client must read whatever a real server sends, while the simulator must write
// exactly what rippled writes. So every model decodes leniently and encodes strictly.

/// The API versions rippled speaks (`api_version` in a request).
public enum XRPLAPIVersion {
    /// The original shapes: transaction fields merged into the result, `ledger.ledger_index` a string.
    public static let v1 = 1
    /// `tx_json` + `hash` side by side, numeric ledger indexes. What SeqWatch sends and serves.
    public static let v2 = 2
    /// What rippled assumes when a request carries no `api_version` (`kApiVersionIfUnspecified`).
    public static let unspecified = 1
}

extension CodingUserInfoKey {
    /// Set to an `Int` API version on an encoder to choose between v1 and v2 output shapes for
    /// the models whose shape differs by version. Absent means v2.
    public static let xrplAPIVersion = CodingUserInfoKey(rawValue: "xrplAPIVersion")!
}

extension Encoder {
    /// The API version output should follow; v2 unless the encoder was told otherwise.
    var xrplAPIVersion: Int { (userInfo[.xrplAPIVersion] as? Int) ?? XRPLAPIVersion.v2 }
}

// MARK: - JSONValue <-> Codable

extension JSONValue {
    /// Encodes a model into its wire JSON. `apiVersion` picks the v1 or v2 shape where they differ.
    public init(encoding value: some Encodable, apiVersion: Int = XRPLAPIVersion.v2) throws {
        let encoder = JSONEncoder()
        encoder.userInfo[.xrplAPIVersion] = apiVersion
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw XRPLError.malformedJSON("cannot encode \(type(of: value)): \(error)")
        }
        self = try JSONValue.parse(data)
    }

    /// Decodes a model from this JSON. Failures become one-line `XRPLError.malformedJSON`
    /// reasons naming the field path, so a surprising server reply is reported, not crashed on.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let data = Data(serialized().utf8)
        return try JSONValue.decodeModel(type, from: data)
    }

    /// Decodes a model straight from JSON text (skips the intermediate `JSONValue`).
    public static func decodeModel<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as XRPLError {
            throw error
        } catch let error as DecodingError {
            throw XRPLError.malformedJSON("\(T.self): \(error.oneLine)")
        } catch {
            throw XRPLError.malformedJSON("\(T.self): \(error)")
        }
    }
}

extension DecodingError {
    /// "path.to.field: reason" in one line.
    var oneLine: String {
        func path(_ ctx: Context) -> String {
            let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "<root>" : p
        }
        switch self {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx)
            return "missing field '\(key.stringValue)'" + (p == "<root>" ? "" : " in \(p)")
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx)): expected \(type); \(ctx.debugDescription)"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx)): expected \(type), found null"
        case .dataCorrupted(let ctx):
            return "\(path(ctx)): \(ctx.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}

// MARK: - Dynamic keys and unknown-field pass-through

/// A coding key for any string, used to read and write fields the models do not name.
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}

extension Decoder {
    /// Every field of the current object whose name is not in `known`, kept as JSON. Ledger
    /// entries and server_info grow fields over time; keeping them lets a decode → encode round
    /// trip lose nothing and lets callers read fields the model does not name.
    func unknownFields(excluding known: Set<String>) throws -> [String: JSONValue] {
        let c = try container(keyedBy: AnyCodingKey.self)
        var out: [String: JSONValue] = [:]
        for key in c.allKeys where !known.contains(key.stringValue) {
            out[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
        }
        return out
    }

    /// The whole current object as JSON (for shapes that are easier to pick apart by hand).
    func jsonObject() throws -> [String: JSONValue] {
        let v = try singleValueContainer().decode(JSONValue.self)
        guard case .object(let o) = v else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                DecodingError.Context(codingPath: codingPath, debugDescription: "expected a JSON object"))
        }
        return o
    }
}

extension Encoder {
    /// Writes pass-through fields; named fields are written after and so win on a clash.
    func encodeUnknownFields(_ fields: [String: JSONValue]) throws {
        guard !fields.isEmpty else { return }
        var c = container(keyedBy: AnyCodingKey.self)
        for (k, v) in fields { try c.encode(v, forKey: AnyCodingKey(k)) }
    }
}

// MARK: - Lenient scalars

/// Conversions from whatever JSON rippled (or Clio) used for a number to the Swift type the
/// model wants. Numbers may arrive as JSON numbers, as decimal strings, or as integral doubles.
enum Lenient {
    static func uint32(_ v: JSONValue) -> UInt32? { v.uint64Value.flatMap { UInt32(exactly: $0) } }
    static func uint64(_ v: JSONValue) -> UInt64? { v.uint64Value }
    static func int(_ v: JSONValue) -> Int? { v.intValue }
    static func double(_ v: JSONValue) -> Double? { v.doubleValue }
    /// A drops amount or other decimal string: kept as text, but a number is accepted and rendered.
    static func numericString(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d):
            if d.rounded() == d, abs(d) < 9.0e18 { return String(Int64(d)) }
            return String(d)
        default: return nil
        }
    }
    static func bool(_ v: JSONValue) -> Bool? {
        switch v {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: return nil
        }
    }
}

extension KeyedDecodingContainer {
    private func lenient<T>(_ key: Key, _ what: String, _ convert: (JSONValue) -> T?) throws -> T? {
        guard let raw = try decodeIfPresent(JSONValue.self, forKey: key) else { return nil }
        if raw.isNull { return nil }
        guard let value = convert(raw) else {
            throw DecodingError.typeMismatch(
                T.self,
                DecodingError.Context(
                    codingPath: codingPath + [key],
                    debugDescription: "expected \(what), found \(raw.serialized())"))
        }
        return value
    }

    private func required<T>(_ key: Key, _ value: T?) throws -> T {
        guard let value else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }

    func lenientUInt32(_ key: Key) throws -> UInt32 { try required(key, lenientUInt32IfPresent(key)) }
    func lenientUInt32IfPresent(_ key: Key) throws -> UInt32? { try lenient(key, "a UInt32", Lenient.uint32) }
    func lenientUInt64(_ key: Key) throws -> UInt64 { try required(key, lenientUInt64IfPresent(key)) }
    func lenientUInt64IfPresent(_ key: Key) throws -> UInt64? { try lenient(key, "an unsigned integer", Lenient.uint64) }
    func lenientInt(_ key: Key) throws -> Int { try required(key, lenientIntIfPresent(key)) }
    func lenientIntIfPresent(_ key: Key) throws -> Int? { try lenient(key, "an integer", Lenient.int) }
    func lenientDouble(_ key: Key) throws -> Double { try required(key, lenientDoubleIfPresent(key)) }
    func lenientDoubleIfPresent(_ key: Key) throws -> Double? { try lenient(key, "a number", Lenient.double) }
    func numericString(_ key: Key) throws -> String { try required(key, numericStringIfPresent(key)) }
    func numericStringIfPresent(_ key: Key) throws -> String? { try lenient(key, "a decimal string", Lenient.numericString) }
    func lenientBool(_ key: Key) throws -> Bool { try required(key, lenientBoolIfPresent(key)) }
    func lenientBoolIfPresent(_ key: Key) throws -> Bool? { try lenient(key, "a boolean", Lenient.bool) }
}

// MARK: - v1 / v2 transaction shapes

/// Moving a transaction between v2's `{tx_json, hash}` and v1's merged object.
enum TransactionShape {
    /// v1 merges the transaction's fields into the surrounding object. Transaction fields are
    /// PascalCase (`Account`, `Sequence`, …); rippled also puts `date` among them, and v2 keeps
    /// `date` inside `tx_json`, so it goes there too. Everything else belongs to the envelope.
    static func isTransactionField(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        return CharacterSet.uppercaseLetters.contains(first) || name == "date"
    }

    /// Splits a v1 merged object into (tx_json, envelope rest).
    static func split(_ o: [String: JSONValue]) -> (tx: [String: JSONValue], rest: [String: JSONValue]) {
        var tx: [String: JSONValue] = [:]
        var rest: [String: JSONValue] = [:]
        for (k, v) in o {
            if isTransactionField(k) { tx[k] = v } else { rest[k] = v }
        }
        return (tx, rest)
    }

    /// A v1 `transaction` / `tx` object carries its own `hash`; v2 keeps it beside `tx_json`.
    static func detachHash(_ tx: JSONValue) -> (tx: JSONValue, hash: String?) {
        guard case .object(var o) = tx else { return (tx, nil) }
        let hash = o.removeValue(forKey: "hash")?.stringValue
        return (.object(o), hash)
    }

    /// The v1 object: the transaction's fields with `hash` put back in.
    static func attachHash(_ tx: JSONValue, hash: String?) -> JSONValue {
        guard case .object(var o) = tx else { return tx }
        if let hash { o["hash"] = .string(hash) }
        return .object(o)
    }
}
