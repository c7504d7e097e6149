import XRPL

/// One side of an order book: XRP, or a currency and its issuer. `Book` is rippled's
/// `{in, out}` pair: what the taker pays and what the taker gets.
package struct BookAsset: Hashable, Sendable, CustomStringConvertible {
    /// nil for XRP.
    let currency: CurrencyCode?
    let issuer: String?

    static let xrp = BookAsset(currency: nil, issuer: nil)

    init(currency: CurrencyCode?, issuer: String?) {
        self.currency = currency
        self.issuer = issuer
    }

    /// The asset an amount is in; nil for MPT amounts, which no modelled offer holds.
    init?(_ amount: Amount) {
        switch amount {
        case .xrp: self = .xrp
        case .issued(_, let c, let i): self.init(currency: c, issuer: i)
        case .mpt: return nil
        }
    }

    package var description: String { currency.map { "\($0)/\(issuer ?? "")" } ?? "XRP" }
}

package struct Book: Hashable, Sendable {
    /// TakerPays' asset (rippled's `book.in`).
    let pays: BookAsset
    /// TakerGets' asset (rippled's `book.out`).
    let gets: BookAsset
}

/// An offer's place in a book: the book and the quality its BookDirectory carries.
package struct BookTier: Hashable, Sendable {
    let book: Book
    let quality: UInt64
}

/// rippled's offer quality (`getRate(offerOut, offerIn)`): TakerPays / TakerGets as an
/// STAmount, packed as `(exponent + 100) << 56 | mantissa`, so a smaller number is a better
/// price for the taker and plain integer order is book order. Computed like STAmount's
/// `divide`: both sides normalised to 16-digit mantissas, 10^17 scaling, +5 rounding, then
/// truncated back to 16 digits.
enum BookQuality {
    static func rate(pays: Amount, gets: Amount) -> UInt64? {
        guard let (pm, pe) = mantissa(pays), let (gm, ge) = mantissa(gets), pm != 0, gm != 0 else { return nil }
        let q = UInt128(pm) * UInt128(100_000_000_000_000_000) / UInt128(gm) + 5
        // Normalising truncates back to 16 digits, as STAmount's constructor does.
        guard q <= UInt128(Int128.max), let v = try? IssuedValue(mantissa: Int128(q), exponent: pe - ge - 17), !v.isZero else { return nil }
        return UInt64(v.exponent + 100) << 56 | v.mantissa
    }

    /// The quality as rippled prints it (`amountFromQuality(q).getText()`).
    static func text(_ quality: UInt64) -> String {
        let m = quality & 0x00FF_FFFF_FFFF_FFFF
        let e = Int(quality >> 56) - 100
        return (try? IssuedValue(mantissa: Int128(m), exponent: e))?.description ?? "0"
    }

    /// The quality as a decimal value, for arithmetic (funded amounts).
    static func value(_ quality: UInt64) -> IssuedValue {
        (try? IssuedValue(mantissa: Int128(quality & 0x00FF_FFFF_FFFF_FFFF), exponent: Int(quality >> 56) - 100)) ?? .zero
    }

    /// A positive amount's normalised mantissa and exponent (drops count as an integer value).
    private static func mantissa(_ a: Amount) -> (UInt64, Int)? {
        switch a {
        case .xrp(let d):
            guard d > 0 else { return nil }
            var (m, e) = (d, 0)
            while m < IssuedValue.minMantissa {
                m *= 10
                e -= 1
            }
            return (m, e)
        case .issued(let v, _, _):
            guard v.signum > 0 else { return nil }
            return (v.mantissa, v.exponent)
        case .mpt:
            return nil
        }
    }
}
