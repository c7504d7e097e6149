/// The decimal value of an issued-currency amount in XRPL's 64-bit floating format
/// (XRPL-PROTOCOL 5.9): sign, exponent in [-96, 80], mantissa normalised to 16 digits.
///
/// Kept as an integer mantissa and exponent — never a Double — so "0.1" round-trips exactly.
public struct IssuedValue: Sendable, Hashable, CustomStringConvertible {
    public static let minMantissa: UInt64 = 1_000_000_000_000_000
    public static let maxMantissa: UInt64 = 9_999_999_999_999_999
    public static let minExponent = -96
    public static let maxExponent = 80
    public static let maxPrecision = 16

    public let isNegative: Bool
    /// 0, or in [10^15, 10^16 − 1].
    public let mantissa: UInt64
    public let exponent: Int

    public static let zero = IssuedValue(isNegative: false, mantissa: 0, exponent: 0)

    public var isZero: Bool { mantissa == 0 }

    init(isNegative: Bool, mantissa: UInt64, exponent: Int) {
        self.isNegative = isNegative && mantissa != 0
        self.mantissa = mantissa
        self.exponent = mantissa == 0 ? 0 : exponent
    }

    /// Parses "12.5", "-2.5", "1e-3", "1000". More than 16 significant digits or an exponent
    /// out of range is an error; a value too small to represent becomes zero, as in rippled.
    public init(parsing text: String) throws {
        let d = try DecimalText(text, field: "value")
        var digits = d.digits.drop(while: { $0 == 0 })
        var exp = d.exponent
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exp += 1
        }
        if digits.isEmpty {
            self = .zero
            return
        }
        guard digits.count <= Self.maxPrecision else {
            throw XRPLError.amountOutOfRange("value \(text) has \(digits.count) significant digits; issued amounts allow 16")
        }
        var m = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
        while m < Self.minMantissa {
            m *= 10
            exp -= 1
        }
        if exp < Self.minExponent {
            self = .zero
            return
        }
        guard exp <= Self.maxExponent else {
            throw XRPLError.amountOutOfRange("value \(text) is too large for an issued amount (exponent \(exp) > 80)")
        }
        self.init(isNegative: d.isNegative, mantissa: m, exponent: exp)
    }

    /// The 8-byte value word.
    var word: UInt64 {
        if mantissa == 0 { return 0x8000_0000_0000_0000 }
        var w: UInt64 = 0x8000_0000_0000_0000
        if !isNegative { w |= 0x4000_0000_0000_0000 }
        w |= UInt64(exponent + 97) << 54
        w |= mantissa
        return w
    }

    init(word: UInt64) throws {
        guard word & 0x8000_0000_0000_0000 != 0 else { throw XRPLError.malformedBinary("issued amount without the IOU bit") }
        let m = word & 0x003F_FFFF_FFFF_FFFF
        if m == 0 {
            self = .zero
            return
        }
        let e = Int((word >> 54) & 0xFF) - 97
        guard m >= Self.minMantissa, m <= Self.maxMantissa, e >= Self.minExponent, e <= Self.maxExponent else {
            throw XRPLError.malformedBinary("non-canonical issued amount (mantissa \(m), exponent \(e))")
        }
        self.init(isNegative: word & 0x4000_0000_0000_0000 == 0, mantissa: m, exponent: e)
    }

    /// Plain decimal text without exponent or trailing zeros, as xrpl-py and rippled's JSON print it.
    public var description: String {
        guard mantissa != 0 else { return "0" }
        var m = mantissa
        var e = exponent
        while m % 10 == 0 {
            m /= 10
            e += 1
        }
        let digits = String(m)
        let body: String
        if e >= 0 {
            body = digits + String(repeating: "0", count: e)
        } else if -e < digits.count {
            let cut = digits.index(digits.endIndex, offsetBy: e)
            body = digits[..<cut] + "." + digits[cut...]
        } else {
            body = "0." + String(repeating: "0", count: -e - digits.count) + digits
        }
        return (isNegative ? "-" : "") + body
    }
}

/// A decimal number in text, split into its digits and a base-10 exponent, with no rounding.
struct DecimalText {
    var isNegative: Bool
    var digits: [UInt8]
    var exponent: Int

    init(_ text: String, field: String) throws {
        var s = Substring(text)
        isNegative = false
        if s.first == "-" {
            isNegative = true
            s = s.dropFirst()
        } else if s.first == "+" {
            s = s.dropFirst()
        }
        var mantissaPart = s
        var expValue = 0
        if let eIdx = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissaPart = s[..<eIdx]
            var expText = s[s.index(after: eIdx)...]
            var negExp = false
            if expText.first == "-" || expText.first == "+" {
                negExp = expText.first == "-"
                expText = expText.dropFirst()
            }
            guard !expText.isEmpty, expText.count <= 6, expText.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(expText) else {
                throw XRPLError.invalidFieldValue(field: field, reason: "\"\(text)\" is not a decimal number")
            }
            expValue = negExp ? -v : v
        }
        let parts = mantissaPart.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        let fracPart = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && fracPart.isEmpty),
            (intPart + fracPart).allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fracPart.isEmpty || !intPart.isEmpty
        else {
            throw XRPLError.invalidFieldValue(field: field, reason: "\"\(text)\" is not a decimal number")
        }
        digits = (intPart + fracPart).map { UInt8($0.asciiValue! - 48) }
        exponent = expValue - fracPart.count
    }
}
