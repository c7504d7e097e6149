import Foundation
import Workload

/// Header, fee/queue panel, transaction states and result codes.
extension Screen {
    func drawHeader(_ s: Snapshot, state: ConsoleState, in r: Rect, into buf: inout CellBuffer) {
        var l = TextLine()
        l.add(" SeqWatch ", CellStyle(foreground: theme.monochrome ? .normal : .cyan, bold: true, reverse: true))
        l.add(" \(s.endpoint) ", theme.value)
        if linkProblem != nil {
            // An attached console that lost its engine: what follows is the last snapshot it had.
            l.add("○ ENGINE LOST (last known)", theme.bad)
        } else if s.health.connected {
            l.add("● connected", theme.good)
        } else {
            l.add("○ DISCONNECTED", theme.bad)
        }
        l.add("  ledger ", theme.label)
        l.add("#\(s.validatedIndex)", theme.value)
        if let age = s.health.secondsSinceLastLedger {
            l.add(String(format: " (%.1fs ago)", age), age > 10 ? theme.warn : theme.label)
        }
        // Mode badges, right-aligned on the first line.
        var badges: [(String, CellStyle)] = []
        if state.frozen {
            // Everything on screen is as it was when the view froze; say for how long, and how
            // much has arrived meanwhile.
            let n = state.feed.updatesWaiting
            let text = state.feed.frozenFor.map { String(format: " FROZEN %.0fs, %d update%@ waiting ", $0, n, n == 1 ? "" : "s") } ?? " view FROZEN "
            badges.append((text, CellStyle(foreground: theme.monochrome ? .normal : .blue, bold: true, reverse: true)))
        }
        if s.paused {
            badges.append((" PAUSED ", CellStyle(foreground: theme.monochrome ? .normal : .yellow, bold: true, reverse: true)))
        } else if s.phase != .running {
            let progress = s.reconcileDone.flatMap { done in s.reconcileTotal.map { " \(done)/\($0)" } }
                ?? s.fundedDone.flatMap { done in s.fundedTotal.map { " funded \(done)/\($0)" } } ?? ""
            badges.append((" \(s.phase.rawValue.uppercased())\(progress) ", CellStyle(foreground: theme.monochrome ? .normal : .cyan, bold: true, reverse: true)))
        } else {
            badges.append((" RUNNING ", CellStyle(foreground: theme.monochrome ? .normal : .green, bold: true, reverse: true)))
        }
        if !state.activeFaults.isEmpty {
            let text = " FAULTS: \(state.activeFaults.joined(separator: " · ")) ", cap = min(60, max(12, r.width / 3))
            badges.insert((displayWidth(text) > cap ? text.fitted(cap) : text, CellStyle(foreground: theme.monochrome ? .normal : .red, bold: true, reverse: true)), at: 0)
        }
        if s.insecureKeys { badges.insert((" INSECURE DERIVED KEYS ", CellStyle(foreground: theme.monochrome ? .normal : .red, bold: true, reverse: true)), at: 0) }
        let bw = badges.reduce(0) { $0 + displayWidth($1.0) + 1 }
        l.draw(x: r.x, y: r.y, maxWidth: r.width - bw - 1, into: &buf)
        var x = r.maxX - bw
        for (t, st) in badges {
            buf.write(t, x: x, y: r.y, style: st)
            x += displayWidth(t) + 1
        }

        // Second line: label/value groups, most important first, each shown only if it fits whole.
        // Numerator and denominator over the same rows (workload, issuer and funder).
        var groups: [(String, String, CellStyle)] = [
            (" strategy ", s.strategy.rawValue, theme.value),
            ("  target ", "\(Int(s.targetRate)) tx/s", theme.value),
            // Below half the target for 3 ledgers running: the workload is not getting through.
            ("  actual ", String(format: "%.1f tx/s", s.validatedRate), s.ledgersBelowHalfTarget >= 3 ? theme.bad : theme.value),
            ("  diverged ", "\(s.divergedAccounts)/\(s.accounts.count)", s.divergedAccounts > 0 ? theme.bad : theme.good),
        ]
        if s.stuckAccounts > 0 { groups.append(("  stuck ", "\(s.stuckAccounts)", theme.bad)) }
        if s.serverResets > 0 { groups.append(("  server resets ", "\(s.serverResets)", theme.bad)) }
        if !s.reconciled.isEmpty { groups.append(("  reconciled ", "\(s.reconciled.values.reduce(0, +))", theme.value)) }
        groups += [
            ("  tracked ", "\(s.totalTracked)", theme.value),
            ("  pauses ", "\(s.globalPauses)", theme.value),
        ]
        if s.health.reconnects > 0 { groups.append(("  reconnects ", "\(s.health.reconnects)", theme.warn)) }
        if let ms = s.health.requestLatencyMs { groups.append(("  rtt ", String(format: "%.0f ms", ms), theme.value)) }
        var m = TextLine()
        for (label, value, style) in groups where m.width + displayWidth(label) + displayWidth(value) <= r.width {
            m.add(label, theme.label)
            m.add(value, style)
        }
        m.draw(x: r.x, y: r.y + 1, maxWidth: r.width, into: &buf)
    }

    func drawFees(_ s: Snapshot, tall: Bool, in r: Rect, into buf: inout CellBuffer) {
        let f = s.fees
        // One `fee` reply, named by the open ledger it describes and its age: the engine's
        // QUEUED count beside it is the engine's belief, and may be ahead of this reading.
        let age = f.ageSeconds.map { String(format: tall ? " (%.1fs ago)" : " %.1fs", $0) } ?? ""
        let title = f.readAtLedger.map { (tall ? "Server fee & queue, ledger #\($0)" : "Server #\($0)") + age }
            ?? (tall ? "Server fee & queue (not read yet)" : "Server fees (not read)")
        let inner = Panel(title).draw(in: r, into: &buf, theme: theme)
        let x = inner.x + 1, w = inner.width - 2
        let numW = 10
        let labelW = tall ? 12 : 7
        let gw = max(4, w - labelW - 1 - numW)
        buf.write(tall ? "open ledger" : "ledger", x: x, y: inner.y, style: theme.label)
        Gauge(value: Double(f.currentLedgerSize), capacity: Double(max(1, f.expectedLedgerSize)), hotAt: 1)
            .draw(x: x + labelW, y: inner.y, width: gw, into: &buf, theme: theme)
        buf.write("\(f.currentLedgerSize)/\(f.expectedLedgerSize)".fitted(numW, right: true), x: x + labelW + gw + 1, y: inner.y, style: theme.value)
        buf.write("queue", x: x, y: inner.y + 1, style: theme.label)
        Gauge(value: Double(f.currentQueueSize), capacity: Double(max(1, f.maxQueueSize ?? 1)))
            .draw(x: x + labelW, y: inner.y + 1, width: gw, into: &buf, theme: theme)
        buf.write(f.queueUtilization.fitted(numW, right: true), x: x + labelW + gw + 1, y: inner.y + 1, style: theme.value)
        var fees = TextLine()
        let sep = tall ? "  " : " "
        fees.add("base ", theme.label); fees.add("\(f.baseFee)", theme.value)
        fees.add("\(sep)min ", theme.label); fees.add("\(f.minimumFee)", theme.value)
        fees.add(tall ? "  median " : " med ", theme.label); fees.add("\(f.medianFee)", theme.value)
        // The unit whole or not at all: a cut "dr" reads as nothing.
        if fees.width + 6 <= w { fees.add(" drops", theme.label) }
        fees.draw(x: x, y: inner.y + 2, maxWidth: w, into: &buf)
        var open = TextLine()
        open.add("open-ledger fee ", theme.label)
        open.add("\(f.openLedgerFee) drops", f.escalated ? theme.bad : theme.value)
        open.draw(x: x, y: inner.y + 3, maxWidth: w, into: &buf)
        var esc = TextLine()
        if f.escalated {
            esc.add("▲ ESCALATED", theme.bad)
        } else {
            esc.add("· not escalated", theme.good)
        }
        esc.add(String(format: "  load ×%.1f", f.loadFactor), f.loadFactor > 1 ? theme.warn : theme.label)
        esc.draw(x: x, y: inner.y + 4, maxWidth: w, into: &buf)
        if tall, inner.height > 6 {
            buf.write("submit results (engine_result)", x: x, y: inner.y + 6, style: theme.header)
            for (i, r) in s.results.prefix(inner.height - 7).enumerated() {
                buf.write(r.token.fitted(w - 10), x: x, y: inner.y + 7 + i, style: resultStyle(r.token))
                buf.write("\(r.count)".fitted(9, right: true), x: x + w - 9, y: inner.y + 7 + i, style: theme.value)
            }
        }
    }

    func resultStyle(_ token: String) -> CellStyle {
        if token == "tesSUCCESS" { return theme.good }
        if token.hasPrefix("ter") || token.hasPrefix("tel") { return theme.warn }
        if token.hasPrefix("tef") || token.hasPrefix("tem") || token.hasPrefix("tec") { return theme.bad }
        return theme.text
    }

    func stateStyle(_ st: TxState) -> CellStyle {
        switch st {
        case .validated: return theme.good
        case .rejected, .expired, .failedNet: return theme.bad
        case .held, .retryable, .queued: return theme.warn
        default: return theme.text
        }
    }

    func drawStates(_ s: Snapshot, history: StateHistory, tall: Bool, in r: Rect, into buf: inout CellBuffer) {
        let inner = Panel("Transaction states (engine)").draw(in: r, into: &buf, theme: theme)
        let states = TxState.allCases
        if tall && inner.height >= states.count + 1 {
            let x = inner.x + 1, w = inner.width - 2
            // Each line scales to its own largest value, printed after it ("max 173").
            let sparkW = max(4, w - 41)
            buf.write("STATE".fitted(11) + "COUNT".fitted(9, right: true) + " " + "TX/LEDGER".fitted(9, right: true) + "  HISTORY (per ledger, own scale)",
                      x: x, y: inner.y, style: theme.header, maxWidth: w)
            for (i, st) in states.enumerated() {
                let y = inner.y + 1 + i
                let samples = history.samples[st] ?? []
                buf.write(st.rawValue.fitted(11), x: x, y: y, style: stateStyle(st))
                buf.write("\(s.byState[st] ?? 0)".fitted(9, right: true), x: x + 11, y: y, style: theme.value)
                buf.write(String(format: "%.1f", history.perLedger(st)).fitted(9, right: true), x: x + 21, y: y, style: theme.text)
                buf.write(Sparkline.render(samples, width: sparkW), x: x + 32, y: y, style: theme.spark)
                buf.write("max \(Screen.number(samples.suffix(sparkW).max() ?? 0))".fitted(8, right: true), x: x + 32 + sparkW, y: y, style: theme.label)
            }
            return
        }
        // Compact: two columns of name, count, sparkline, all on one scale (the panel's
        // largest per-ledger figure, printed in the title row's place below).
        let colW = (inner.width - 1) / 2
        let shared = states.map { (history.samples[$0] ?? []).suffix(max(0, colW - 18)).max() ?? 0 }.max() ?? 0
        for (i, st) in states.enumerated() {
            let col = i < 5 ? 0 : 1
            let y = inner.y + (i < 5 ? i : i - 5)
            let x = inner.x + 1 + col * (colW + 1)
            let sparkW = max(0, colW - 18)
            buf.write(st.rawValue.fitted(10), x: x, y: y, style: stateStyle(st))
            buf.write(Screen.number(s.byState[st] ?? 0).fitted(6, right: true), x: x + 10, y: y, style: theme.value)
            buf.write(Sparkline.render(history.samples[st] ?? [], width: sparkW, top: shared), x: x + 17, y: y, style: theme.spark)
        }
        let scale = " scale 0–\(Screen.number(shared))/ledger "
        if inner.width > 40 { buf.write(scale, x: r.maxX - displayWidth(scale) - 2, y: r.maxY - 1, style: theme.label) }
        // A sixth row when there is one: where the validated rate comes from.
        guard inner.height > 5 else { return }
        let x = inner.x + 1
        let vw = max(0, inner.width - 32)
        buf.write("validated/ledger ", x: x, y: inner.y + 5, style: theme.label)
        buf.write(Sparkline.render(s.validatedPerLedger, width: vw), x: x + 17, y: inner.y + 5, style: theme.good)
        buf.write("max \(Screen.number(s.validatedPerLedger.suffix(vw).max() ?? 0))".fitted(12, right: true), x: x + 17 + vw, y: inner.y + 5, style: theme.label)
    }

    /// The submit replies' engine_result counts (not the final results: a terQUEUED here may
    /// well have validated since), as many as fit, most frequent first.
    func drawResults(_ s: Snapshot, in r: Rect, into buf: inout CellBuffer) {
        var l = TextLine()
        l.add(" submit results ", theme.label)
        for (i, res) in s.results.enumerated() {
            let piece = (i > 0 ? " · " : "") + "\(res.token) \(res.count)"
            let more = s.results.count - i - 1
            // Room for this code, and for a "+N more" after it if any remain.
            guard l.width + displayWidth(piece) + (more > 0 ? 10 : 0) <= r.width else {
                l.add("  +\(s.results.count - i) more", theme.label)
                break
            }
            if i > 0 { l.add(" · ", theme.label) }
            l.add(res.token, resultStyle(res.token))
            l.add(" \(res.count)", theme.value)
        }
        if s.results.isEmpty { l.add("none yet", theme.label) }
        l.draw(x: r.x, y: r.y, maxWidth: r.width, into: &buf)
    }
}
