import Foundation
import Workload

/// The accounts table and the event log.
extension Screen {
    /// The accounts table's columns, by what they show.
    enum AccountColumn: CaseIterable {
        case status, account, next, ledger, gap, flt, q, held, last, gen, miss, age, role, fee, lls, moved
    }

    /// Three densities. Narrow (80 columns): abbreviated headers and the current ledger as a
    /// difference ("4999/+1"), so MISS and STUCK stay in view. Normal: every column. Wide (≥ 200
    /// columns): the full address and what an operator looks for next (the fee of the newest
    /// transaction, ledgers left before the nearest LastLedgerSequence, ledgers since the
    /// Sequence last advanced) instead of padding.
    static func accountColumns(width: Int) -> [(AccountColumn, Table.Column)] {
        if width < 96 {
            return [
                (.status, .init("STATUS", 10, priority: 100)), (.account, .init("ACCOUNT", 10, flex: 3, priority: 100)),
                (.next, .init("NEXT", 9, right: true, priority: 90)), (.ledger, .init("LEDGER v/+c", 11, right: true, flex: 1, priority: 90)),
                (.gap, .init("GAP/c", 5, right: true, priority: 95)), (.flt, .init("FLT", 3, right: true, priority: 80)),
                (.q, .init("Q", 2, right: true, priority: 60)), (.held, .init("HLD", 3, right: true, priority: 70)),
                (.last, .init("LAST", 9, flex: 2, priority: 80)), (.miss, .init("MISS", 4, right: true, priority: 85)),
            ]
        }
        var columns: [(AccountColumn, Table.Column)] = [
            (.status, .init("STATUS", 10, priority: 100)),
            (.account, .init("ACCOUNT", width >= 200 ? 34 : 11, flex: 3, priority: 100)),
            (.next, .init("NEXT", 9, right: true, priority: 90)),
            (.ledger, .init("LEDGER v/c", 19, right: true, flex: 1, priority: 90)),
            (.gap, .init("GAP/c", 5, right: true, priority: 95)),
            (.flt, .init("FLT", 3, right: true, priority: 80)),
            (.q, .init("Q", 3, right: true, priority: 70)),
            (.held, .init("HELD", 4, right: true, priority: 70)),
            (.last, .init("LAST", 11, flex: 2, priority: 80)),
            (.gen, .init("GEN", 3, right: true, priority: 60)),
            (.miss, .init("MISS", 4, right: true, priority: 85)),
            (.age, .init("FOR", 6, right: true, priority: 15)),
        ]
        if width >= 200 {
            columns += [
                (.fee, .init("FEE drops", 9, right: true, priority: 12)), (.lls, .init("LLS left", 8, right: true, priority: 12)),
                (.moved, .init("MOVED", 7, right: true, priority: 11)),
            ]
        }
        columns.append((.role, .init("ROLE", 8, priority: 10)))
        return columns
    }

    static func sortColumn(_ sort: ConsoleState.Sort) -> AccountColumn? {
        switch sort {
        case .natural: nil
        case .status: .status
        case .gap: .gap
        case .address: .account
        case .inFlight: .flt
        case .lastResult: .last
        }
    }

    /// One row's cells and their styles, in `columns`' order.
    func accountCells(_ a: AccountRow, columns: [AccountColumn], addressWidth: Int, narrow: Bool, validatedIndex: UInt32) -> ([String], [CellStyle?]) {
        // OK with a gap nothing in flight explains is not OK: shown as a GAP, in red.
        let gapNotOK = a.status == .ok && a.unexplainedGap
        let st = gapNotOK ? theme.status(.diverged) : theme.status(a.status)
        let bad = gapNotOK || a.status == .diverged || a.status == .foreign || a.status == .stuck || a.status == .reset
        var cells: [String] = []
        var styles: [CellStyle?] = []
        for c in columns {
            switch c {
            case .status:
                // STUCK carries its age in ledgers: "! STUCK 7".
                cells.append(a.status == .stuck
                    ? "! STUCK \(a.waitingLedgers ?? 0)" : gapNotOK ? "\(Theme.glyph(.diverged)) GAP" : "\(Theme.glyph(a.status)) \(a.status.rawValue)")
                styles.append(st)
            case .account:
                cells.append(AccountView.short(a.address, width: addressWidth))
                styles.append(bad ? st : nil)
            case .next:
                cells.append("\(a.cachedNextSeq)")
                styles.append(nil)
            case .ledger:
                let v = a.ledgerSeq.map(String.init) ?? "?"
                if narrow, let lv = a.ledgerSeq, let lc = a.ledgerSeqCurrent {
                    let d = Int64(lc) - Int64(lv)
                    cells.append("\(v)/\(d >= 0 ? "+" : "")\(d)")
                } else {
                    cells.append("\(v)/\(a.ledgerSeqCurrent.map(String.init) ?? "?")")
                }
                styles.append(nil)
            case .gap:
                cells.append(a.gap.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "?")
                styles.append(a.unexplainedGap ? theme.bad : nil)
            case .flt:
                cells.append("\(a.inFlight)")
                styles.append(nil)
            case .q:
                cells.append("\(a.queued)")
                styles.append(nil)
            case .held:
                cells.append("\(a.held)")
                styles.append(a.held > 0 ? theme.warn : nil)
            case .last:
                cells.append(a.lastResult ?? "-")
                styles.append(a.lastResult.map(resultStyle))
            case .gen:
                cells.append("\(a.generation)")
                styles.append(nil)
            case .miss:
                cells.append("\(a.missing)")
                styles.append(a.missing > 0 ? theme.bad : nil)
            case .age:
                cells.append(a.divergedFor.map { String(format: "%.1fs", $0) } ?? "")
                styles.append(nil)
            case .role:
                cells.append(a.role.rawValue)
                styles.append(nil)
            case .fee:
                cells.append(a.lastFee.map { "\($0)" } ?? "")
                styles.append(nil)
            case .lls:
                cells.append(a.llsMargin.map { "\($0)" } ?? "")
                styles.append(a.llsMargin.map { $0 <= 2 ? theme.warn : nil } ?? nil)
            case .moved:
                cells.append(a.lastProgressLedger.map { validatedIndex >= $0 ? "\(validatedIndex - $0) ago" : "now" } ?? "")
                styles.append(nil)
            }
        }
        return (cells, styles)
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
        let spec = Self.accountColumns(width: inner.width - 2)
        let table = Table(spec.map(\.1), width: inner.width - 2)
        let ids = spec.map(\.0)
        var marks: [Int: String] = [:]
        if let c = Self.sortColumn(state.sort), let i = ids.firstIndex(of: c) { marks[i] = state.sortReversed ? "▲" : "▼" }
        table.drawHeader(x: inner.x + 1, y: inner.y, into: &buf, style: theme.header, marks: marks)
        let page = max(0, inner.height - 1)
        let start = min(state.accountScroll, max(0, rows.count - page))
        let addrW = table.widths[ids.firstIndex(of: .account) ?? 1]
        let narrow = inner.width - 2 < 96
        for (i, a) in (start..<min(rows.count, start + page)).map(rows.row(at:)).enumerated() {
            let y = inner.y + 1 + i
            let (cells, styles) = accountCells(a, columns: ids, addressWidth: addrW, narrow: narrow, validatedIndex: s.validatedIndex)
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
