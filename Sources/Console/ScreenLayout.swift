import Workload

/// Where each section goes for a given terminal size. At 80×24 everything is compact (states
/// in two columns, one results line); taller and wider terminals get a one-column states panel
/// with per-ledger rates, results inside the fee panel, more account rows and more log.
public struct ScreenLayout: Sendable, Equatable {
    public static let minWidth = 80
    public static let minHeight = 24

    public let width: Int
    public let height: Int
    public let fits: Bool
    public let tall: Bool
    public let header: Rect
    public let fees: Rect
    public let states: Rect
    /// The one-line results strip (compact layout only).
    public let results: Rect?
    public let accounts: Rect
    public let events: Rect
    public let footer: Rect

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        fits = width >= Self.minWidth && height >= Self.minHeight
        tall = height >= 40 && width >= 110
        header = Rect(x: 0, y: 0, width: width, height: 2)
        // Tall: a header and one row per transaction state (ten). Compact: five rows of two
        // columns, plus the per-ledger sparkline row when there are rows to spare.
        let topH = tall ? TxState.allCases.count + 3 : (height >= 30 ? 8 : 7)
        let feeW = tall ? max(34, width * 2 / 5) : max(30, width * 3 / 8)
        fees = Rect(x: 0, y: 2, width: feeW, height: topH)
        states = Rect(x: feeW, y: 2, width: width - feeW, height: topH)
        var y = 2 + topH
        if tall {
            results = nil
        } else {
            results = Rect(x: 0, y: y, width: width, height: 1)
            y += 1
        }
        let eventsH = tall ? max(6, height / 4) : max(5, (height - 24) / 3 + 5)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        events = Rect(x: 0, y: height - 1 - eventsH, width: width, height: eventsH)
        accounts = Rect(x: 0, y: y, width: width, height: max(3, events.y - y))
    }

    /// Account rows that fit (inside the box, under the column header).
    public var accountPage: Int { max(1, accounts.height - 3) }
}
