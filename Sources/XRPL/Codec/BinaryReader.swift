/// Reads canonical XRPL bytes; every overrun is a `malformedBinary` error, never a trap.
struct BinaryReader {
    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }
    var remaining: Int { bytes.count - position }

    func peek() throws -> UInt8 {
        guard position < bytes.count else { throw XRPLError.malformedBinary("unexpected end of data at byte \(position)") }
        return bytes[position]
    }

    mutating func read(_ n: Int) throws -> [UInt8] {
        guard n >= 0, n <= remaining else {
            throw XRPLError.malformedBinary("needed \(n) bytes at offset \(position), only \(remaining) left")
        }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    mutating func readByte() throws -> UInt8 {
        let b = try peek()
        position += 1
        return b
    }

    mutating func readUInt<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws -> T {
        let raw = try read(MemoryLayout<T>.size)
        return raw.reduce(T(0)) { $0 << 8 | T($1) }
    }

    mutating func readLengthPrefix() throws -> Int {
        let b0 = Int(try readByte())
        switch b0 {
        case 0...192:
            return b0
        case 193...240:
            let b1 = Int(try readByte())
            return 193 + (b0 - 193) * 256 + b1
        case 241...254:
            let b1 = Int(try readByte())
            let b2 = Int(try readByte())
            return 12481 + (b0 - 241) * 65536 + b1 * 256 + b2
        default:
            throw XRPLError.malformedBinary("invalid length prefix byte \(b0) at offset \(position - 1)")
        }
    }

    mutating func readVL() throws -> [UInt8] {
        try read(readLengthPrefix())
    }

    /// Reads a field header (XRPL-PROTOCOL 5.4) and returns (type code, nth).
    mutating func readFieldID() throws -> (type: Int, nth: Int) {
        let first = try readByte()
        var type = Int(first >> 4)
        var nth = Int(first & 0x0F)
        if type == 0 {
            type = Int(try readByte())
            guard type >= 16 else { throw XRPLError.malformedBinary("non-canonical field header (type \(type) encoded long)") }
        }
        if nth == 0 {
            nth = Int(try readByte())
            guard nth >= 16 else { throw XRPLError.malformedBinary("non-canonical field header (nth \(nth) encoded long)") }
        }
        return (type, nth)
    }
}
