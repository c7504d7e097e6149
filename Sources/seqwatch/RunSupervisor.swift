import Foundation
import Workload

/// What the headless and the console runs share: the sources of "stop now" (a signal, the
/// `--duration`, a failed sidecar such as the HTTP API) and the graceful ending (drain with a
/// second signal as the way out, then the summary line).
enum RunSupervisor {
    enum Cause: Sendable {
        case signal, duration
        case failed(String)
    }

    /// Starts the stop sources; each reports through `report` (at most once per source). The
    /// caller cancels the returned tasks when the run is over.
    static func startStopSources(
        duration: Double, sidecars: [@Sendable () async throws -> Void], report: @escaping @Sendable (Cause) -> Void
    ) -> [Task<Void, Never>] {
        var tasks: [Task<Void, Never>] = [
            Task {
                await Signals.waitForTermination()
                if !Task.isCancelled { report(.signal) }
            }
        ]
        if duration > 0 {
            tasks.append(Task {
                try? await Task.sleep(for: .milliseconds(Int64(duration * 1000)))
                if !Task.isCancelled { report(.duration) }
            })
        }
        for sidecar in sidecars {
            tasks.append(Task {
                do {
                    try await sidecar()
                } catch is CancellationError {
                } catch {
                    report(.failed(HeadlessRunner.reason(error)))
                }
            })
        }
        return tasks
    }

    /// Stops generating, waits up to `drain` seconds for in-flight transactions to become final
    /// (a second signal exits at once), waits for the engine loop, prints the summary line.
    static func drainAndSummarize(
        engine: Engine, engineTask: Task<Void, Never>, drain: Double, console: Bool = false, beforeSummary: () async -> Void = {}
    ) async {
        // After the console, `q` stops the drain too (stdin watched in cbreak mode meanwhile).
        let keys = console ? DrainKeys {
            Console.line("seqwatch run: q, stopping without waiting for in-flight transactions")
            Foundation.exit(130)
        } : nil
        defer { keys?.restore() }
        let impatient = Task {
            await Signals.waitForTermination()
            if !Task.isCancelled {
                keys?.restore()
                Console.line("seqwatch run: second signal, stopping without waiting for in-flight transactions")
                Foundation.exit(130)
            }
        }
        defer { impatient.cancel() }
        let skip = console ? "press q or Ctrl-C to stop without waiting" : "Ctrl-C again stops without waiting"
        Console.line("seqwatch run: stopping — no new transactions; waiting up to \(drain) s for in-flight ones to become final (\(skip))")
        let final = await engine.stop(drain: .milliseconds(Int64(drain * 1000)))
        await engineTask.value
        await beforeSummary()
        Console.line(StatusLine.summary(final))
    }
}
