/// Appends canonical XRPL bytes: big-endian integers and VL length prefixes (XRPL-PROTOCOL 5.6).
struct BinaryWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func write(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func write<C: Collection>(contentsOf b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }
    mutating func write(_ b: UInt8) { bytes.append(b) }

    mutating func writeUInt<T: FixedWidthInteger>(_ v: T) {
        var be = v.bigEndian
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }

    mutating func writeLengthPrefix(_ length: Int) throws {
        switch length {
        case 0...192:
            bytes.append(UInt8(length))
        case 193...12480:
            let l = length - 193
            bytes.append(UInt8(193 + (l >> 8)))
            bytes.append(UInt8(l & 0xFF))
        case 12481...918_744:
            let l = length - 12481
            bytes.append(UInt8(241 + (l >> 16)))
            bytes.append(UInt8((l >> 8) & 0xFF))
            bytes.append(UInt8(l & 0xFF))
        default:
            throw XRPLError.invalidFieldValue(field: "length", reason: "\(length) bytes is over the 918744-byte VL limit")
        }
    }

    mutating func writeVL(_ b: [UInt8]) throws {
        try writeLengthPrefix(b.count)
        bytes.append(contentsOf: b)
    }
}
