/// A titled box: the frame every section of the screen sits in. Drawing it clears the inside,
/// so a panel never shows leftovers of the previous frame.
public struct Panel {
    public var title: String
    public var focused: Bool

    public init(_ title: String, focused: Bool = false) {
        self.title = title
        self.focused = focused
    }

    /// Draws the frame and returns the inside.
    @discardableResult
    public func draw(in r: Rect, into buf: inout CellBuffer, theme: Theme) -> Rect {
        guard r.width >= 2, r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
        let b = focused ? theme.title : theme.border
        buf.fill(r)
        buf.write("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: b)
        for y in r.y + 1..<r.maxY - 1 {
            buf.write("│", x: r.x, y: y, style: b)
            buf.write("│", x: r.maxX - 1, y: y, style: b)
        }
        buf.write("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.maxY - 1, style: b)
        if !title.isEmpty, r.width > 6 {
            buf.write(" \(title) ", x: r.x + 2, y: r.y, style: theme.title, maxWidth: r.width - 4)
        }
        return r.inset(1)
    }
}
