import Foundation
import LedgerSim

/// A ledger's state changes as one blob, as they wait in `state_diffs` for `state`.
///
/// Why: an upsert into `state` costs SQLite ~3.5 µs an object; packed, the synchronous part of
/// a ledger's write pays ~0.5 µs an object, and the upserts run after it on the store's queue
/// (`SimStore.materialize`), where they hold no one up. A restart replays what is still waiting.
///
/// Layout: a version byte, then per change: the object's ledger index and, for a put, its JSON
/// (length-prefixed, `PackBytes`), absent for a delete.
package enum StateDiffPack {
    static let version: UInt8 = 1

    /// One row's fate: the JSON to store under `index`, or nil to delete it.
    package struct Row: Equatable {
        package let index: String
        package let object: String?

        package init(index: String, object: String?) {
            self.index = index
            self.object = object
        }
    }

    package static func rows(_ changes: [StateChange]) -> [Row] {
        changes.map { change in
            switch change {
            case .put(let entry): Row(index: entry.index, object: entry.jsonText)
            case .delete(let index): Row(index: index, object: nil)
            }
        }
    }

    package static func encode(_ rows: [Row]) -> Data {
        var out: [UInt8] = [version]
        out.reserveCapacity(rows.count * 400)
        for row in rows {
            PackBytes.field(row.index, into: &out)
            if let object = row.object { PackBytes.field(object, into: &out) } else { PackBytes.absentField(into: &out) }
        }
        return Data(out)
    }

    package static func decode(_ data: Data) throws -> [Row] {
        var r = PackBytes.Reader([UInt8](data))
        guard try r.byte() == version else { throw PackError("state diff of an unknown version") }
        var out: [Row] = []
        while !r.atEnd {
            guard let index = try r.text() else { throw PackError("state diff row without an index") }
            out.append(Row(index: index, object: try r.text()))
        }
        return out
    }
}
