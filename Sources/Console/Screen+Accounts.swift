import Foundation
import Workload

/// The accounts table and the event log.
extension Screen {
    static let accountColumns: [Table.Column] = [
        .init("STATUS", 10, priority: 100),
        .init("ACCOUNT", 11, flex: 3, priority: 100),
        .init("NEXT", 9, right: true, priority: 90),
        .init("LEDGER v/c", 19, right: true, flex: 1, priority: 90),
        .init("GAP", 4, right: true, priority: 95),
        .init("FLT", 3, right: true, priority: 80),
        .init("Q", 3, right: true, priority: 70),
        .init("HELD", 4, right: true, priority: 70),
        .init("LAST", 11, flex: 2, priority: 80),
        .init("GEN", 3, right: true, priority: 60),
        .init("MISS", 4, right: true, priority: 20),
        .init("FOR", 6, right: true, priority: 15),
        .init("ROLE", 8, priority: 10),
    ]

    static func sortColumn(_ sort: ConsoleState.Sort) -> Int? {
        switch sort {
        case .natural: nil
        case .gap: 4
        case .address: 1
        case .inFlight: 5
        case .lastResult: 8
        }
    }

    func drawAccounts(_ s: Snapshot, state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        let rows = AccountView.rows(s.accounts, sort: state.sort, filter: state.filter)
        var title = "Accounts \(rows.count)"
        if rows.count != s.accounts.count { title += " of \(s.accounts.count)" }
        if state.sort != .natural { title += " · sort \(state.sort.rawValue)" }
        if !state.filter.isEmpty { title += " · filter \"\(state.filter)\"" }
        let inner = Panel(title, focused: state.focus == .accounts).draw(in: r, into: &buf, theme: theme)
        let table = Table(Self.accountColumns, width: inner.width - 2)
        var marks: [Int: String] = [:]
        if let c = Self.sortColumn(state.sort) { marks[c] = "▼" }
        table.drawHeader(x: inner.x + 1, y: inner.y, into: &buf, style: theme.header, marks: marks)
        let page = max(0, inner.height - 1)
        let start = min(state.accountScroll, max(0, rows.count - page))
        let addrW = table.widths[1]
        for (i, a) in rows.dropFirst(start).prefix(page).enumerated() {
            let y = inner.y + 1 + i
            // OK with a gap nothing in flight explains is not OK: shown as a GAP, in red.
            let gapNotOK = a.status == .ok && a.unexplainedGap
            let st = gapNotOK ? theme.status(.diverged) : theme.status(a.status)
            let ledger = "\(a.ledgerSeq.map(String.init) ?? "?")/\(a.ledgerSeqCurrent.map(String.init) ?? "?")"
            let gap = a.gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "?"
            // STUCK carries its age in ledgers: "! STUCK 7".
            let statusText = a.status == .stuck
                ? "! STUCK \(a.waitingLedgers ?? 0)" : gapNotOK ? "\(Theme.glyph(.diverged)) GAP" : "\(Theme.glyph(a.status)) \(a.status.rawValue)"
            let cells = [
                statusText, AccountView.short(a.address, width: addrW), "\(a.cachedNextSeq)", ledger, gap,
                "\(a.inFlight)", "\(a.queued)", "\(a.held)", a.lastResult ?? "-", "\(a.generation)", "\(a.missing)",
                a.divergedFor.map { String(format: "%.1fs", $0) } ?? "", a.role.rawValue,
            ]
            let bad = gapNotOK || a.status == .diverged || a.status == .foreign || a.status == .stuck || a.status == .reset
            var styles: [CellStyle?] = [st]
            styles += [bad ? st : nil, nil, nil, a.unexplainedGap ? theme.bad : nil]
            styles += [nil, nil, a.held > 0 ? theme.warn : nil, a.lastResult.map(resultStyle), nil, a.missing > 0 ? theme.bad : nil]
            table.draw(cells, styles: styles, base: theme.text, x: inner.x + 1, y: y, into: &buf)
            if a.address == state.selected {
                // Toggle, not set: a reverse-video DIVERGED cell (monochrome) stays distinct when selected.
                buf.restyle(y: y, x: inner.x, width: inner.width) { var c = $0; c.reverse.toggle(); return c }
            }
        }
        if rows.isEmpty {
            buf.write(state.filter.isEmpty ? "no accounts yet" : "no account matches \"\(state.filter)\"", x: inner.x + 1, y: inner.y + 1, style: theme.label)
        }
        if rows.count > page {
            let info = " \(start + 1)-\(min(rows.count, start + page)) of \(rows.count) "
            buf.write(info, x: r.maxX - displayWidth(info) - 2, y: r.maxY - 1, style: theme.label)
        }
    }

    /// Engine events and the console's own, oldest first, merged by ledger.
    static func logLines(_ s: Snapshot, state: ConsoleState) -> [(ledger: UInt32, kind: String, message: String, at: Date?)] {
        var out = s.events.map { e in (ledger: e.ledger, kind: e.kind.rawValue, message: e.message, at: s.startedAt.map { $0 + e.time }) }
        for e in state.localEvents {
            let i = out.lastIndex { $0.ledger <= e.ledger }.map { $0 + 1 } ?? 0
            out.insert((e.ledger, e.kind, e.message, e.at), at: i)
        }
        return out
    }

    /// HH:MM:SS in local time (localtime_r: a formatter per line per frame would cost more).
    static func clock(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&t, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    func drawEvents(_ s: Snapshot, state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        let lines = Self.logLines(s, state: state)
        let back = min(state.eventScroll, max(0, lines.count - 1))
        let title = back > 0 ? "Events (\(back) newer below)" : "Events"
        let inner = Panel(title, focused: state.focus == .events).draw(in: r, into: &buf, theme: theme)
        let shown = lines.dropLast(back).suffix(inner.height)
        // As wide as the widest ledger shown (real networks are past 90,000,000), at least 8.
        let ledgerW = max(8, (shown.map { "\($0.ledger)".count }.max() ?? 0) + 2)
        for (i, e) in shown.enumerated() {
            var l = TextLine()
            // Wall-clock time beside the ledger, when there is a clock (a real run).
            if let at = e.at { l.add(Self.clock(at) + " ", theme.label) }
            l.add("#\(e.ledger) ".fitted(ledgerW), theme.label)
            l.add(e.kind.fitted(10), theme.event(e.kind))
            l.add(" " + e.message, theme.text)
            l.draw(x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, into: &buf)
        }
        if lines.isEmpty { buf.write("no events yet", x: inner.x + 1, y: inner.y, style: theme.label) }
    }

    static let footerKeys: [(String, String)] = [
        ("p", "pause"), ("f", "freeze"), ("r", "resync"), ("R", "acct"), ("h", "heal"), ("d", "diverge"), ("x", "faults"),
        ("s", "strategy"), ("+-", "rate"), ("o", "sort"), ("/", "filter"), ("Tab", "focus"), ("⏎", "detail"),
    ]

    func drawFooter(_ state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        var l = TextLine()
        if state.editingFilter {
            l.add(" filter: ", theme.key)
            l.add(state.filter + "█", theme.value)
            l.add("   Enter keep · Esc clear", theme.label)
            l.draw(x: r.x, y: r.y, maxWidth: r.width, into: &buf)
            return
        }
        let tail = TextLine([("?", theme.key), (" help ", theme.label), ("q", theme.key), (" quit", theme.label)])
        var room = r.width - tail.width - 1
        if let f = state.flash {
            l.add(" \(f) ", theme.flash)
            l.add(" ", theme.text)
            room -= displayWidth(f) + 3
        }
        for (k, label) in Self.footerKeys {
            let w = displayWidth(k) + displayWidth(label) + 2
            if w > room { break }
            l.add(k, theme.key)
            l.add(" \(label) ", theme.label)
            room -= w
        }
        var used = l.draw(x: r.x, y: r.y, maxWidth: r.width, into: &buf)
        used = max(used, r.width - tail.width - 1)
        tail.draw(x: r.x + used, y: r.y, maxWidth: r.width - used, into: &buf)
    }
}
