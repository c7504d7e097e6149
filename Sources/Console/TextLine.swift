/// A line made of styled pieces, drawn left to right and clipped: headers, footers, log lines.
public struct TextLine {
    public var spans: [(String, CellStyle)] = []

    public init(_ spans: [(String, CellStyle)] = []) { self.spans = spans }

    public mutating func add(_ text: String, _ style: CellStyle) { spans.append((text, style)) }

    public var width: Int { spans.reduce(0) { $0 + displayWidth($1.0) } }

    @discardableResult
    public func draw(x: Int, y: Int, maxWidth: Int, into buf: inout CellBuffer) -> Int {
        var col = x
        for (text, style) in spans {
            let left = x + maxWidth - col
            if left <= 0 { break }
            col += buf.write(text, x: col, y: y, style: style, maxWidth: left)
        }
        return col - x
    }
}
