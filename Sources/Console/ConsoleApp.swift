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

    private let engine: Engine
    private let faults: (any FaultInjector)?
    private let theme: Theme
    private let fps: Double
    private let replies: ConsoleInbox

    public init(engine: Engine, faults: (any FaultInjector)?, theme: Theme, fps: Double = 10, inbox: ConsoleInbox = ConsoleInbox()) {
        self.engine = engine
        self.faults = faults
        self.theme = theme
        self.fps = fps
        self.replies = inbox
    }

    /// Runs until q, a stop reason, or the engine failing; closes the terminal before
    /// returning in every case.
    public func run(on term: NcursesTerminal, stop: ConsoleStop) async -> Outcome {
        let replies = self.replies
        let (commands, sink) = AsyncStream<ConsoleCommand>.makeStream()
        let worker = Task.detached { [engine, faults] in
            for await c in commands { await Self.execute(c, engine: engine, faults: faults, replies: replies) }
        }
        defer {
            sink.finish()
            worker.cancel()
            term.close()
        }

        var state = ConsoleState(faults: faults?.menu ?? [])
        // Faults exist only on the embedded simulator: without them, this is a real server.
        state.realServer = faults == nil
        var history = StateHistory()
        var frozen: Snapshot?
        var screen = Screen(theme: theme)
        screen.endpoint = engine.endpointName
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
                    term.present(screen.render(engine.store.latest, state: state, history: history, width: w, height: h))
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

            let latest = engine.store.latest
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

    /// Runs one command against the engine (or the simulator); replies go to the next frame.
    nonisolated static func execute(_ c: ConsoleCommand, engine: Engine, faults: (any FaultInjector)?, replies: ConsoleInbox) async {
        switch c {
        case .pause: await engine.pause()
        case .resume: await engine.resume()
        case .resync(let a): await engine.resync(account: a)
        case .heal(let a): await engine.heal(account: a)
        case .injectDivergence(let a): await engine.injectDivergence(account: a)
        case .setRate(let r): await engine.setRate(r)
        case .setStrategy(let k): await engine.setStrategy(k)
        case .loadHealPlan(let a):
            replies.post(.healPlanLoaded(account: a, plan: await engine.healPlan(account: a)))
        case .loadDetail(let a):
            guard let (chain, txs) = await engine.chain(a) else { return }
            let plan = await engine.healPlan(account: a)
            replies.post(.detailLoaded(AccountDetail(chain: chain, transactions: txs, plan: plan)))
        case .injectFault(let spec):
            guard let faults else {
                replies.post(.faultResult("faults need the embedded simulator"))
                return
            }
            do {
                let answer = try await faults.inject(spec)
                replies.post(.faultResult("injected \(spec): \(answer)"))
            } catch {
                replies.post(.faultResult("fault \(spec) refused: \(error)"))
            }
        }
    }
}
