import Foundation
import Workload

/// Help, heal-plan confirmation, account detail and the fault menu: boxes drawn over the
/// dashboard, centred, clipped to the screen.
extension Screen {
    /// Every description fits the 61 columns the box leaves at 80×24; the box scrolls.
    static let helpLines: [(String, String)] = [
        ("KEYS", ""),
        ("p", "pause / resume (in-flight transactions still finish)"),
        ("f", "freeze the whole view (numbers, charts, log) / follow"),
        ("r", "resync all accounts from the ledger"),
        ("R", "resync the selected account"),
        ("h", "heal selected: shows the plan, Enter runs, Esc cancels"),
        ("d", "inject a divergence on the selected workload account"),
        ("x", "fault menu (embedded simulator only)"),
        ("s", "cycle strategy: none, global, autofill, heal"),
        ("+ -", "raise / lower the target rate"),
        ("o  O", "sort: natural, status (trouble first), gap, …; reverse"),
        ("/", "filter the focused panel (accounts, or events by kind"),
        ("", "or address); Esc clears"),
        (":", "command line, Tab completes: :goto r… :heal r… :rate 200"),
        ("", ":resync all :strategy heal :fault tel=0.05 :export"),
        ("v", "events: show the per-account lines behind bulk actions"),
        ("e", "export the snapshot (JSON) and the screen (text)"),
        ("c", "charts: throughput per ledger, latency histogram"),
        ("Tab", "move focus between accounts and events"),
        ("↑↓ j k", "select / scroll; PgUp PgDn, Ctrl-B Ctrl-F page"),
        ("Home End g G", "first / last"),
        ("Enter", "account detail: its sequence chain and heal plan"),
        ("Esc", "back / close"),
        ("F1 ?  Ctrl-L", "this help; redraw the screen"),
        ("q  F10", "quit: stop, drain in-flight, print a summary"),
        ("", ""),
        ("COLUMNS", ""),
        ("STATUS", "OK, or what is wrong: ▲ DIVERGED, ▲ GAP (a gap in-flight"),
        ("", "transactions do not explain), ! STUCK n (n ledgers without"),
        ("", "progress), ↻ HEALING, ■ FROZEN, ◆ FOREIGN, RESET"),
        ("NEXT", "the cached next Sequence the engine will sign with"),
        ("LEDGER v/c", "the account's Sequence in the validated / current ledger"),
        ("GAP", "NEXT minus the current-ledger Sequence (c)"),
        ("FLT", "transactions in flight (sent, not final)"),
        ("Q", "of those, queued in the server's TxQ (terQUEUED)"),
        ("HELD", "of those, held by the server for a gap (terPRE_SEQ)"),
        ("LAST", "the last submit result (engine_result)"),
        ("GEN", "generation: times the cache was realigned to the ledger"),
        ("MISS", "Sequences below NEXT that nothing in flight will use"),
        ("FOR", "how long the account has been out of OK"),
        ("ROLE", "workload, issuer or funder (d never targets the last two)"),
    ]

    func drawOverlay(_ s: Snapshot, state: ConsoleState, into buf: inout CellBuffer) {
        let full = Rect(x: 0, y: 0, width: buf.width, height: buf.height)
        switch state.overlay {
        case nil:
            return
        case .help:
            let r = full.centered(width: 96, height: min(full.height - 2, Self.helpLines.count + 4))
            let inner = Panel("Help: keys and columns", focused: true).draw(in: r, into: &buf, theme: theme)
            let rows = max(1, inner.height - 1)
            let top = min(state.helpScroll, max(0, Self.helpLines.count - rows))
            for (i, (k, text)) in Self.helpLines.dropFirst(top).prefix(rows).enumerated() {
                let heading = text.isEmpty && !k.isEmpty
                buf.write(k.fitted(14), x: inner.x + 1, y: inner.y + i, style: heading ? theme.header : theme.key)
                buf.write(text, x: inner.x + 16, y: inner.y + i, style: theme.text, maxWidth: inner.width - 17)
            }
            let more = top + rows < Self.helpLines.count ? "↓ more · " : (top > 0 ? "↑ more · " : "")
            buf.write(more + "Esc, ? or F1 closes", x: inner.x + 1, y: inner.maxY - 1, style: theme.label)
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
            if plan != nil { drawFreshness(state, x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, into: &buf) }
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
            drawFreshness(state, x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, into: &buf)
            // Three parts, top to bottom: the live chain, the heal plan, and the timeline of the
            // last transactions, which takes what is left and scrolls (↑↓).
            let chainRows = max(1, min(d.entries.count, (inner.height - 6) / 3))
            let planRows = min(max(1, d.plan.count), 5) + 1
            let table = Table([
                .init("SEQ", 7, right: true), .init("STATE", 10), .init("HASH", 16, flex: 1, priority: 50),
                .init("RESULT", 14), .init("LLS", 7, right: true), .init("TRY", 3, right: true, priority: 40), .init("TYPE", 10, priority: 30),
            ], width: inner.width - 2)
            table.drawHeader(x: inner.x + 1, y: inner.y + 2, into: &buf, style: theme.header)
            for (i, e) in d.entries.prefix(chainRows).enumerated() {
                table.draw(
                    ["\(e.sequence)", e.state.rawValue, e.hash, e.result ?? "-", "\(e.lastLedgerSequence)", "\(e.attempts)", e.type],
                    styles: [nil, stateStyle(e.state), theme.label, e.result.map(resultStyle)], base: theme.text,
                    x: inner.x + 1, y: inner.y + 3 + i, into: &buf)
            }
            if d.entries.isEmpty { buf.write("no allocated sequence in play", x: inner.x + 1, y: inner.y + 3, style: theme.label) }
            if d.entries.count > chainRows {
                buf.write("… \(d.entries.count - chainRows + 1) more", x: inner.x + 1, y: inner.y + 3 + chainRows - 1, style: theme.label)
            }
            let py = inner.y + 3 + chainRows
            buf.write("heal plan the engine would run now", x: inner.x + 1, y: py, style: theme.header)
            drawPlan(d.plan, x: inner.x + 1, y: py + 1, width: inner.width - 2, rows: planRows, into: &buf)
            let ty = py + 1 + planRows
            drawTimeline(d.timeline, scroll: state.detailScroll, in: Rect(x: inner.x + 1, y: ty, width: inner.width - 2, height: inner.maxY - 1 - ty), into: &buf)
            buf.write("↑↓ scroll the timeline · Esc back", x: inner.x + 1, y: inner.maxY - 1, style: theme.label)
        case .charts:
            drawCharts(s, in: Rect(x: 0, y: 2, width: full.width, height: full.height - 3), into: &buf)
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

    /// "plan of ledger #N, 0.3 s old": live while it is re-read twice a second; marked STALE
    /// when the re-reads stop arriving (an engine that does not answer).
    func drawFreshness(_ state: ConsoleState, x: Int, y: Int, width: Int, into buf: inout CellBuffer) {
        var l = TextLine()
        l.add("as of ledger ", theme.label)
        l.add(state.overlayLoadedLedger.map { "#\($0)" } ?? "?", theme.value)
        if let at = state.overlayLoadedAt, let now = state.wallNow {
            let age = max(0, now.timeIntervalSince(at))
            l.add(String(format: ", %.1f s old", age), theme.label)
            if age > 2 { l.add("  STALE: the engine has not answered since", theme.bad) }
            else { l.add(" (live)", theme.good) }
        }
        l.draw(x: x, y: y, maxWidth: width, into: &buf)
    }

    /// The account's last transactions, one line each with the states it went through, and
    /// heals, resyncs and divergences marked between them; newest at the bottom.
    func drawTimeline(_ timeline: [TimelineEntry], scroll: Int, in r: Rect, into buf: inout CellBuffer) {
        guard r.height >= 2 else { return }
        let txCount = timeline.count { $0.kind == .transaction }
        buf.write("timeline: last \(txCount) transaction\(txCount == 1 ? "" : "s"), heals and resyncs marked (newest last)", x: r.x, y: r.y, style: theme.header, maxWidth: r.width)
        let rows = r.height - 1
        let back = max(0, min(scroll, timeline.count - rows))
        let shown = timeline.dropLast(back).suffix(rows)
        if timeline.isEmpty { buf.write("nothing yet", x: r.x, y: r.y + 1, style: theme.label) }
        for (i, e) in shown.enumerated() {
            var l = TextLine()
            l.add("#\(e.ledger)".fitted(10), theme.label)
            switch e.kind {
            case .mark:
                l.add("── \(e.markKind ?? "")".fitted(14), theme.event(e.markKind ?? ""))
                l.add(" ", theme.text)
                l.add(e.message ?? "", theme.info)
            case .transaction:
                l.add("seq \(e.sequence ?? 0)".fitted(15), theme.value)
                l.add((e.type ?? "").fitted(14), theme.text)
                for (k, st) in e.states.enumerated() {
                    if k > 0 { l.add("→", theme.label) }
                    l.add(st, TxState(rawValue: st).map(stateStyle) ?? theme.text)
                }
                if let result = e.result { l.add("  \(result)", resultStyle(result)) }
                if let h = e.hash { l.add("  \(h.prefix(12))…", theme.label) }
            }
            l.draw(x: r.x, y: r.y + 1 + i, maxWidth: r.width, into: &buf)
        }
        if back > 0 { buf.write("↓ \(back) newer", x: r.maxX - 12, y: r.y, style: theme.label) }
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
