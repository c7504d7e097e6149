import Foundation
import Workload

/// Renders one frame: a snapshot plus the console state into a cell buffer. Pure (no ncurses,
/// no clock, no engine), so the golden tests and the render benchmark run it directly.
public struct Screen {
    public var theme: Theme
    /// The engine's error, once it failed: shown over everything until the console exits.
    public var engineError: String?
    /// Where the engine connects, named on the screen until the first snapshot arrives.
    public var endpoint: String?
    /// Why the engine cannot be seen right now (an attached console that lost it): drawn over
    /// the header in red, over the last snapshot it had, until the link is back.
    public var linkProblem: String?

    public init(theme: Theme, engineError: String? = nil) {
        self.theme = theme
        self.engineError = engineError
    }

    /// `log` is the console's archive (nil: the snapshot's own events and the state's lines).
    public func render(_ snapshot: Snapshot?, state: ConsoleState, history: StateHistory, log: EventArchive? = nil, width: Int, height: Int) -> CellBuffer {
        var buf = CellBuffer(width: width, height: height)
        let layout = ScreenLayout(width: width, height: height)
        guard layout.fits else {
            drawTooSmall(into: &buf)
            return buf
        }
        guard let s = snapshot else {
            let msg = endpoint.map { "SeqWatch: connecting to \($0)…" } ?? "SeqWatch: connecting…"
            buf.write(msg, x: max(0, (width - msg.count) / 2), y: height / 2, style: theme.title)
            if let p = linkProblem { drawLinkProblem(p, into: &buf) }
            return buf
        }
        drawHeader(s, state: state, in: layout.header, into: &buf)
        drawFees(s, tall: layout.tall, in: layout.fees, into: &buf)
        drawStates(s, history: history, tall: layout.tall, in: layout.states, into: &buf)
        if let r = layout.results { drawResults(s, in: r, into: &buf) }
        drawAccounts(s, state: state, in: layout.accounts, into: &buf)
        drawEvents(s, state: state, log: log, in: layout.events, into: &buf)
        drawFooter(state, in: layout.footer, into: &buf)
        drawOverlay(s, state: state, into: &buf)
        if let e = engineError { drawError(e, into: &buf) }
        if let p = linkProblem { drawLinkProblem(p, into: &buf) }
        return buf
    }

    func drawTooSmall(into buf: inout CellBuffer) {
        let lines = ["terminal too small (need 80×24)", "now \(buf.width)×\(buf.height)", "enlarge the window, or q to quit"]
        let top = max(0, (buf.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            buf.write(l, x: max(0, (buf.width - displayWidth(l)) / 2), y: top + i, style: i == 0 ? theme.warn : theme.text)
        }
    }

    func drawError(_ e: String, into buf: inout CellBuffer) {
        let full = Rect(x: 0, y: 0, width: buf.width, height: buf.height)
        let r = full.centered(width: min(buf.width - 4, max(40, displayWidth(e) + 6)), height: 5)
        let inner = Panel("engine stopped", focused: true).draw(in: r, into: &buf, theme: theme)
        buf.write(e, x: inner.x + 1, y: inner.y, style: theme.bad, maxWidth: inner.width - 2)
        buf.write("restoring the terminal and exiting…", x: inner.x + 1, y: inner.y + 2, style: theme.label, maxWidth: inner.width - 2)
    }

    func drawLinkProblem(_ p: String, into buf: inout CellBuffer) {
        buf.fill(Rect(x: 0, y: 1, width: buf.width, height: 1), style: theme.bad)
        buf.write(" \(p)", x: 0, y: 1, style: theme.bad, maxWidth: buf.width)
    }

    static func number(_ n: Int) -> String {
        n >= 10_000_000 ? "\(n / 1_000_000)M" : (n >= 100_000 ? "\(n / 1_000)k" : "\(n)")
    }
}
