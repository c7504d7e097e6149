import ArgumentParser
import Console
import Foundation
import Workload
import XRPL

/// `seqwatch bench render`: how long one console frame takes to render into the cell buffer
/// for a big snapshot (goal ≤ 2 ms for 1,000 accounts), plus the row diff the terminal flush
/// starts from. No terminal involved: this is the part that scales with the snapshot.
struct RenderBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Console frame render time for a large snapshot.")

    @Option(help: "Accounts in the snapshot.") var accounts: Int = 1_000
    @Option(help: "Frames to render.") var frames: Int = 500
    @Option(help: "Screen width.") var width: Int = 160
    @Option(help: "Screen height.") var height: Int = 48
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard (1...100_000).contains(accounts) else { throw ValidationError("--accounts must be in 1...100000") }
        guard (1...100_000).contains(frames) else { throw ValidationError("--frames must be in 1...100000") }
        guard width >= 80, height >= 24, width <= 1_000, height <= 1_000 else { throw ValidationError("--width/--height must be at least 80×24") }
    }

    func run() async throws {
        // Two snapshots a few rows apart (1 % of the accounts change their gap, in-flight count
        // and status), alternated: each frame has new numbers to sort and draw, as in a run.
        let snapshot = try ConsoleFixture.snapshot(accounts: accounts)
        var other = snapshot
        for i in stride(from: 0, to: accounts, by: 100) {
            var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(other.accounts[i])) as! [String: Any]
            json["gap"] = (i / 100) % 7
            json["in_flight"] = (i / 100) % 5
            json["status"] = i % 300 == 0 ? "STUCK" : "OK"
            other.accounts[i] = try JSONDecoder().decode(AccountRow.self, from: JSONSerialization.data(withJSONObject: json))
        }
        other.time = snapshot.time.addingTimeInterval(0.1)
        let snapshots = [snapshot, other]
        // A full scroll-back: the console's log at its 10,000-line bound.
        var log = EventArchive()
        for n in 0..<10_000 {
            log.append(LogLine(ledger: UInt32(1_000 + n / 20), kind: n % 50 == 0 ? "resync" : "heal", message: "account r\(n) event \(n)", at: nil, detail: n % 50 == 1))
        }
        let history = ConsoleFixture.history
        let screen = Screen(theme: .color)
        var state = ConsoleState()
        // Sorted by gap: the worst case (a sort of every row every frame).
        state.sort = .gap
        let page = ScreenLayout(width: width, height: height).accountPage
        state.sync(snapshot: snapshot, pageSize: page)
        for _ in 0..<20 { _ = screen.render(snapshot, state: state, history: history, log: log, width: width, height: height) }

        let clock = ContinuousClock()
        var times: [Double] = []
        var previous: CellBuffer?
        var changed = 0
        for i in 0..<frames {
            let start = clock.now
            // What a frame does: sync (filter + sort for the reducer), render, diff.
            let s = snapshots[i % 2]
            state.sync(snapshot: s, pageSize: page)
            let buf = screen.render(s, state: state, history: history, log: log, width: width, height: height)
            changed += buf.changedRows(since: previous).count
            times.append((clock.now - start) / .microseconds(1))
            previous = i % 2 == 0 ? nil : buf
        }
        times.sort()
        let mean = times.reduce(0, +) / Double(times.count)
        let p50 = times[times.count / 2], p99 = times[min(times.count - 1, times.count * 99 / 100)]
        if json {
            Output.json([
                "accounts": .int(Int64(accounts)), "frames": .int(Int64(frames)), "width": .int(Int64(width)), "height": .int(Int64(height)),
                "mean_ms": .double((mean / 10).rounded() / 100), "p50_ms": .double((p50 / 10).rounded() / 100),
                "p99_ms": .double((p99 / 10).rounded() / 100), "goal_ms": .double(2),
            ])
        } else {
            print(String(format: "render %d accounts at %d×%d: mean %.3f ms, p50 %.3f ms, p99 %.3f ms per frame (%d frames; goal ≤ 2 ms)",
                         accounts, width, height, mean / 1000, p50 / 1000, p99 / 1000, frames))
        }
        _ = changed
    }
}
