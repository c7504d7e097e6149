import Foundation
/// A 160-bit currency code: a standard 3-character code, or 40 hex digits (XRPL-PROTOCOL 5.9).
public struct CurrencyCode: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public static let xrp = CurrencyCode(uncheckedBytes: [UInt8](repeating: 0, count: 20))
    private static let isoExtra = Set("?!@#$%^&*<>(){}[]|".utf8)

    init(uncheckedBytes: [UInt8]) { self.bytes = uncheckedBytes }

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 20 else { throw XRPLError.malformedBinary("a currency code is 20 bytes") }
        self.bytes = bytes
    }

    /// "USD", "XRP" (all zeros, only valid where the protocol allows it) or 40 hex digits.
    public init(_ text: String) throws {
        if text == "XRP" {
            self = .xrp
            return
        }
        let u = Array(text.utf8)
        if u.count == 3 {
            guard u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || Self.isoExtra.contains($0) }) else {
                throw XRPLError.invalidFieldValue(field: "currency", reason: "\"\(text)\" is not a valid currency code")
            }
            bytes = [UInt8](repeating: 0, count: 12) + u + [UInt8](repeating: 0, count: 5)
            return
        }
        guard u.count == 40, let b = try? Hex.decode(text) else {
            throw XRPLError.invalidFieldValue(field: "currency", reason: "\"\(text)\" is neither a 3-character code nor 40 hex digits")
        }
        bytes = b
    }

    public var isXRP: Bool { bytes.allSatisfy { $0 == 0 } }

    /// The standard 3-character form when the bytes have that shape, else 40 hex digits.
    public var description: String {
        if isXRP { return "XRP" }
        let iso = bytes[12..<15]
        let isStandard = bytes[0..<12].allSatisfy { $0 == 0 } && bytes[15..<20].allSatisfy { $0 == 0 }
        if isStandard, let s = String(bytes: iso, encoding: .ascii), s != "XRP",
            iso.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        {
            return s
        }
        return Hex.encode(bytes)
    }
}
