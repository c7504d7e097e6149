import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive claim on a state directory for the life of the process: `flock` on
/// `sim.lock`, so a second simulator on the same directory is refused before it opens the
/// database. SQLite's own locks would not do: in WAL mode two processes may both write, one
/// ledger chain interleaved with the other. The kernel drops the lock when the process dies, so
/// a `kill -9` leaves no stale lock behind.
final class StateDirLock: Sendable {
    /// The locked descriptor; nil once released.
    private let fd: Mutex<Int32?>
    static let fileName = "sim.lock"

    init(directory: String) throws {
        let path = directory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SimStoreError.io("open", path, POSIXErrorText(errno)) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readHolder(fd)
            close(fd)
            throw SimStoreError.locked(directory, holder: holder)
        }
        // The holder's pid, for the refusal message of the next one.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = Mutex(fd)
    }

    /// Gives the directory up (closing the store; also when the lock is dropped).
    func release() {
        fd.withLock { held in
            guard let fd = held else { return }
            flock(fd, LOCK_UN)
            close(fd)
            held = nil
        }
    }

    deinit { release() }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}

/// An errno as text, without Foundation's multi-line NSError descriptions.
struct POSIXErrorText: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
