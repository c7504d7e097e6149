/// A horizontal bar for "used of capacity" (open-ledger size, queue): filled cells, then
/// light shade, then the numbers. Turns hot past `hotAt` of capacity.
public struct Gauge {
    public var value: Double
    public var capacity: Double
    public var hotAt: Double

    public init(value: Double, capacity: Double, hotAt: Double = 0.8) {
        self.value = value
        self.capacity = capacity
        self.hotAt = hotAt
    }

    /// Filled cells out of `width` (at least one when value > 0, so "some" never reads as "none").
    public func filled(width: Int) -> Int {
        guard capacity > 0, width > 0 else { return 0 }
        let share = min(1, max(0, value / capacity))
        let n = Int((share * Double(width)).rounded())
        return value > 0 ? max(1, n) : n
    }

    public func draw(x: Int, y: Int, width: Int, into buf: inout CellBuffer, theme: Theme) {
        let n = filled(width: width)
        let hot = capacity > 0 && value / capacity >= hotAt
        buf.write(String(repeating: "█", count: n), x: x, y: y, style: hot ? theme.gaugeHot : theme.gaugeFill)
        buf.write(String(repeating: "░", count: width - n), x: x + n, y: y, style: theme.gaugeEmpty)
    }
}
