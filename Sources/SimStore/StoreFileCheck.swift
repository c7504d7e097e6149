import Foundation
import GRDB

/// Looks at an existing database before anything opens it for writing, so a file we cannot use
/// is refused with its main file byte-for-byte as it was: the SQLite header is read by hand,
/// then the file is opened read-only for its schema version and `quick_check`.
enum StoreFileCheck {
    /// What the file holds.
    enum Verdict: Equatable {
        /// No file, or an SQLite file with none of our tables yet: to be created.
        case fresh
        /// Our schema at this version.
        case existing(version: Int)
    }

    static func inspect(path: String) throws -> Verdict {
        guard FileManager.default.fileExists(atPath: path) else { return .fresh }
        try checkHeader(path)
        do {
            let db = try readOnly(path)
            defer { try? db.close() }
            return try db.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > StoreSchema.version {
                    throw SimStoreError.newerSchema(path, found: version, supported: StoreSchema.version)
                }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw SimStoreError.notADatabase(path, "quick_check: \(check.first ?? "no answer")")
                }
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                if version == 0 {
                    guard tables.isEmpty else { throw SimStoreError.notADatabase(path, "an SQLite file of something else") }
                    return .fresh
                }
                guard StoreSchema.tables.isSubset(of: tables) else {
                    throw SimStoreError.notADatabase(path, "tables missing: \(StoreSchema.tables.subtracting(tables).sorted().joined(separator: ", "))")
                }
                return .existing(version: version)
            }
        } catch let e as SimStoreError {
            throw e
        } catch {
            throw SimStoreError.notADatabase(path, StoreText.oneLine(error))
        }
    }

    /// A connection that cannot change the file, for everything that may refuse it.
    static func readOnly(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.label = "seqwatch-sim-read"
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw SimStoreError.notADatabase(path, StoreText.oneLine(error))
        }
    }

    /// The 100-byte SQLite header: magic, page size, and a file no shorter than the pages its
    /// header counts (a truncated copy fails here before SQLite sees it).
    static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SimStoreError.notADatabase(path, "cannot be read")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        let size = (try? handle.seekToEnd()) ?? 0
        guard !header.isEmpty else { throw SimStoreError.notADatabase(path, "empty file") }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw SimStoreError.notADatabase(path, "no SQLite header")
        }
        func be32(_ at: Int) -> UInt64 { header[at..<at + 4].reduce(0) { $0 << 8 | UInt64($1) } }
        let rawPageSize = UInt64(header[16]) << 8 | UInt64(header[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else { throw SimStoreError.notADatabase(path, "bad page size") }
        guard size % pageSize == 0 else { throw SimStoreError.notADatabase(path, "truncated: \(size) bytes is not whole pages") }
        // The page count in the header is valid only while its change counter matches.
        let pages = be32(28)
        if be32(24) == be32(92), pages > 0, size < pages * pageSize {
            throw SimStoreError.notADatabase(path, "truncated: \(size) bytes of \(pages * pageSize)")
        }
    }
}
