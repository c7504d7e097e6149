import Workload

/// The charts view (`c`): validated and submitted transactions per ledger over the last 60
/// ledgers, on an axis with a scale, and the submit→validated latency histogram in ledgers.
extension Screen {
    func drawCharts(_ s: Snapshot, in r: Rect, into buf: inout CellBuffer) {
        let inner = Panel("Charts", focused: true).draw(in: r, into: &buf, theme: theme)
        guard inner.height >= 10 else { return }
        let x = inner.x + 1, w = inner.width - 2
        let latencyRows = min(8, max(3, inner.height / 3))
        let chartH = inner.height - latencyRows - 5
        let n = min(60, s.validatedPerLedger.count)
        var title = TextLine()
        title.add("Throughput per ledger, last \(n) ledgers   ", theme.header)
        title.add("█ validated", theme.good)
        title.add("   • submitted", theme.info)
        title.add("   (tx/ledger)", theme.label)
        title.draw(x: x, y: inner.y, maxWidth: w, into: &buf)
        let validated = Array(s.validatedPerLedger.suffix(n))
        let submitted = Array(s.submittedPerLedger.suffix(n))
        var chart = BarChart(values: validated, markers: submitted.isEmpty ? nil : submitted)
        chart.columnWidth = max(1, min(3, (w - chart.labelWidth - 1) / max(1, n)))
        let chartW = min(w, chart.labelWidth + 1 + n * chart.columnWidth)
        chart.draw(in: Rect(x: x, y: inner.y + 1, width: chartW, height: chartH), into: &buf, bar: theme.good, marker: theme.info, axis: theme.label)
        // The x axis: the first and last ledger shown, under their bars.
        let axisY = inner.y + 1 + chartH
        if n > 0 {
            let first = "#\(s.validatedIndex >= UInt32(n - 1) ? s.validatedIndex - UInt32(n - 1) : 0)"
            let last = "#\(s.validatedIndex)"
            let plotX = x + chart.labelWidth + 1
            buf.write(first, x: plotX, y: axisY, style: theme.label)
            buf.write(last, x: max(plotX + displayWidth(first) + 1, x + chartW - displayWidth(last)), y: axisY, style: theme.label)
        } else {
            buf.write("no ledger closed yet", x: x, y: axisY, style: theme.label)
        }
        let ly = axisY + 2
        let samples = s.latencyLedgers.reduce(0, +)
        buf.write("Submit → validated latency (ledgers), \(samples) validated", x: x, y: ly, style: theme.header, maxWidth: w)
        // Buckets 0…k-2 one by one, the rest together.
        let k = latencyRows
        var buckets: [(String, Int)] = []
        for i in 0..<min(k - 1, s.latencyLedgers.count) { buckets.append(("\(i)", s.latencyLedgers[i])) }
        if s.latencyLedgers.count >= k { buckets.append(("≥\(k - 1)", s.latencyLedgers.dropFirst(k - 1).reduce(0, +))) }
        if buckets.isEmpty {
            buf.write("nothing validated yet", x: x, y: ly + 1, style: theme.label)
        } else {
            Histogram(buckets: buckets).draw(in: Rect(x: x, y: ly + 1, width: min(w, 90), height: k), into: &buf, bar: theme.info, text: theme.value, label: theme.label)
        }
        buf.write("Esc back", x: x, y: inner.maxY - 1, style: theme.label)
    }
}
