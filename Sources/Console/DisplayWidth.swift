/// Terminal columns a character takes, from a small built-in table rather than libc `wcwidth`,
/// which answers −1 for anything non-ASCII under the "C" locale (a `swift test` process never
/// calls setlocale), and would make golden tests depend on the environment (TUI-NOTES §1.5).
/// Box drawing, block elements and arrows count as one column (the "ambiguous" width that
/// Western terminals use).
public func displayWidth(_ c: Character) -> Int {
    guard let s = c.unicodeScalars.first else { return 0 }
    let v = s.value
    if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
    if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
        || (0x20000...0x3FFFD).contains(v)
    {
        return 2
    }
    return 1
}

public func displayWidth(_ s: String) -> Int { s.reduce(0) { $0 + displayWidth($1) } }

extension String {
    /// Cut to `width` columns (with "…" when cut) and pad with spaces to exactly `width`, or
    /// right-align when `right`: the one place table cells get their size.
    func fitted(_ width: Int, right: Bool = false) -> String {
        guard width > 0 else { return "" }
        var w = displayWidth(self)
        var s = self
        if w > width {
            var out = ""
            var used = 0
            for ch in self {
                let cw = displayWidth(ch)
                if used + cw > width - 1 { break }
                out.append(ch)
                used += cw
            }
            s = out + "…"
            w = used + 1
        }
        let pad = String(repeating: " ", count: max(0, width - w))
        return right ? pad + s : s + pad
    }
}
