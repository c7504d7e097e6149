/// Navigation keys that arrive as raw escape sequences.
///
/// ncurses turns a key's escape sequence into a key code only when $TERM's terminfo entry
/// describes it; Home and End in particular are missing or different in many entries (vt100,
/// screen under some emulators, xterm's "application mode" variants). Without this, Home would
/// arrive as Esc, '[', 'H' — closing an overlay and then typing two letters. So the bytes that
/// follow an Esc are matched against the common VT100/xterm/rxvt forms first.
public enum EscapeSequence {
    /// The key spelled by the characters that followed an Esc, and how many of them it used;
    /// nil when they spell nothing known (the Esc is then a plain Esc).
    public static func decode(_ following: [Character]) -> (key: Key, length: Int)? {
        guard let intro = following.first, intro == "[" || intro == "O" else { return nil }
        // ESC [ X and ESC O X: cursor keys, and Home/End in xterm's two modes.
        if following.count >= 2, let key = final[following[1]] { return (key, 2) }
        // ESC [ n ~: the VT220/rxvt forms.
        guard intro == "[" else { return nil }
        var digits = ""
        for (i, c) in following.dropFirst().enumerated() {
            if c.isASCII, c.isNumber, digits.count < 2 {
                digits.append(c)
            } else if c == "~", let key = Int(digits).flatMap({ tilde[$0] }) {
                return (key, i + 2)
            } else {
                return nil
            }
        }
        return nil
    }

    private static let final: [Character: Key] = ["A": .up, "B": .down, "H": .home, "F": .end, "P": .function(1)]
    private static let tilde: [Int: Key] = [
        1: .home, 7: .home, 4: .end, 8: .end, 5: .pageUp, 6: .pageDown, 11: .function(1), 21: .function(10),
    ]
}
