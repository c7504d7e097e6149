import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A state directory problem, in one line for the operator (never a secret).
public struct StateStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Always one line: SQLite's messages may carry newlines.
    public init(_ description: String) { self.description = description.split(whereSeparator: \.isNewline).joined(separator: " ") }
}

/// The engine's state directory (`--state-dir`, default `./.seqwatch/`): the wallet file and the
/// journal live here, and one engine at a time owns it.
///
/// Ownership is an exclusive `flock` on `lock`, held for the life of the process: the kernel drops
/// it when the process dies, even by `kill -9`, so a crash never leaves a stale lock behind (a
/// pid file would). A second engine on the same directory is refused at once, naming the owner.
public final class StateDirectory: Sendable {
    public let path: String
    private let lockDescriptor: Int32

    /// Creates the directory (0700) if it is missing and takes the lock.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StateStoreError("the state directory \(path) is a file, not a directory") }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StateStoreError("cannot create the state directory \(path): \(Self.reason(error))")
            }
        }
        let lockPath = (path as NSString).appendingPathComponent("lock")
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StateStoreError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.owner(fd)
            close(fd)
            throw StateStoreError(
                "the state directory \(path) is in use by another seqwatch\(owner.map { " (pid \($0))" } ?? ""); give another --state-dir")
        }
        // The owner's pid, for the refusal above; the lock itself is the flock, not this text.
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        lockDescriptor = fd
    }

    deinit { close(lockDescriptor) }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    private static func owner(_ fd: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
