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
        case .status: 0
        case .gap: 4
        case .address: 1
        case .inFlight: 5
        case .lastResult: 8
        }
    }

    func drawAccounts(_ s: Snapshot, state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        // The state's order, synced from this snapshot: no sort here, and only the page's rows
        // are touched.
        var rows = state.visible
        if rows.rows.count != s.accounts.count { rows.update(s.accounts, sort: state.sort, reversed: state.sortReversed, filter: state.filter) }
        var title = "Accounts \(rows.count)"
        if rows.count != s.accounts.count { title += " of \(s.accounts.count)" }
        if state.sort != .natural || state.sortReversed { title += " · sort \(state.sort.rawValue)\(state.sortReversed ? " reversed" : "")" }
        if !state.filter.isEmpty { title += " · filter \"\(state.filter)\"" }
        let inner = Panel(title, focused: state.focus == .accounts).draw(in: r, into: &buf, theme: theme)
        let table = Table(Self.accountColumns, width: inner.width - 2)
        var marks: [Int: String] = [:]
        if let c = Self.sortColumn(state.sort) { marks[c] = state.sortReversed ? "▲" : "▼" }
        table.drawHeader(x: inner.x + 1, y: inner.y, into: &buf, style: theme.header, marks: marks)
        let page = max(0, inner.height - 1)
        let start = min(state.accountScroll, max(0, rows.count - page))
        let addrW = table.widths[1]
        for (i, a) in (start..<min(rows.count, start + page)).map(rows.row(at:)).enumerated() {
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

    /// Without the console's archive (tests, the render bench): the snapshot's events and the
    /// state's own lines, merged by ledger.
    static func archive(_ s: Snapshot, state: ConsoleState) -> EventArchive {
        var lines = s.events.map { e in LogLine(ledger: e.ledger, kind: e.kind.rawValue, message: e.message, at: s.startedAt.map { $0 + e.time }) }
        for e in state.localEvents {
            let i = lines.lastIndex { $0.ledger <= e.ledger }.map { $0 + 1 } ?? 0
            lines.insert(LogLine(ledger: e.ledger, kind: e.kind, message: e.message, at: e.at), at: i)
        }
        var archive = EventArchive()
        for l in lines { archive.append(l) }
        return archive
    }

    /// HH:MM:SS in local time (localtime_r: a formatter per line per frame would cost more).
    static func clock(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&t, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    func drawEvents(_ s: Snapshot, state: ConsoleState, log: EventArchive?, in r: Rect, into buf: inout CellBuffer) {
        let archive = log ?? Self.archive(s, state: state)
        let total = archive.count(filter: state.eventFilter, details: state.showDetails, end: state.feed.logEnd)
        let back = min(state.eventScroll, max(0, total - 1))
        var title = "Events"
        if !state.eventFilter.isEmpty { title += " · filter \"\(state.eventFilter)\" \(total)" }
        if state.showDetails { title += " · details" }
        if back > 0 { title += " · \(back) newer below" }
        let inner = Panel(title, focused: state.focus == .events).draw(in: r, into: &buf, theme: theme)
        let shown = archive.tail(filter: state.eventFilter, details: state.showDetails, end: state.feed.logEnd, back: back, limit: inner.height)
        let lines = shown
        // As wide as the widest ledger shown (real networks are past 90,000,000), at least 8.
        let ledgerW = max(8, (shown.map { "\($0.ledger)".count }.max() ?? 0) + 2)
        for (i, e) in shown.enumerated() {
            var l = TextLine()
            // Wall-clock time beside the ledger, when there is a clock (a real run).
            if let at = e.at { l.add(Self.clock(at) + " ", theme.label) }
            l.add("#\(e.ledger) ".fitted(ledgerW), theme.label)
            l.add(e.kind.fitted(10), theme.event(e.kind))
            l.add((e.detail ? "   · " : " ") + e.message, e.detail ? theme.label : theme.text)
            l.draw(x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, into: &buf)
        }
        if lines.isEmpty {
            buf.write(state.eventFilter.isEmpty ? "no events yet" : "no event matches \"\(state.eventFilter)\"", x: inner.x + 1, y: inner.y, style: theme.label)
        }
    }

    /// The keys that do something where the operator is, and only those.
    static func footerKeys(_ state: ConsoleState) -> [(String, String)] {
        switch state.overlay {
        case .help: return [("↑↓", "scroll"), ("Esc", "close")]
        case .healConfirm: return [("Enter", "run the heal"), ("Esc", "cancel")]
        case .detail: return [("↑↓", "timeline"), ("Esc", "back")]
        case .charts: return [("Esc", "back")]
        case .faultMenu: return [("↑↓", "choose"), ("Enter", "inject"), ("Esc", "close")]
        case nil: break
        }
        if state.focus == .events {
            return [("↑↓", "scroll"), ("/", "filter"), ("v", state.showDetails ? "summaries" : "details"), ("p", "pause"), ("f", "freeze"),
                    ("r", "resync"), (":", "command"), ("e", "export"), ("Tab", "accounts")]
        }
        var keys: [(String, String)] = [("p", state.paused ? "resume" : "pause"), ("f", state.frozen ? "follow" : "freeze"), ("r", "resync"), ("R", "acct"), ("h", "heal"), ("d", "diverge")]
        if !state.faults.isEmpty { keys.append(("x", "faults")) }
        keys += [("s", "strategy"), ("+-", "rate"), ("o", "sort"), ("O", "reverse"), ("/", "filter"), ("c", "charts"), (":", "command"), ("e", "export"), ("Tab", "events"), ("⏎", "detail")]
        return keys
    }

    func drawFooter(_ state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        var l = TextLine()
        if let line = state.command {
            l.add(" :", theme.key)
            l.add(line + "█", theme.value)
            if state.completions.isEmpty {
                l.add("   Tab complete · Enter run · Esc close", theme.label)
            } else {
                l.add("   ", theme.label)
                l.add(state.completions.joined(separator: "  "), theme.label)
            }
            l.draw(x: r.x, y: r.y, maxWidth: r.width, into: &buf)
            return
        }
        if state.editingFilter {
            l.add(state.focus == .events ? " filter events: " : " filter accounts: ", theme.key)
            l.add((state.focus == .events ? state.eventFilter : state.filter) + "█", theme.value)
            l.add("   Enter keep · Esc clear", theme.label)
            l.draw(x: r.x, y: r.y, maxWidth: r.width, into: &buf)
            return
        }
        let tail = TextLine([("?", theme.key), (" help ", theme.label), ("q", theme.key), (" quit", theme.label)])
        var room = r.width - tail.width - 1
        if let f = state.flash {
            // Feedback first; cut to leave the help and quit keys in view.
            let text = " \(f) "
            let w = min(displayWidth(text), max(0, room - 1))
            buf.write(text, x: r.x, y: r.y, style: theme.flash, maxWidth: w)
            l.add(String(repeating: " ", count: w + 1), theme.text)
            room -= w + 1
        }
        for (k, label) in Self.footerKeys(state) {
            let w = displayWidth(k) + displayWidth(label) + 2
            if w > room { break }
            l.add(k, theme.key)
            l.add(" \(label) ", theme.label)
            room -= w
        }
        let start = state.flash == nil ? 0 : l.spans[0].0.count
        var used = TextLine(Array(l.spans.dropFirst(state.flash == nil ? 0 : 1))).draw(x: r.x + start, y: r.y, maxWidth: r.width - start, into: &buf) + start
        used = max(used, r.width - tail.width - 1)
        tail.draw(x: r.x + used, y: r.y, maxWidth: r.width - used, into: &buf)
    }
}
