import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// During the drain after the console has closed, `q` (or Ctrl-C) stops at once, as the
/// console's footer promised. The terminal is back in its normal mode by then, so a `q` would
/// wait for Enter and land in the shell: for the drain only, stdin is put in cbreak mode (no
/// line buffering, no echo, signals still on) and watched with `poll`, and restored after.
final class DrainKeys: Sendable {
    private let saved: Mutex<termios?> = Mutex(nil)
    private let stopped = Atomic<Bool>(false)

    /// Starts watching stdin if it is a terminal; `onQuit` runs (on the watcher's thread) at `q`.
    init(onQuit: @escaping @Sendable () -> Void) {
        guard isatty(STDIN_FILENO) == 1 else { return }
        var t = termios()
        guard tcgetattr(STDIN_FILENO, &t) == 0 else { return }
        saved.withLock { $0 = t }
        var raw = t
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        let thread = Thread { [self] in
            var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            while !stopped.load(ordering: .relaxed) {
                guard poll(&fds, 1, 100) > 0 else { continue }
                var byte: UInt8 = 0
                guard read(STDIN_FILENO, &byte, 1) == 1 else { return }
                if byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q") {
                    restore()
                    onQuit()
                    return
                }
            }
        }
        thread.start()
    }

    /// Puts the terminal back as it was; idempotent.
    func restore() {
        stopped.store(true, ordering: .relaxed)
        saved.withLock {
            if var t = $0 { tcsetattr(STDIN_FILENO, TCSANOW, &t) }
            $0 = nil
        }
    }

    deinit { restore() }
}
