/// The last `width` values as ▁▂▃▄▅▆▇█, scaled to the largest shown (zero stays blank-ish ▁).
public enum Sparkline {
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `top` is the scale's full height (nil: the largest value shown), so that the lines of
    /// one panel can share a scale.
    public static func render(_ values: [Double], width: Int, top fixedTop: Double? = nil) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = fixedTop ?? shown.max() ?? 0
        var s = String(repeating: " ", count: width - shown.count)
        for v in shown {
            if top <= 0 || v <= 0 { s.append(v > 0 ? ticks[0] : " ") ; continue }
            let i = Int((v / top * Double(ticks.count - 1)).rounded())
            s.append(ticks[min(ticks.count - 1, max(0, i))])
        }
        return s
    }

    public static func render(_ values: [Int], width: Int, top: Int? = nil) -> String {
        render(values.map(Double.init), width: width, top: top.map(Double.init))
    }
}
