import Foundation
import TestSupport
import Testing
import XRPL

/// `seqwatch console --attach`: the console in tmux, the engine a headless run in another
/// process. Keys sent from the attached console act on the engine (checked through its API, not
/// only on screen); killing the engine shows the lost link, and a new engine on the same port is
/// picked up without restarting the console.
@Suite(.serialized, .waitsOnProcesses) struct AttachTmuxTests {
    static let token = "attach-test-token-93d1"

    static func headless(port: Int) throws -> SeqWatchProcess {
        try SeqWatchProcess(
            ["run", "--headless", "--http", "127.0.0.1:\(port)", "--close-interval", "0.3", "--accounts", "4", "--drain", "1"],
            environment: ["SEQWATCH_CONTROL_TOKEN": token])
    }

    /// GET /state/summary from the test: the engine's own word, not the console's.
    static func summary(_ port: Int) -> JSONValue? {
        guard let reply = try? RawHTTP.get(port: port, path: "/state/summary", timeout: 5), reply.status == 200 else { return nil }
        return try? JSONValue.parse(reply.body)
    }

    static func waitForEngine(_ port: Int, _ what: String, timeout: Double = 60, _ condition: (JSONValue) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = summary(port), condition(s) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for the engine: \(what)")
        return false
    }

    @Test(.enabled(if: ConsoleTmuxTests.tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(3)))
    func attachedConsolePausesResumesAndSurvivesAnEngineRestart() throws {
        let port = try StatusCommandTests.freePort()
        var engine = try Self.headless(port: port)
        defer { engine.stop() }
        try #require(engine.waitFor("/state/summary", timeout: 120, stdout: true), "engine did not start: \(engine.stderr)")
        try #require(Self.waitForEngine(port, "running") { $0["paused"]?.boolValue == false && $0["mode"]?.stringValue == "running" })

        // The engine wants a token: the console's keys carry it (and never show it).
        let s = try ConsoleTmuxTests.Session(width: 120, height: 40, args: ["console", "--attach", "http://127.0.0.1:\(port)", "--control-token", Self.token])
        try #require(s.wait("4 workload rows, RUNNING", timeout: 60) { ConsoleTmuxTests.workloadRows($0).count == 4 && $0.contains("RUNNING") } != nil)
        s.wait(for: "attached to the engine at http://127.0.0.1:\(port)")

        // p from the attached console pauses the engine in the other process…
        try s.keys("p")
        #expect(Self.waitForEngine(port, "paused by the console") { $0["paused"]?.boolValue == true })
        s.wait(for: "PAUSED")
        // …and p again resumes it.
        try s.keys("p")
        #expect(Self.waitForEngine(port, "resumed by the console") { $0["paused"]?.boolValue == false })
        s.wait(for: "RUNNING")
        #expect(!s.screen().contains(Self.token))

        // A fault injected from the attached console stands in its header, read back from the
        // engine's simulator (GET /sim/faults), until it is cleared.
        try s.keys(":")
        s.wait(for: "Tab complete", timeout: 15)
        try s.keys("fault drop=0.05", "Enter")
        s.wait(for: "FAULTS: ", timeout: 30)
        try s.keys(":")
        s.wait(for: "Tab complete", timeout: 15)
        try s.keys("fault clear", "Enter")
        s.wait("the FAULTS badge to go", timeout: 30) { !$0.contains("FAULTS: ") }

        // The engine dies: the console says so in red and keeps its last screen.
        engine.crash()
        let lost = s.wait(for: "engine at http://127.0.0.1:\(port) lost", timeout: 30)
        #expect(lost?.contains("reattaching (attempt") == true)
        #expect(ConsoleTmuxTests.workloadRows(lost ?? "").count == 4, "the last snapshot left the screen")

        // A new engine on the same port: the same console shows it live, without a restart.
        engine = try Self.headless(port: port)
        try #require(engine.waitFor("/state/summary", timeout: 120, stdout: true), "engine did not restart: \(engine.stderr)")
        s.wait("the lost-link line to go", timeout: 60) { !$0.contains(" lost: ") }
        var seen: Set<Int> = []
        s.wait("the VALIDATED figure to move again", timeout: 60) { screen in
            if let v = ConsoleTmuxTests.validated(screen) { seen.insert(v) }
            return seen.count >= 3
        }

        // q detaches: exit 0, one line, and the engine is still running.
        try s.keys("q")
        let end = s.wait(for: "STTY-DONE", timeout: 20) ?? ""
        #expect(end.contains("EXIT=0"))
        #expect(end.contains("detached from the engine at http://127.0.0.1:\(port); it keeps running"))
        #expect(end.contains("icanon") && !end.contains("-icanon") && !end.contains("-echo"))
        #expect(engine.isRunning)
        #expect(Self.summary(port) != nil, "q must not stop the engine")
    }

    @Test func attachErrorsEndInOneLine() throws {
        let port = try StatusCommandTests.freePort()
        try CLITests.expectOneLineFailure(try CLITests.run(["console", "--attach", "http://127.0.0.1:\(port)"]), mentioning: "connection refused")
        try CLITests.expectOneLineFailure(try CLITests.run(["console", "--attach", "nowhere"]), mentioning: "HOST:PORT")
        try CLITests.expectOneLineFailure(try CLITests.run(["console", "--attach", "https://127.0.0.1:8080"]), mentioning: "plain HTTP")
        try CLITests.expectOneLineFailure(try CLITests.run(["console", "--attach", "127.0.0.1:0"]), mentioning: "port")
        try CLITests.expectOneLineFailure(try CLITests.run(["console"]), mentioning: "--attach")
    }
}
