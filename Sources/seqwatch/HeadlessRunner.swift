import Foundation
import LedgerClient
import LedgerSim
import Workload

/// Drives an `Engine` without the console: one status line per validated ledger plus the
/// engine's events, until a signal (or `duration`), then a graceful stop and a final summary.
struct HeadlessRunner {
    let engine: Engine
    let drain: Double
    let duration: Double
    let simulator: Simulator?
    /// Extra long-running work that lives as long as the engine (the HTTP API).
    var sidecars: [@Sendable () async throws -> Void] = []

    /// Every source of "stop now" (the engine ending, a signal, the duration, a failed
    /// sidecar) yields into one stream; the first reason wins. Unstructured tasks rather than a
    /// task group, because the engine must keep running (draining) after the decision.
    func run(endpoint: LedgerEndpoint) async throws {
        let engine = self.engine
        let (reasons, decide) = AsyncStream<StopReason>.makeStream()
        let engineTask = Task {
            do {
                try await engine.run()
                decide.yield(.engineEnded(nil))
            } catch {
                decide.yield(.engineEnded(Self.reason(error)))
            }
        }
        let helpers = RunSupervisor.startStopSources(duration: duration, sidecars: sidecars) { cause in
            switch cause {
            case .signal: decide.yield(.signal)
            case .duration: decide.yield(.duration)
            case .failed(let reason): decide.yield(.sidecarFailed(reason))
            }
        }
        defer { helpers.forEach { $0.cancel() } }
        let printer = Task { await Self.printStatus(engine.store) }
        defer { printer.cancel() }
        var iterator = reasons.makeAsyncIterator()
        let first = await iterator.next() ?? .signal

        switch first {
        case .engineEnded(let reason?):
            throw CLIError("cannot run the workload on \(endpoint): \(reason)")
        case .sidecarFailed(let reason):
            _ = await engine.stop(drain: .zero)
            await engineTask.value
            throw CLIError(reason)
        default:
            break
        }
        await RunSupervisor.drainAndSummarize(engine: engine, engineTask: engineTask, drain: drain) {
            printer.cancel()
            _ = await printer.value
        }
    }

    enum StopReason: Sendable {
        case signal, duration
        case engineEnded(String?)
        case sidecarFailed(String)
    }

    static func reason(_ error: Error) -> String {
        let text = "\(error)"
        // NIO's connection errors nest their cause several layers deep; say what it was.
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("No address associated") || text.contains("Name or service not known") { return "unknown host" }
        if text.contains("timed out") || text.contains("timeout") { return "timed out" }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    /// Prints a line whenever the validated ledger advances, preceded by the events logged since
    /// the previous line. Polls the snapshot store (the engine never waits on output).
    static func printStatus(_ store: SnapshotStore) async {
        var lastIndex: UInt32 = 0
        var lastEventTime = -Double.infinity
        var lastPhase = ""
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            guard let s = store.latest else { continue }
            for e in s.events where e.time > lastEventTime {
                Console.line("  [\(e.kind)] \(e.message)")
            }
            lastEventTime = s.events.last?.time ?? lastEventTime
            if s.phase.rawValue != lastPhase {
                lastPhase = s.phase.rawValue
                Console.line("seqwatch run: phase \(lastPhase)")
            }
            if s.validatedIndex != lastIndex {
                lastIndex = s.validatedIndex
                Console.line(StatusLine.line(s))
            }
        }
    }
}

/// The headless status line and the final summary: the counts the console shows, as text.
enum StatusLine {
    static func line(_ s: Snapshot) -> String {
        let n = { (state: TxState) in s.byState[state] ?? 0 }
        let last = s.validatedPerLedger.last ?? 0
        var parts = [
            "ledger \(s.validatedIndex)",
            "\(s.mode) \(s.strategy.rawValue)"
                + (s.fundedDone.flatMap { d in s.fundedTotal.map { " funded \(d)/\($0)" } } ?? "")
                + (s.reconcileDone.flatMap { d in s.reconcileTotal.map { " read \(d)/\($0)" } } ?? ""),
            "validated \(n(.validated)) (+\(last))",
            "submitted \(n(.submitted)) queued \(n(.queued)) held \(n(.held)) retryable \(n(.retryable)) failed_net \(n(.failedNet))",
            "rejected \(n(.rejected)) expired \(n(.expired)) abandoned \(n(.abandoned))",
            // Over the same rows as the console and the API: workload, issuer and funder.
            "diverged \(s.divergedAccounts)/\(s.accounts.count)" + (s.stuckAccounts > 0 ? " stuck \(s.stuckAccounts)" : ""),
            "fee \(s.fees.openLedgerFee) queue \(s.fees.queueUtilization)",
            String(format: "%.1f tx/s", s.validatedRate),
        ]
        if !s.health.connected { parts.append("DISCONNECTED") }
        if s.serverResets > 0 { parts.append("SERVER RESETS \(s.serverResets)") }
        return parts.joined(separator: " | ")
    }

    static func summary(_ s: Snapshot) -> String {
        let n = { (state: TxState) in s.byState[state] ?? 0 }
        let live = TxState.allCases.filter { !$0.isFinal }.map { n($0) }.reduce(0, +)
        let preSeq = s.results.first { $0.token == "terPRE_SEQ" }?.count ?? 0
        return "seqwatch run: stopped at ledger \(s.validatedIndex): \(s.totalTracked) tracked, \(n(.validated)) validated, "
            + "\(n(.rejected)) rejected, \(n(.expired)) expired, \(n(.abandoned)) abandoned, \(live) not final; terPRE_SEQ \(preSeq), "
            + "global pauses \(s.globalPauses), diverged accounts \(s.divergedAccounts)"
    }
}
