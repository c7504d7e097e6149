/// A bar chart with a y axis and a scale: one column per value, eighth-block tops, the axis
/// labelled at 0, half and the top, and an optional second series drawn as a marker at its
/// own height (submitted beside validated). The top is a round number above the largest value,
/// so the scale reads at a glance and does not jitter frame to frame.
public struct BarChart {
    public var values: [Int]
    public var markers: [Int]?
    /// Columns per value (a short series gets wider bars).
    public var columnWidth: Int

    public init(values: [Int], markers: [Int]? = nil, columnWidth: Int = 1) {
        self.values = values
        self.markers = markers
        self.columnWidth = max(1, columnWidth)
    }

    /// Width of the y-axis labels for these values (the chart's x offset of its first bar is this + 1).
    public var labelWidth: Int { String(Self.niceTop(max(values.max() ?? 0, markers?.max() ?? 0))).count }

    static let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// 1, 2, 5 × 10ⁿ at or above `n` (at least 1).
    public static func niceTop(_ n: Int) -> Int {
        var step = 1
        while true {
            for m in [1, 2, 5] where m * step >= n { return m * step }
            step *= 10
        }
    }

    /// Draws into `r`: the axis takes the left `labelW + 1` columns and the bottom row.
    public func draw(in r: Rect, into buf: inout CellBuffer, bar: CellStyle, marker: CellStyle, axis: CellStyle) {
        guard r.height >= 3, r.width >= 12 else { return }
        let plotH = r.height - 1
        let top = Self.niceTop(max(values.max() ?? 0, markers?.max() ?? 0))
        let labelW = max(String(top).count, 1)
        let plotX = r.x + labelW + 1
        let plotW = r.width - labelW - 1
        let fit = plotW / columnWidth
        let shown = Array(values.suffix(fit))
        let shownMarkers = markers.map { Array($0.suffix(fit)) }
        for row in 0..<plotH {
            let y = r.y + row
            // Labels at the top, the middle and zero (the bottom row is the axis line).
            let label: String? = row == 0 ? "\(top)" : (row == plotH - plotH / 2 ? "\(top / 2)" : nil)
            buf.write((label ?? "").fitted(labelW, right: true), x: r.x, y: y, style: axis)
            buf.write(label == nil ? "│" : "┤", x: r.x + labelW, y: y, style: axis)
        }
        buf.write("0".fitted(labelW, right: true), x: r.x, y: r.y + plotH, style: axis)
        buf.write("┼" + String(repeating: "─", count: plotW), x: r.x + labelW, y: r.y + plotH, style: axis)
        for (i, v) in shown.enumerated() {
            let x0 = plotX + i * columnWidth
            // Height in eighths of a row.
            let eighthsUp = Int((Double(v) / Double(top) * Double(plotH * 8)).rounded())
            for row in 0..<plotH {
                let fromBottom = plotH - 1 - row
                let fill = max(0, min(8, eighthsUp - fromBottom * 8))
                if fill > 0 { buf.write(String(repeating: Self.eighths[fill], count: columnWidth), x: x0, y: r.y + row, style: bar) }
            }
            if let m = shownMarkers, i < m.count {
                let mRow = plotH - 1 - min(plotH - 1, Int(Double(m[i]) / Double(top) * Double(plotH)))
                // The marker only where it stands above the bar (else the bar says it).
                let barTop = plotH - (eighthsUp + 7) / 8
                if mRow < barTop { buf.write("•", x: x0 + (columnWidth - 1) / 2, y: r.y + mRow, style: marker) }
            }
        }
    }
}

/// Horizontal bars, one per bucket, with counts and shares: the submit→validated latency.
public struct Histogram {
    public var buckets: [(label: String, count: Int)]

    public init(buckets: [(label: String, count: Int)]) { self.buckets = buckets }

    public func draw(in r: Rect, into buf: inout CellBuffer, bar: CellStyle, text: CellStyle, label: CellStyle) {
        let total = max(1, buckets.reduce(0) { $0 + $1.count })
        let most = max(1, buckets.map(\.count).max() ?? 1)
        let labelW = max(4, buckets.map { displayWidth($0.label) }.max() ?? 0)
        let numW = 16
        let barW = max(1, r.width - labelW - numW - 2)
        for (i, b) in buckets.prefix(r.height).enumerated() {
            let y = r.y + i
            buf.write(b.label.fitted(labelW, right: true), x: r.x, y: y, style: label)
            let n = Int((Double(b.count) / Double(most) * Double(barW)).rounded(.up))
            buf.write(String(repeating: "█", count: b.count > 0 ? max(1, n) : 0), x: r.x + labelW + 1, y: y, style: bar)
            let share = Double(b.count) / Double(total) * 100
            buf.write(("\(b.count)" + String(format: " %5.1f%%", share)).fitted(numW, right: true), x: r.maxX - numW, y: y, style: text)
        }
    }
}
