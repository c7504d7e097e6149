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

    func run(endpoint: LedgerEndpoint) async throws {
        let engine = self.engine
        let engineTask = Task { try await engine.run() }
        let outcome: StopReason = await withTaskGroup(of: StopReason.self) { group in
            group.addTask {
                do {
                    try await engineTask.value
                    return .engineEnded(nil)
                } catch {
                    return .engineEnded(Self.reason(error))
                }
            }
            group.addTask {
                await Signals.waitForTermination()
                return .signal
            }
            if duration > 0 {
                let d = duration
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(Int64(d * 1000)))
                    return Task.isCancelled ? .signal : .duration
                }
            }
            for sidecar in sidecars {
                group.addTask {
                    do {
                        try await sidecar()
                        return .signal
                    } catch is CancellationError {
                        return .signal
                    } catch {
                        return .sidecarFailed(Self.reason(error))
                    }
                }
            }
            group.addTask {
                await Self.printStatus(engine.store)
                return .signal
            }
            let first = await group.next() ?? .signal
            group.cancelAll()
            return first
        }
        switch outcome {
        case .engineEnded(let reason?):
            throw CLIError("cannot run the workload on \(endpoint): \(reason)")
        case .sidecarFailed(let reason):
            _ = await engine.stop(drain: .zero)
            engineTask.cancel()
            throw CLIError(reason)
        default:
            break
        }
        Console.line("seqwatch run: stopping — no new transactions; waiting up to \(drain) s for in-flight ones to become final")
        let final = await engine.stop(drain: .milliseconds(Int64(drain * 1000)))
        _ = try? await engineTask.value
        Console.line(StatusLine.summary(final))
    }

    enum StopReason: Sendable {
        case signal, duration
        case engineEnded(String?)
        case sidecarFailed(String)
    }

    static func reason(_ error: Error) -> String {
        let text = "\(error)"
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
        let workload = s.accounts.filter { $0.role == "workload" }
        var parts = [
            "ledger \(s.validatedIndex)",
            "\(s.mode) \(s.strategy.rawValue)",
            "validated \(n(.validated)) (+\(last))",
            "submitted \(n(.submitted)) queued \(n(.queued)) held \(n(.held)) retryable \(n(.retryable)) failed_net \(n(.failedNet))",
            "rejected \(n(.rejected)) expired \(n(.expired))",
            "diverged \(s.divergedAccounts)/\(workload.count)",
            "fee \(s.fees.openLedgerFee) queue \(s.fees.queueUtilization)",
            String(format: "%.1f tx/s", s.validatedRate),
        ]
        if !s.health.connected { parts.append("DISCONNECTED") }
        return parts.joined(separator: " | ")
    }

    static func summary(_ s: Snapshot) -> String {
        let n = { (state: TxState) in s.byState[state] ?? 0 }
        let live = TxState.allCases.filter { !$0.isFinal }.map { n($0) }.reduce(0, +)
        let preSeq = s.results.first { $0.token == "terPRE_SEQ" }?.count ?? 0
        return "seqwatch run: stopped at ledger \(s.validatedIndex): \(s.totalTracked) tracked, \(n(.validated)) validated, "
            + "\(n(.rejected)) rejected, \(n(.expired)) expired, \(live) not final; terPRE_SEQ \(preSeq), "
            + "global pauses \(s.globalPauses), diverged accounts \(s.divergedAccounts)"
    }
}
