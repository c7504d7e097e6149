import Foundation
import LedgerSim
import XRPL

/// A ledger's transactions as one byte string, in ledger order: what `ledgers.transactions`
/// holds.
///
/// Why one blob and not a row each: a row costs SQLite a b-tree insert and GRDB a statement
/// step, ~3.6 µs a transaction in a release build, which made the 5,000-transaction ledgers of
/// `bench sim` spend 18 ms of their 40 ms write in transaction rows; packed, they cost a copy.
/// The simulator never looks a transaction up on disk (a restart loads recent ledgers whole),
/// so nothing needs them as rows.
///
/// Layout: a version byte, then per transaction: the hash as 64 ASCII hex digits (as the
/// simulator keeps it; no conversion either way), a trusted flag byte, and four
/// length-prefixed fields (u32 big-endian, 0xFFFFFFFF for absent): result token, signed blob,
/// binary metadata, delivered_amount JSON.
enum TransactionPack {
    static let version: UInt8 = 1
    private static let absent = UInt32.max

    static func encode(_ transactions: [ArchivedTransaction]) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(1 + transactions.reduce(0) { $0 + 160 + $1.blob.count + ($1.metaBlob?.count ?? 0) })
        out.append(version)
        for t in transactions {
            var hash = t.hash
            hash.withUTF8 { out.append(contentsOf: $0) }
            out.append(t.trusted ? 1 : 0)
            var token = t.result.token
            token.withUTF8 { field($0, into: &out) }
            t.blob.withUnsafeBufferPointer { field($0, into: &out) }
            if let meta = t.metaBlob { meta.withUnsafeBufferPointer { field($0, into: &out) } } else { absentField(into: &out) }
            if var delivered = t.deliveredAmount?.serialized() {
                delivered.withUTF8 { field($0, into: &out) }
            } else {
                absentField(into: &out)
            }
        }
        return Data(out)
    }

    private static func field(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        length(UInt32(bytes.count), into: &out)
        out.append(contentsOf: bytes)
    }

    private static func absentField(into out: inout [UInt8]) { length(absent, into: &out) }

    private static func length(_ n: UInt32, into out: inout [UInt8]) {
        out.append(UInt8(n >> 24))
        out.append(UInt8((n >> 16) & 0xFF))
        out.append(UInt8((n >> 8) & 0xFF))
        out.append(UInt8(n & 0xFF))
    }

    /// The transactions back; throws on any byte that does not fit the layout.
    static func decode(_ data: Data) throws -> [ArchivedTransaction] {
        var r = Reader(bytes: [UInt8](data))
        guard try r.byte() == version else { throw PackError("transaction pack of an unknown version") }
        var out: [ArchivedTransaction] = []
        while !r.atEnd {
            let hash = String(decoding: try r.take(64), as: UTF8.self)
            let trusted = try r.byte() == 1
            guard let token = try r.field().flatMap({ String(bytes: $0, encoding: .utf8) }), let result = ResultCode.named(token) else {
                throw PackError("transaction \(hash): no known result")
            }
            guard let blob = try r.field() else { throw PackError("transaction \(hash): no blob") }
            let meta = try r.field()
            var delivered: JSONValue?
            if let text = try r.field() {
                guard let json = try? JSONValue.parse(String(decoding: text, as: UTF8.self)) else {
                    throw PackError("transaction \(hash): delivered_amount is not JSON")
                }
                delivered = json
            }
            out.append(ArchivedTransaction(blob: blob, hash: hash, result: result, metaBlob: meta, deliveredAmount: delivered, trusted: trusted))
        }
        return out
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at >= bytes.count }

        mutating func take(_ n: Int) throws -> [UInt8] {
            guard n >= 0, n <= bytes.count - at else { throw PackError("transaction pack cut short") }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }

        mutating func byte() throws -> UInt8 { try take(1)[0] }

        mutating func field() throws -> [UInt8]? {
            let n = try take(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return n == TransactionPack.absent ? nil : try take(Int(n))
        }
    }
}

struct PackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
