/// One character cell of the screen and its style.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character = " ", style: CellStyle = .normal) {
        self.character = character
        self.style = style
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
    /// One cell per character: zero-width characters are dropped and double-width ones become
    /// "?", so a stray CJK or emoji in a message can never shift the columns after it.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width - max(0, x), maxWidth ?? Int.max)
        var col = x
        var used = 0
        for ch in text {
            if used >= limit { break }
            let w = displayWidth(ch)
            if w == 0 { continue }
            if col >= 0 { self[col, y] = Cell(w == 1 ? ch : "?", style: style) }
            col += 1
            used += 1
        }
        return used
    }

    /// Fills a rectangle with one character and style (clears panels and overlays).
    public mutating func fill(_ rect: Rect, _ character: Character = " ", style: CellStyle = .normal) {
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) { self[x, y] = Cell(character, style: style) }
        }
    }

    /// Restyles a row segment without changing its characters (selection highlight).
    public mutating func restyle(y: Int, x: Int, width w: Int, _ transform: (CellStyle) -> CellStyle) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + w) { self[col, y].style = transform(self[col, y].style) }
    }

    /// Row `y` as text, for golden tests and screenshots.
    public func line(_ y: Int) -> String {
        String(cells[y * width..<(y + 1) * width].map(\.character))
    }

    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Rows that differ from `previous` (all rows when the size changed): what to flush.
    public func changedRows(since previous: CellBuffer?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in cells[y * width..<(y + 1) * width] != previous.cells[y * width..<(y + 1) * width] }
    }
}
