import Foundation
import Workload

/// Help, heal-plan confirmation, account detail and the fault menu: boxes drawn over the
/// dashboard, centred, clipped to the screen.
extension Screen {
    /// Every description fits the 61 columns the box leaves at 80×24.
    static let helpLines: [(String, String)] = [
        ("p", "pause / resume (in-flight transactions still finish)"),
        ("f", "freeze / unfreeze the view (scrolling still works)"),
        ("r", "resync all accounts from the ledger"),
        ("R", "resync the selected account"),
        ("h", "heal selected: shows the plan, Enter runs, Esc cancels"),
        ("d", "inject a divergence on the selected account"),
        ("x", "fault menu (embedded simulator only)"),
        ("s", "cycle strategy: none, global, autofill, heal"),
        ("+ -", "raise / lower the target rate"),
        ("o", "sort: natural, gap, address, in-flight, last result"),
        ("/", "filter (address, status, result); Esc clears"),
        ("Tab", "move focus between accounts and events"),
        ("↑↓ PgUp PgDn", "select / scroll; Home End jump"),
        ("Enter", "account detail: its sequence chain and heal plan"),
        ("Esc", "back / close"),
        ("q", "quit: stop, drain in-flight, print a summary"),
        ("", ""),
        ("▲ DIVERGED", "cache and ledger disagree; ↻ HEALING ■ FROZEN ◆ FOREIGN"),
    ]

    func drawOverlay(_ s: Snapshot, state: ConsoleState, into buf: inout CellBuffer) {
        let full = Rect(x: 0, y: 0, width: buf.width, height: buf.height)
        switch state.overlay {
        case nil:
            return
        case .help:
            let r = full.centered(width: 96, height: Self.helpLines.count + 4)
            let inner = Panel("Keys", focused: true).draw(in: r, into: &buf, theme: theme)
            for (i, (k, text)) in Self.helpLines.enumerated() where i < inner.height - 1 {
                let style = k.hasPrefix("▲") ? theme.status(.diverged) : theme.key
                buf.write(k.fitted(14), x: inner.x + 1, y: inner.y + i, style: style)
                buf.write(text, x: inner.x + 16, y: inner.y + i, style: theme.text, maxWidth: inner.width - 17)
            }
            buf.write("Esc or ? closes", x: inner.x + 1, y: inner.maxY - 1, style: theme.label)
        case .healConfirm(let account, let plan):
            let rows = plan?.count ?? 1
            let r = full.centered(width: 90, height: min(full.height - 2, max(rows, 1) + 7))
            let inner = Panel("Heal \(account)", focused: true).draw(in: r, into: &buf, theme: theme)
            if let a = s.accounts.first(where: { $0.address == account }) {
                var l = TextLine()
                l.add("status ", theme.label); l.add("\(Theme.glyph(a.status)) \(a.status.rawValue)", theme.status(a.status))
                l.add("  cached next ", theme.label); l.add("\(a.cachedNextSeq)", theme.value)
                l.add("  ledger ", theme.label); l.add("\(a.ledgerSeq.map(String.init) ?? "?")", theme.value)
                l.add("  missing ", theme.label); l.add("\(a.missing)", a.missing > 0 ? theme.bad : theme.value)
                l.draw(x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, into: &buf)
            }
            drawPlan(plan, x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, rows: inner.height - 4, into: &buf)
            var keys = TextLine()
            keys.add("Enter", theme.key); keys.add(" run this heal   ", theme.label)
            keys.add("Esc", theme.key); keys.add(" cancel", theme.label)
            keys.draw(x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, into: &buf)
        case .detail(let account, let detail):
            // Over everything but the header and footer: the chain needs the room.
            let r = Rect(x: 0, y: 2, width: full.width, height: full.height - 3)
            let inner = Panel("Account \(account)", focused: true).draw(in: r, into: &buf, theme: theme)
            guard let d = detail else {
                buf.write("reading the sequence chain…", x: inner.x + 1, y: inner.y, style: theme.label)
                return
            }
            var l = TextLine()
            l.add("status ", theme.label); l.add("\(Theme.glyph(d.status)) \(d.status.rawValue)", theme.status(d.status))
            l.add("  cached next ", theme.label); l.add("\(d.nextSequence)", theme.value)
            l.add("  ledger validated/current ", theme.label)
            l.add("\(d.ledgerValidated.map(String.init) ?? "?")/\(d.ledgerCurrent.map(String.init) ?? "?")", theme.value)
            l.add("  generation ", theme.label); l.add("\(d.generation)", theme.value)
            l.draw(x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, into: &buf)
            let table = Table([
                .init("SEQ", 7, right: true), .init("STATE", 10), .init("HASH", 16, flex: 1, priority: 50),
                .init("RESULT", 14), .init("LLS", 7, right: true), .init("TRY", 3, right: true, priority: 40), .init("TYPE", 10, priority: 30),
            ], width: inner.width - 2)
            table.drawHeader(x: inner.x + 1, y: inner.y + 2, into: &buf, style: theme.header)
            let planRows = min(d.plan.count, 6) + 2
            let chainRows = max(1, inner.height - 4 - planRows)
            for (i, e) in d.entries.prefix(chainRows).enumerated() {
                table.draw(
                    ["\(e.sequence)", e.state.rawValue, e.hash, e.result ?? "-", "\(e.lastLedgerSequence)", "\(e.attempts)", e.type],
                    styles: [nil, stateStyle(e.state), theme.label, e.result.map(resultStyle)], base: theme.text,
                    x: inner.x + 1, y: inner.y + 3 + i, into: &buf)
            }
            if d.entries.isEmpty { buf.write("no allocated sequence in play", x: inner.x + 1, y: inner.y + 3, style: theme.label) }
            if d.entries.count > chainRows {
                buf.write("… \(d.entries.count - chainRows) more", x: inner.x + 1, y: inner.y + 3 + chainRows - 1, style: theme.label)
            }
            let py = inner.y + 3 + chainRows
            buf.write("heal plan the engine would run now", x: inner.x + 1, y: py, style: theme.header)
            drawPlan(d.plan, x: inner.x + 1, y: py + 1, width: inner.width - 2, rows: inner.maxY - py - 2, into: &buf)
            buf.write("Esc back", x: inner.x + 1, y: inner.maxY - 1, style: theme.label)
        case .faultMenu(let selected):
            let r = full.centered(width: 60, height: state.faults.count + 4)
            let inner = Panel("Inject a fault (simulator)", focused: true).draw(in: r, into: &buf, theme: theme)
            for (i, f) in state.faults.enumerated() where i < inner.height - 1 {
                let y = inner.y + i
                buf.write(f.label.fitted(30), x: inner.x + 1, y: y, style: theme.text)
                buf.write(f.spec, x: inner.x + 32, y: y, style: theme.label, maxWidth: inner.width - 33)
                if i == selected { buf.restyle(y: y, x: inner.x, width: inner.width) { var c = $0; c.reverse = true; return c } }
            }
            var keys = TextLine()
            keys.add("↑↓", theme.key); keys.add(" choose  ", theme.label)
            keys.add("Enter", theme.key); keys.add(" inject  ", theme.label)
            keys.add("Esc", theme.key); keys.add(" close", theme.label)
            keys.draw(x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, into: &buf)
        }
    }

    func drawPlan(_ plan: [HealPlanItem]?, x: Int, y: Int, width: Int, rows: Int, into buf: inout CellBuffer) {
        guard let plan else {
            buf.write("asking the engine for the plan…", x: x, y: y, style: theme.label)
            return
        }
        if plan.isEmpty {
            buf.write("nothing to do: no gap below the cached sequence", x: x, y: y, style: theme.good, maxWidth: width)
            return
        }
        let table = Table([.init("SEQ", 7, right: true), .init("ACTION", 12), .init("HASH", 16, priority: 20), .init("REASON", 20, flex: 1)], width: width)
        table.drawHeader(x: x, y: y, into: &buf, style: theme.header)
        for (i, p) in plan.prefix(max(0, rows - 1)).enumerated() {
            let style: CellStyle = p.action == .replace ? theme.warn : (p.action == .resubmit ? theme.info : theme.text)
            table.draw(["\(p.sequence)", p.action.rawValue, p.hash ?? "-", p.reason], styles: [nil, style, theme.label], base: theme.text, x: x, y: y + 1 + i, into: &buf)
        }
    }
}
