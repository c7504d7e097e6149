@preconcurrency import CNCurses
import Foundation

/// The only type that talks to ncurses. MainActor-isolated, so every curses call happens on one
/// thread (ncurses is not thread-safe; TUI-NOTES §1.4). It opens the terminal with `newterm`
/// (which fails softly, unlike `initscr`), reads keys without blocking, and copies only the
/// rows of the cell buffer that changed since the previous frame.
@MainActor
public final class NcursesTerminal {
    private var previous: CellBuffer?
    private var pairs: [CellStyle.Color: Int16] = [:]
    private let colors: Bool
    private var open = true

    /// Opens the terminal, or returns nil when it cannot be (no terminfo entry for $TERM…).
    public init?(monochrome: Bool) {
        guard cnc_open() != nil else { return nil }
        cnc_install_crash_handlers()
        let w = cnc_stdscr()
        cbreak()
        noecho()
        keypad(w, true)
        nodelay(w, true)
        // No wait after an Esc inside ncurses: a resize (SIGWINCH) arriving during that wait
        // made ncurses drop the key typed next (an Esc, a resize, then `q` did not quit). Keys'
        // sequences arrive in one write and are matched from what is already buffered, by
        // ncurses or by `EscapeSequence`.
        set_escdelay(0)
        curs_set(0)
        var useColor = false
        if !monochrome, has_colors() {
            start_color()
            use_default_colors()
            useColor = true
        }
        colors = useColor
        werase(w)
    }

    public var size: (width: Int, height: Int) { (Int(cnc_cols()), Int(cnc_lines())) }

    /// Restores the terminal. Called before the engine is stopped, so whatever happens next is
    /// readable on a normal screen.
    public func close() {
        guard open else { return }
        open = false
        cnc_close()
    }

    /// One unit of input as ncurses delivers it: a decoded key code or a character.
    private enum RawInput {
        case code(Int32)
        case char(UInt32)
    }

    /// Input read ahead while looking at what followed an Esc, delivered before anything new.
    private var pushback: [RawInput] = []

    private func nextRaw() -> RawInput? {
        if !pushback.isEmpty { return pushback.removeFirst() }
        var ch: UInt32 = 0
        let r = cnc_get_wch(&ch)
        if r == ERR { return nil }
        return r == cnc_key_code_yes() ? .code(Int32(bitPattern: ch)) : .char(ch)
    }

    /// The next pending key, or nil when none is waiting.
    public func readKey() -> Key? {
        guard let raw = nextRaw() else { return nil }
        switch raw {
        case .code(let code):
            return Self.key(code: code)
        case .char(27):
            // A sequence the terminfo entry did not describe arrives as Esc plus its bytes,
            // all already waiting; look at up to four of them.
            var following: [Character] = []
            var read: [RawInput] = []
            while following.count < 4, let next = nextRaw() {
                read.append(next)
                guard case .char(let c) = next, let scalar = Unicode.Scalar(c) else { break }
                following.append(Character(scalar))
            }
            if let (key, length) = EscapeSequence.decode(following) {
                pushback = Array(read.dropFirst(length)) + pushback
                return key
            }
            pushback = read + pushback
            return .escape
        case .char(let ch):
            return Self.key(char: ch)
        }
    }

    private static func key(code: Int32) -> Key? {
        switch code {
        case cnc_key_resize(): return .resize
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .tab
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    private static func key(char ch: UInt32) -> Key? {
        switch ch {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(ch) + 96)))
        default:
            guard let scalar = Unicode.Scalar(ch), ch >= 32 else { return nil }
            return .char(Character(scalar))
        }
    }

    /// After a resize: forget the previous frame and clear, so the next one is drawn in full.
    public func invalidate() {
        previous = nil
        werase(cnc_stdscr())
    }

    /// Copies the rows that changed to ncurses (one `mvaddstr` per run of same-styled cells),
    /// then lets `doupdate` send the smallest update to the terminal.
    public func present(_ buf: CellBuffer) {
        let rows = buf.changedRows(since: previous)
        guard !rows.isEmpty else { return }
        guard buf.width > 0 else { return }
        let lastCol = buf.width - 1
        for y in rows {
            // Writing the bottom-right cell scrolls some terminals; leave it alone (and a wide
            // character that would reach it).
            var end = buf.width
            if y == buf.height - 1 { end = buf[lastCol, y].isContinuation ? lastCol - 1 : lastCol }
            var x = 0
            while x < end {
                let style = buf[x, y].style
                var start: Int?
                var run = ""
                while x < end, buf[x, y].style == style {
                    // A continuation cell is drawn by the wide character before it.
                    if !buf[x, y].isContinuation {
                        if start == nil { start = x }
                        run.append(buf[x, y].character)
                    }
                    x += 1
                }
                if let start { _ = cnc_put(Int32(y), Int32(start), run, attrs(style), pair(style)) }
            }
        }
        previous = buf
        wnoutrefresh(cnc_stdscr())
        doupdate()
    }

    private func attrs(_ s: CellStyle) -> attr_t {
        var a: attr_t = 0
        if s.bold { a |= cnc_a_bold() }
        if s.reverse { a |= cnc_a_reverse() }
        if s.dim { a |= cnc_a_dim() }
        return a
    }

    private func pair(_ s: CellStyle) -> Int16 {
        guard colors, s.foreground != .normal else { return 0 }
        if let p = pairs[s.foreground] { return p }
        let p = Int16(pairs.count + 1)
        let fg: Int16
        switch s.foreground {
        case .normal: fg = -1
        case .red: fg = Int16(COLOR_RED)
        case .green: fg = Int16(COLOR_GREEN)
        case .yellow: fg = Int16(COLOR_YELLOW)
        case .blue: fg = Int16(COLOR_BLUE)
        case .magenta: fg = Int16(COLOR_MAGENTA)
        case .cyan: fg = Int16(COLOR_CYAN)
        case .white: fg = Int16(COLOR_WHITE)
        }
        init_pair(p, fg, -1)
        pairs[s.foreground] = p
        return p
    }
}
