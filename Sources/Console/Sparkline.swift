/// The last `width` values as ▁▂▃▄▅▆▇█, scaled to the largest shown (zero stays blank-ish ▁).
public enum Sparkline {
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let top = shown.max() ?? 0
        var s = String(repeating: " ", count: width - shown.count)
        for v in shown {
            if top <= 0 || v <= 0 { s.append(v > 0 ? ticks[0] : " ") ; continue }
            let i = Int((v / top * Double(ticks.count - 1)).rounded())
            s.append(ticks[min(ticks.count - 1, max(0, i))])
        }
        return s
    }

    public static func render(_ values: [Int], width: Int) -> String { render(values.map(Double.init), width: width) }
}
