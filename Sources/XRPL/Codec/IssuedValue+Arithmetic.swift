/// Decimal arithmetic on issued values the way rippled's STAmount does it: exact while the result
/// fits 16 significant digits, truncated toward zero beyond that, zero below 1e-96. The simulator
/// moves trust-line balances with it and the engine compares limits with it.
extension IssuedValue: Comparable {
    /// Builds a value from any signed mantissa and exponent, normalising into rippled's range.
    /// Throws when the magnitude exceeds the largest representable value.
    public init(mantissa: Int128, exponent: Int) throws {
        var m = mantissa.magnitude
        var e = exponent
        let negative = mantissa < 0
        if m == 0 {
            self = .zero
            return
        }
        while m > UInt128(Self.maxMantissa) {
            m /= 10
            e += 1
        }
        while m < UInt128(Self.minMantissa) {
            m *= 10
            e -= 1
        }
        if e < Self.minExponent {
            self = .zero
            return
        }
        guard e <= Self.maxExponent else {
            throw XRPLError.amountOutOfRange("issued value overflows (exponent \(e) > 80)")
        }
        self.init(isNegative: negative, mantissa: UInt64(m), exponent: e)
    }

    public var negated: IssuedValue { IssuedValue(isNegative: !isNegative, mantissa: mantissa, exponent: exponent) }

    public var signum: Int { isZero ? 0 : (isNegative ? -1 : 1) }

    /// The sum, aligned on the larger exponent like STAmount (digits below it are dropped).
    public static func + (a: IssuedValue, b: IssuedValue) throws -> IssuedValue {
        if a.isZero { return b }
        if b.isZero { return a }
        var (am, ae) = (Int128(a.mantissa) * (a.isNegative ? -1 : 1), a.exponent)
        var (bm, be) = (Int128(b.mantissa) * (b.isNegative ? -1 : 1), b.exponent)
        // Align on the larger exponent; a term more than 17 digits smaller vanishes.
        while ae < be {
            am /= 10
            ae += 1
            if am == 0 { return b }
        }
        while be < ae {
            bm /= 10
            be += 1
            if bm == 0 { return a }
        }
        return try IssuedValue(mantissa: am + bm, exponent: ae)
    }

    public static func - (a: IssuedValue, b: IssuedValue) throws -> IssuedValue {
        try a + b.negated
    }

    public static func < (a: IssuedValue, b: IssuedValue) -> Bool {
        if a.signum != b.signum { return a.signum < b.signum }
        if a.isZero { return false }
        // Same sign, both non-zero: normalised, so the exponent decides first.
        let magnitudeLess = a.exponent != b.exponent ? a.exponent < b.exponent : a.mantissa < b.mantissa
        let magnitudeEqual = a.exponent == b.exponent && a.mantissa == b.mantissa
        if magnitudeEqual { return false }
        return a.isNegative ? !magnitudeLess : magnitudeLess
    }
}
