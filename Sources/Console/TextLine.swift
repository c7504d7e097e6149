/// A line made of styled pieces, drawn left to right and clipped: headers, footers, log lines.
public struct TextLine {
    public var spans: [(String, CellStyle)] = []

    public init(_ spans: [(String, CellStyle)] = []) { self.spans = spans }

    public mutating func add(_ text: String, _ style: CellStyle) { spans.append((text, style)) }

    public var width: Int { spans.reduce(0) { $0 + displayWidth($1.0) } }

    /// Draws the spans, clipped to `maxWidth`; a cut line ends in "…" (in the style of the
    /// span it cuts).
    @discardableResult
    public func draw(x: Int, y: Int, maxWidth: Int, into buf: inout CellBuffer) -> Int {
        let cut = width > maxWidth
        let room = cut ? maxWidth - 1 : maxWidth
        var col = x
        var lastStyle = CellStyle.normal
        for (text, style) in spans {
            let left = x + room - col
            if left <= 0 { break }
            lastStyle = style
            col += buf.write(text, x: col, y: y, style: style, maxWidth: left, ellipsis: false)
        }
        if cut, maxWidth > 0 { col += buf.write("…", x: col, y: y, style: lastStyle) }
        return col - x
    }
}
