/// Base58 with the XRPL alphabet (XRPL-PROTOCOL 6.1).
///
/// The alphabet starts with 'r', so a zero byte encodes as 'r' — which is why every classic
/// address (version byte 0x00) begins with "r".
public enum Base58 {
    static let alphabet = Array("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz".utf8)
    private static let index: [Int8] = {
        var t = [Int8](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix(while: { $0 == 0 }).count
        // Base-58 digits, little end first; big-number division by 58 one byte at a time.
        var digits = [UInt8]()
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for j in 0..<digits.count {
                carry += Int(digits[j]) << 8
                digits[j] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: out, as: UTF8.self)
    }

    /// The longest text `decode` accepts. Decoding is quadratic in the length (a big-number
    /// multiply per character), so an unbounded input is a denial of service: a 200 KB
    /// `account` took 22 s. The longest base58 string the XRPL uses is a 53-character public
    /// key (an X-address is 47, a classic address at most 35); 128 leaves room and costs
    /// microseconds.
    public static let maxEncodedLength = 128

    public static func decode(_ text: String) throws -> [UInt8] {
        guard text.utf8.count <= maxEncodedLength else {
            throw XRPLError.invalidBase58("\(text.utf8.count) characters is longer than any XRPL base58 value (at most \(maxEncodedLength))")
        }
        let chars = Array(text.utf8)
        guard !chars.isEmpty else { throw XRPLError.invalidBase58("empty string") }
        let zeros = chars.prefix(while: { $0 == alphabet[0] }).count
        var bytes = [UInt8]()
        for (pos, c) in chars.enumerated().dropFirst(zeros) {
            guard c < 128, index[Int(c)] >= 0 else {
                throw XRPLError.invalidBase58("character \(pos + 1) is not in the XRPL alphabet")
            }
            var carry = Int(index[Int(c)])
            for j in 0..<bytes.count {
                carry += Int(bytes[j]) * 58
                bytes[j] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// Base58Check: payload ‖ first 4 bytes of SHA256(SHA256(payload)).
    public static func encodeChecked(_ payload: [UInt8]) -> String {
        encode(payload + checksum(payload))
    }

    /// Decodes and verifies the 4-byte checksum; returns the payload (version + data).
    public static func decodeChecked(_ text: String) throws -> [UInt8] {
        let raw = try decode(text)
        guard raw.count > 4 else { throw XRPLError.invalidBase58("too short to carry a checksum") }
        let payload = Array(raw.dropLast(4))
        guard Array(raw.suffix(4)) == checksum(payload) else {
            throw XRPLError.badChecksum("the base58 checksum does not match")
        }
        return payload
    }

    static func checksum(_ payload: [UInt8]) -> [UInt8] {
        Array(Hashing.sha256(Hashing.sha256(payload)).prefix(4))
    }
}
