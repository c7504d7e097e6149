/// One character cell of the screen and its style.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: CellStyle
    /// The right half of a double-width character drawn in the cell to its left. It holds
    /// nothing of its own: the terminal fills it when it draws that character.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: CellStyle = .normal) {
        self.character = character
        self.style = style
        self.isContinuation = false
    }

    static func continuation(style: CellStyle) -> Cell {
        var c = Cell(" ", style: style)
        c.isContinuation = true
        return c
    }
}

/// Text attributes a cell can carry; the ncurses layer maps them to colour pairs and attrs.
public struct CellStyle: Sendable, Equatable, Hashable {
    public enum Color: UInt8, Sendable { case normal, red, green, yellow, blue, magenta, cyan, white }
    public var foreground: Color
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: Color = .normal, bold: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
    }

    public static let normal = CellStyle()
}

/// The screen as plain data: widgets draw here, tests read it, and only the ncurses type
/// copies it (changed rows only) to the terminal.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y), clipped to the buffer and to `maxWidth`; returns the columns used.
    ///
    /// A double-width character (CJK, most emoji) takes two cells: itself and a continuation, as
    /// a terminal draws it, so the columns after it stay where `displayWidth` and
    /// `String.fitted` put them. One that would be cut in half by the clip becomes a blank.
    /// Zero-width characters are dropped.
    ///
    /// Text cut by the clip ends in "…" in its last column, so a cut value never passes for a
    /// whole one (`ellipsis: false` for the pieces of a line that handles its own cut).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width - max(0, x), maxWidth ?? Int.max)
        guard limit > 0 else { return 0 }
        if ellipsis, displayWidth(text) > limit {
            let used = write(text, x: x, y: y, style: style, maxWidth: limit - 1, ellipsis: false)
            put("…", at: x + used, y: y, style: style)
            return used + 1
        }
        var col = x
        var used = 0
        for ch in text {
            if used >= limit { break }
            let w = displayWidth(ch)
            if w == 0 { continue }
            if used + w > limit {
                // Half a wide character would not fit: blank the last column instead.
                put(" ", at: col, y: y, style: style)
                used += 1
                break
            }
            if w == 2 {
                if col >= 0, col + 1 < width {
                    put(ch, at: col, y: y, style: style)
                    breakWide(col + 1, y)
                    self[col + 1, y] = .continuation(style: style)
                } else {
                    put(" ", at: col, y: y, style: style)
                    put(" ", at: col + 1, y: y, style: style)
                }
            } else {
                put(ch, at: col, y: y, style: style)
            }
            col += w
            used += w
        }
        return used
    }

    /// One cell, if it is on the buffer, keeping wide characters whole.
    private mutating func put(_ ch: Character, at x: Int, y: Int, style: CellStyle) {
        guard x >= 0, x < width else { return }
        breakWide(x, y)
        self[x, y] = Cell(ch, style: style)
    }

    /// Before a cell is overwritten: if it is half of a double-width character, blank the other
    /// half, so no orphaned half is ever left for the terminal to misdraw.
    private mutating func breakWide(_ x: Int, _ y: Int) {
        if self[x, y].isContinuation {
            if x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        } else if x + 1 < width, self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
    }

    /// Fills a rectangle with one character and style (clears panels and overlays).
    public mutating func fill(_ rect: Rect, _ character: Character = " ", style: CellStyle = .normal) {
        let columns = max(0, rect.x)..<min(width, rect.x + rect.width)
        guard !columns.isEmpty else { return }
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            // Only the edges can cut a wide character; the inside is overwritten anyway.
            breakWide(columns.lowerBound, y)
            breakWide(columns.upperBound - 1, y)
            for x in columns { self[x, y] = Cell(character, style: style) }
        }
    }

    /// Restyles a row segment without changing its characters (selection highlight).
    public mutating func restyle(y: Int, x: Int, width w: Int, _ transform: (CellStyle) -> CellStyle) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { self[col, y].style = transform(self[col, y].style) }
    }

    /// Row `y` as text, for golden tests and screenshots: as wide on a terminal as the buffer
    /// (a double-width character appears once, its continuation cell adds nothing).
    public func line(_ y: Int) -> String {
        String(cells[y * width..<(y + 1) * width].lazy.filter { !$0.isContinuation }.map(\.character))
    }

    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Rows that differ from `previous` (all rows when the size changed): what to flush.
    public func changedRows(since previous: CellBuffer?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in cells[y * width..<(y + 1) * width] != previous.cells[y * width..<(y + 1) * width] }
    }
}
