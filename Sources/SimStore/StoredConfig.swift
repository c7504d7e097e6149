import Foundation
import GRDB
import LedgerSim

/// The settings a chain cannot change once started: its network id and first ledger. Stored
/// with the schema; a restart that names other values is refused (the stored ones are not
/// silently taken), since a client pointed at "network 1025" must not find itself on another
/// chain, and a different start would not be the same history.
enum StoredConfig {
    static func write(_ config: SimConfig, _ db: Database) throws {
        for (key, value) in values(config) {
            try db.execute(sql: "INSERT INTO config (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    static func values(_ config: SimConfig) -> [(String, String)] {
        [("network_id", String(config.networkID)), ("start_ledger", String(config.startLedger))]
    }

    static func check(_ config: SimConfig, in queue: DatabaseQueue, path: String) throws {
        let stored: [String: String]
        do {
            stored = try queue.read { db in
                Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM config").map { (try $0.decode(String.self, forColumn: "key"), try $0.decode(String.self, forColumn: "value")) }) { a, _ in a }
            }
        } catch {
            throw SimStoreError.io("read the config of", path, error)
        }
        for (key, value) in values(config) {
            guard let kept = stored[key] else { throw SimStoreError.notADatabase(path, "config has no \(key)") }
            if kept != value {
                let flag = "--" + key.replacingOccurrences(of: "_", with: "-")
                throw SimStoreError(
                    "\(path) holds a chain with \(key) \(kept), but \(flag) is \(value): restart with \(flag) \(kept), or use another --state-dir")
            }
        }
    }
}
