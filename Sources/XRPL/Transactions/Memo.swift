/// A transaction memo. Fields are raw bytes; JSON carries them as hex (XRPL-PROTOCOL 5.11).
public struct Memo: Sendable, Hashable {
    public var type: [UInt8]?
    public var data: [UInt8]?
    public var format: [UInt8]?

    public init(type: [UInt8]? = nil, data: [UInt8]? = nil, format: [UInt8]? = nil) {
        self.type = type
        self.data = data
        self.format = format
    }

    /// A memo from text, e.g. `Memo(text: "hello", type: "text/plain")`.
    public init(text: String, type: String? = nil) {
        self.init(type: type.map { Array($0.utf8) }, data: Array(text.utf8))
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [:]
        if let type { o["MemoType"] = .string(Hex.encode(type)) }
        if let data { o["MemoData"] = .string(Hex.encode(data)) }
        if let format { o["MemoFormat"] = .string(Hex.encode(format)) }
        return ["Memo": .object(o)]
    }

    init(json: JSONValue) throws {
        guard let inner = json["Memo"]?.objectValue else {
            throw XRPLError.invalidFieldValue(field: "Memos", reason: "each element must be {\"Memo\": {...}}")
        }
        func blob(_ k: String) throws -> [UInt8]? {
            guard let v = inner[k] else { return nil }
            guard let s = v.stringValue else { throw XRPLError.invalidFieldValue(field: k, reason: "expected hex") }
            return try Hex.decode(s)
        }
        self.init(type: try blob("MemoType"), data: try blob("MemoData"), format: try blob("MemoFormat"))
    }
}
