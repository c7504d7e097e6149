/// rippled's `Number` serialized type (STNumber): a signed 64-bit mantissa and a 32-bit exponent.
///
/// Normalisation follows rippled's large mantissa range [10^18, 10^19) capped at Int64.max, with
/// round-half-up on the last dropped digit; JSON text follows `Number::to_string`. The codec
/// fixtures (VaultCreate AssetsMaximum) pin both directions.
enum STNumber {
    static let minMantissa: UInt64 = 1_000_000_000_000_000_000
    static let maxMantissa: UInt64 = 9_999_999_999_999_999_999
    static let maxRep: UInt64 = UInt64(Int64.max)
    static let minExponent = -32768
    static let maxExponent = 32768
    static let zeroExponent = Int32.min

    static func encode(_ text: String, field: String) throws -> [UInt8] {
        let d = try DecimalText(text, field: field)
        var exp = d.exponent
        // Accumulate digits, keeping the first dropped digit for rounding, like doNormalize.
        var digits = Array(d.digits.drop(while: { $0 == 0 }))
        var w = BinaryWriter(capacity: 12)
        if digits.isEmpty {
            w.writeUInt(Int64(0))
            w.writeUInt(zeroExponent)
            return w.bytes
        }
        var truncated: UInt8 = 0
        // Drop digits beyond 19 (they can never fit); the last dropped one decides rounding.
        while digits.count > 19 {
            truncated = digits.removeLast()
            exp += 1
        }
        var m = digits.reduce(UInt64(0)) { $0 &* 10 &+ UInt64($1) }
        while m < minMantissa && exp > minExponent {
            m *= 10
            exp -= 1
        }
        if exp < minExponent || m < minMantissa {
            w.writeUInt(Int64(0))
            w.writeUInt(zeroExponent)
            return w.bytes
        }
        if m > maxRep {
            guard exp < maxExponent else { throw XRPLError.amountOutOfRange("\(field) \(text) overflows a Number") }
            truncated = UInt8(m % 10)
            m /= 10
            exp += 1
        }
        if truncated >= 5 {
            m += 1
            if m > maxRep {
                let t = m % 10
                m /= 10
                exp += 1
                if t >= 5 { m += 1 }
            }
        }
        guard exp <= maxExponent else { throw XRPLError.amountOutOfRange("\(field) \(text) overflows a Number") }
        let signed = d.isNegative ? -Int64(m) : Int64(m)
        w.writeUInt(UInt64(bitPattern: signed))
        w.writeUInt(UInt32(bitPattern: Int32(exp)))
        return w.bytes
    }

    static func decode(_ r: inout BinaryReader) throws -> String {
        let mantissa = Int64(bitPattern: try r.readUInt(UInt64.self))
        var exponent = Int(Int32(bitPattern: try r.readUInt(UInt32.self)))
        if mantissa == 0 && exponent == Int(zeroExponent) { return "0" }
        let negative = mantissa < 0
        var m = mantissa.magnitude
        if m != 0 && m < minMantissa {
            // Restore a mantissa that was shrunk to fit Int64 during serialisation (fits UInt64).
            m *= 10
            exponent -= 1
        }
        if exponent == 0 { return (negative ? "-" : "") + String(m) }
        if exponent < -28 || exponent > -8 {
            while m != 0 && m % 10 == 0 && exponent < maxExponent {
                m /= 10
                exponent += 1
            }
            return "\(negative ? "-" : "")\(m)e\(exponent)"
        }
        let digits = String(m)
        let prefixPad = 30
        let raw = String(repeating: "0", count: prefixPad) + digits + String(repeating: "0", count: 26)
        let offset = exponent + prefixPad + digits.count
        guard offset > 0, offset <= raw.count else { throw XRPLError.malformedBinary("Number exponent out of range") }
        let cut = raw.index(raw.startIndex, offsetBy: offset)
        var whole = String(raw[..<cut].drop(while: { $0 == "0" }))
        if whole.isEmpty { whole = "0" }
        var frac = String(raw[cut...])
        while frac.last == "0" { frac.removeLast() }
        return (negative ? "-" : "") + whole + (frac.isEmpty ? "" : "." + frac)
    }
}
