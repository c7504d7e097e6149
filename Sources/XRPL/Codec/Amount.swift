/// An XRPL amount: XRP in drops, an issued-currency value, or an MPT quantity (XRPL-PROTOCOL 5.8–5.9).
public enum Amount: Sendable, Hashable {
    /// XRP in drops (1 XRP = 1,000,000 drops).
    case xrp(drops: UInt64)
    case issued(value: IssuedValue, currency: CurrencyCode, issuer: String)
    /// A multi-purpose-token quantity: a non-negative integer up to Int64.max.
    case mpt(value: UInt64, issuanceID: String)

    /// At most 100 billion XRP exist: 10^17 drops.
    public static let maxDrops: UInt64 = 100_000_000_000_000_000

    public static func drops(_ d: UInt64) -> Amount { .xrp(drops: d) }

    public static func issued(_ value: String, currency: String, issuer: String) throws -> Amount {
        _ = try AddressCodec.decodeClassicAddress(issuer)
        return .issued(value: try IssuedValue(parsing: value), currency: try CurrencyCode(currency), issuer: issuer)
    }

    public var drops: UInt64? {
        if case .xrp(let d) = self { return d }
        return nil
    }

    // MARK: JSON

    public init(json: JSONValue, field: String = "Amount") throws {
        switch json {
        case .string(let s):
            self = .xrp(drops: try Self.parseDrops(s, field: field))
        case .int(let i) where i >= 0:
            self = .xrp(drops: try Self.parseDrops(String(i), field: field))
        case .object(let o):
            if let id = o["mpt_issuance_id"]?.stringValue {
                self = try Self.parseMPT(o, id: id, field: field)
                return
            }
            guard let v = o["value"]?.stringValue ?? o["value"].flatMap({ $0.int64Value.map(String.init) }),
                let c = o["currency"]?.stringValue, let iss = o["issuer"]?.stringValue
            else {
                throw XRPLError.invalidFieldValue(field: field, reason: "an issued amount needs value, currency and issuer")
            }
            let cur = try CurrencyCode(c)
            guard !cur.isXRP else { throw XRPLError.invalidFieldValue(field: field, reason: "XRP must be given as a drops string, not as an issued currency") }
            let issuer: String
            do {
                // X-addresses are accepted (tagless) and stored in classic form.
                issuer = try AddressCodec.encodeClassicAddress(try AddressCodec.decodeAnyAddress(iss).accountID)
            } catch {
                throw XRPLError.invalidFieldValue(field: field, reason: "issuer: \(error)")
            }
            self = .issued(value: try IssuedValue(parsing: v), currency: cur, issuer: issuer)
        default:
            throw XRPLError.invalidFieldValue(field: field, reason: "an amount is a drops string or an object")
        }
    }

    public var json: JSONValue {
        switch self {
        case .xrp(let d): return .string(String(d))
        case .issued(let v, let c, let i): return ["value": .string(v.description), "currency": .string(c.description), "issuer": .string(i)]
        case .mpt(let v, let id): return ["value": .string(String(v)), "mpt_issuance_id": .string(id)]
        }
    }

    /// MPT values are decimal or "0x"-prefixed hex integers in 0...Int64.max ("-0" is zero).
    private static func parseMPT(_ o: [String: JSONValue], id: String, field: String) throws -> Amount {
        guard o["issuer"] == nil, o["currency"] == nil else {
            throw XRPLError.invalidFieldValue(field: field, reason: "an MPT amount has no issuer or currency")
        }
        guard id.utf8.count == 48, (try? Hex.decode(id)) != nil else {
            throw XRPLError.invalidFieldValue(field: field, reason: "mpt_issuance_id must be 48 hex digits")
        }
        guard let text = o["value"]?.stringValue else { throw XRPLError.invalidFieldValue(field: field, reason: "MPT amount without a value") }
        let n: UInt64?
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2)
            n = (1...16).contains(digits.count) ? UInt64(digits, radix: 16) : nil
        } else if text == "-0" {
            n = 0
        } else if text.hasPrefix("-") {
            throw XRPLError.amountOutOfRange("\(field): MPT value \(text) is negative")
        } else {
            n = text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? UInt64(text) : nil
        }
        guard let n else { throw XRPLError.invalidFieldValue(field: field, reason: "MPT value \"\(text)\" is not an integer") }
        guard n <= UInt64(Int64.max) else { throw XRPLError.amountOutOfRange("\(field): MPT value \(text) is above Int64.max") }
        return .mpt(value: n, issuanceID: id.uppercased())
    }

    static func parseDrops(_ s: String, field: String) throws -> UInt64 {
        if s.hasPrefix("-") { throw XRPLError.amountOutOfRange("\(field): XRP amount \(s) is negative") }
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw XRPLError.invalidFieldValue(field: field, reason: "XRP amounts are whole drops as a decimal string, got \"\(s)\"")
        }
        guard let d = UInt64(s), d <= maxDrops else {
            throw XRPLError.amountOutOfRange("\(field): \(s) drops is more than the 10^17 drops that exist")
        }
        return d
    }

    // MARK: Binary

    func write(to w: inout BinaryWriter) throws {
        switch self {
        case .xrp(let d):
            w.writeUInt(d | 0x4000_0000_0000_0000)
        case .issued(let v, let c, let issuer):
            w.writeUInt(v.word)
            w.write(c.bytes)
            w.write(try AddressCodec.decodeClassicAddress(issuer))
        case .mpt(let v, let id):
            w.write(0x60)
            w.writeUInt(v)
            w.write(try Hex.decode(id))
        }
    }

    static func read(from r: inout BinaryReader) throws -> Amount {
        let first = try r.peek()
        if first & 0x80 != 0 {
            let word = try r.readUInt(UInt64.self)
            let value = try IssuedValue(word: word)
            let cur = try CurrencyCode(bytes: try r.read(20))
            let issuer = try AddressCodec.encodeClassicAddress(try r.read(20))
            return .issued(value: value, currency: cur, issuer: issuer)
        }
        if first & 0x20 != 0 {
            _ = try r.readByte()
            let v = try r.readUInt(UInt64.self)
            return .mpt(value: v, issuanceID: Hex.encode(try r.read(24)))
        }
        let word = try r.readUInt(UInt64.self)
        guard word & 0x4000_0000_0000_0000 != 0 || word == 0 else {
            throw XRPLError.malformedBinary("negative XRP amount")
        }
        let d = word & 0x3FFF_FFFF_FFFF_FFFF
        guard d <= maxDrops else { throw XRPLError.malformedBinary("XRP amount over 10^17 drops") }
        return .xrp(drops: d)
    }
}
