import Foundation
import Workload

/// The console's loop on the MainActor: up to 10 frames a second it reads pending keys, runs
/// them through the key map and reducer, renders the newest snapshot into a cell buffer and
/// lets the terminal flush what changed. Engine commands go, in key order, through one
/// channel consumed by one task, so the screen never waits on the engine.
@MainActor
public final class ConsoleApp {
    public enum Outcome: Sendable, Equatable {
        case quit
        case signal
        case engineFailed(String)
        case engineEnded
    }

    private let backend: any ConsoleBackend
    private let theme: Theme
    private let fps: Double
    private let replies: ConsoleInbox

    public init(backend: any ConsoleBackend, theme: Theme, fps: Double = 10, inbox: ConsoleInbox = ConsoleInbox()) {
        self.backend = backend
        self.theme = theme
        self.fps = fps
        self.replies = inbox
    }

    /// Runs until q, a stop reason, or the engine failing; closes the terminal before
    /// returning in every case.
    public func run(on term: NcursesTerminal, stop: ConsoleStop) async -> Outcome {
        let replies = self.replies
        let (commands, sink) = AsyncStream<ConsoleCommand>.makeStream()
        let worker = Task.detached { [backend] in
            for await c in commands {
                for reply in await backend.execute(c) { replies.post(reply) }
            }
        }
        defer {
            sink.finish()
            worker.cancel()
            term.close()
        }

        var state = ConsoleState(faults: backend.faultMenu)
        state.realServer = backend.realServer
        var feed = ConsoleFeed()
        var lastFrame: CellBuffer?
        var screen = Screen(theme: theme)
        screen.endpoint = backend.endpointName
        var frame = 0
        let frameTime = Duration.milliseconds(Int64(1000 / max(1, fps)))

        while true {
            if let reason = stop.reason {
                switch reason {
                case .signal: return .signal
                case .engineEnded: return .engineEnded
                case .engineFailed(let e):
                    screen.engineError = e
                    let (w, h) = term.size
                    term.present(screen.render(backend.latest(), state: state, history: feed.displayedHistory, log: feed.log, width: w, height: h))
                    try? await Task.sleep(for: .milliseconds(1500))
                    return .engineFailed(e)
                }
            }
            while let key = term.readKey() {
                if key == .resize { term.invalidate(); continue }
                let (w, h) = term.size
                if !ScreenLayout(width: w, height: h).fits {
                    if key == .char("q") { state.quitRequested = true }
                    continue
                }
                if let action = KeyMap.action(for: key, in: state) {
                    for c in state.apply(action) {
                        switch c {
                        case .redraw:
                            term.invalidate()
                        case .export:
                            _ = state.apply(.notice(exportNow(feed.shown, frame: lastFrame)))
                        default:
                            sink.yield(c)
                        }
                    }
                }
            }
            for reply in replies.drain() { _ = state.apply(reply) }
            if state.quitRequested { return .quit }

            let now = Date()
            screen.linkProblem = backend.linkProblem()
            state.wallNow = now
            // The console's own lines join the log in the order they happened: a "requested"
            // line always comes before the engine's results.
            feed.note(state.localEvents.map { LogLine(ledger: $0.ledger, kind: $0.kind, message: $0.message, at: $0.at) })
            state.localEvents.removeAll()
            feed.take(backend.latest(), frozen: state.frozen, now: now)
            // The simulator's standing faults, once a second, off the frame (an attached
            // console asks the engine; its client's 5 s timeout bounds the reads in flight).
            if frame % 10 == 0 {
                Task.detached { [backend, replies] in replies.post(.activeFaults(await backend.activeFaults())) }
            }
            // Keep the detail overlay live (the chain re-read twice a second), and the heal plan
            // too: what Enter confirms is the plan as it is now.
            if frame % 5 == 0 {
                switch state.overlay {
                case .detail(let a, _): sink.yield(.loadDetail(account: a))
                case .healConfirm(let a, _): sink.yield(.loadHealPlan(account: a))
                default: break
                }
            }

            let (w, h) = term.size
            state.feed = feed.status(now: now)
            if let s = feed.shown {
                let lines = feed.log.count(filter: state.eventFilter, details: state.showDetails, end: state.feed.logEnd)
                state.sync(snapshot: s, pageSize: ScreenLayout(width: w, height: h).accountPage, eventCount: lines)
            }
            state.tick()
            let buffer = screen.render(feed.shown, state: state, history: feed.displayedHistory, log: feed.log, width: w, height: h)
            term.present(buffer)
            lastFrame = buffer
            frame += 1
            try? await Task.sleep(for: frameTime)
        }
    }

    /// Writes the export and says where (or why not) in one line.
    private func exportNow(_ snapshot: Snapshot?, frame: CellBuffer?) -> String {
        guard let snapshot, let frame else { return "export: nothing to export yet" }
        do {
            let (json, text) = try ConsoleExport.write(snapshot, screen: frame, directory: backend.exportDirectory, at: Date())
            return "exported \(json) and \(text)"
        } catch {
            return "export to \(backend.exportDirectory) failed: \(error.localizedDescription)"
        }
    }
}
