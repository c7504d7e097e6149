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

    static func encode(_ transactions: [ArchivedTransaction]) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(1 + transactions.reduce(0) { $0 + 160 + $1.blob.count + ($1.metaBlob?.count ?? 0) })
        out.append(version)
        for t in transactions {
            var hash = t.hash
            hash.withUTF8 { out.append(contentsOf: $0) }
            out.append(t.trusted ? 1 : 0)
            PackBytes.field(t.result.token, into: &out)
            t.blob.withUnsafeBufferPointer { PackBytes.field($0, into: &out) }
            if let meta = t.metaBlob { meta.withUnsafeBufferPointer { PackBytes.field($0, into: &out) } } else { PackBytes.absentField(into: &out) }
            if let delivered = t.deliveredAmount { PackBytes.field(delivered.serialized(), into: &out) } else { PackBytes.absentField(into: &out) }
        }
        return Data(out)
    }

    /// The transactions back; throws on any byte that does not fit the layout.
    static func decode(_ data: Data) throws -> [ArchivedTransaction] {
        var r = PackBytes.Reader([UInt8](data))
        guard try r.byte() == version else { throw PackError("transaction pack of an unknown version") }
        var out: [ArchivedTransaction] = []
        while !r.atEnd {
            let hash = String(decoding: try r.take(64), as: UTF8.self)
            let trusted = try r.byte() == 1
            guard let token = try r.text(), let result = ResultCode.named(token) else {
                throw PackError("transaction \(hash): no known result")
            }
            guard let blob = try r.field() else { throw PackError("transaction \(hash): no blob") }
            let meta = try r.field()
            var delivered: JSONValue?
            if let text = try r.text() {
                guard let json = try? JSONValue.parse(text) else { throw PackError("transaction \(hash): delivered_amount is not JSON") }
                delivered = json
            }
            out.append(ArchivedTransaction(blob: blob, hash: hash, result: result, metaBlob: meta, deliveredAmount: delivered, trusted: trusted))
        }
        return out
    }
}
