/// Length-prefixed byte fields, for the blobs a ledger row packs (`TransactionPack`,
/// `StateDiffPack`): u32 big-endian length, 0xFFFFFFFF for an absent field, then the bytes.
enum PackBytes {
    static let absent = UInt32.max

    static func field(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        length(UInt32(bytes.count), into: &out)
        out.append(contentsOf: bytes)
    }

    static func field(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { field($0, into: &out) }
    }

    static func absentField(into out: inout [UInt8]) { length(absent, into: &out) }

    private static func length(_ n: UInt32, into out: inout [UInt8]) {
        out.append(UInt8(n >> 24))
        out.append(UInt8((n >> 16) & 0xFF))
        out.append(UInt8((n >> 8) & 0xFF))
        out.append(UInt8(n & 0xFF))
    }

    /// Reads fields back; throws on anything cut short.
    struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at >= bytes.count }

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func take(_ n: Int) throws -> [UInt8] {
            guard n >= 0, n <= bytes.count - at else { throw PackError("packed blob cut short") }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }

        mutating func byte() throws -> UInt8 { try take(1)[0] }

        mutating func field() throws -> [UInt8]? {
            let n = try take(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return n == PackBytes.absent ? nil : try take(Int(n))
        }

        mutating func text() throws -> String? { try field().map { String(decoding: $0, as: UTF8.self) } }
    }
}

struct PackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
