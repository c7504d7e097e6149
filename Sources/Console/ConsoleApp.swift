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
        var history = StateHistory()
        var frozen: Snapshot?
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
                    term.present(screen.render(backend.latest(), state: state, history: history, width: w, height: h))
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
                    for c in state.apply(action) { sink.yield(c) }
                }
            }
            for reply in replies.drain() { _ = state.apply(reply) }
            if state.quitRequested { return .quit }

            let latest = backend.latest()
            screen.linkProblem = backend.linkProblem()
            if let s = latest { history.record(s) }
            if state.frozen { frozen = frozen ?? latest } else { frozen = nil }
            let shown = frozen ?? latest
            // Keep the detail overlay live: re-read the chain twice a second.
            if frame % 5 == 0, case .detail(let a, _) = state.overlay { sink.yield(.loadDetail(account: a)) }

            let (w, h) = term.size
            if let s = shown { state.sync(snapshot: s, pageSize: ScreenLayout(width: w, height: h).accountPage) }
            state.tick()
            state.wallNow = Date()
            term.present(screen.render(shown, state: state, history: history, width: w, height: h))
            frame += 1
            try? await Task.sleep(for: frameTime)
        }
    }
}
