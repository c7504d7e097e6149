/// Column layout for the accounts table (and the detail overlay): fixed minimum widths, spare
/// room shared out to the flexible columns, columns dropped from the right-hand priority list
/// when the screen is narrow.
public struct Table {
    public struct Column: Sendable {
        public var title: String
        public var width: Int
        public var right: Bool
        /// Share of the spare width this column takes (0: fixed).
        public var flex: Int
        /// Lower drops first when there is no room.
        public var priority: Int

        public init(_ title: String, _ width: Int, right: Bool = false, flex: Int = 0, priority: Int = 10) {
            self.title = title
            self.width = width
            self.right = right
            self.flex = flex
            self.priority = priority
        }
    }

    public let columns: [Column]
    /// Width per column (0 for a dropped column).
    public let widths: [Int]

    public init(_ columns: [Column], width: Int) {
        self.columns = columns
        var keep = Array(repeating: true, count: columns.count)
        func used() -> Int {
            let kept = columns.indices.filter { keep[$0] }
            return kept.map { columns[$0].width }.reduce(0, +) + max(0, kept.count - 1)
        }
        while used() > width, let drop = columns.indices.filter({ keep[$0] }).min(by: { columns[$0].priority < columns[$1].priority }) {
            keep[drop] = false
        }
        var w = columns.indices.map { keep[$0] ? columns[$0].width : 0 }
        let spare = width - used()
        let flexTotal = columns.indices.filter { keep[$0] }.map { columns[$0].flex }.reduce(0, +)
        if spare > 0, flexTotal > 0 {
            var given = 0
            for i in columns.indices where keep[i] && columns[i].flex > 0 {
                let add = spare * columns[i].flex / flexTotal
                w[i] += add
                given += add
            }
            if let last = columns.indices.last(where: { keep[$0] && columns[$0].flex > 0 }) { w[last] += spare - given }
        }
        widths = w
    }

    /// One row: each cell fitted to its column; `styles` per cell (nil: `base`).
    public func draw(_ cells: [String], styles: [CellStyle?] = [], base: CellStyle, x: Int, y: Int, into buf: inout CellBuffer) {
        var col = x
        for i in columns.indices where widths[i] > 0 {
            let text = (i < cells.count ? cells[i] : "").fitted(widths[i], right: columns[i].right)
            buf.write(text, x: col, y: y, style: (i < styles.count ? styles[i] : nil) ?? base)
            col += widths[i] + 1
        }
    }

    public func drawHeader(x: Int, y: Int, into buf: inout CellBuffer, style: CellStyle, marks: [Int: String] = [:]) {
        draw(columns.indices.map { columns[$0].title + (marks[$0] ?? "") }, base: style, x: x, y: y, into: &buf)
    }
}
