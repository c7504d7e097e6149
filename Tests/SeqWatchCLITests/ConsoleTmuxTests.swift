import Foundation
import TestSupport
import Testing

/// The console end to end: the real binary in a detached tmux session of a fixed size. Every
/// key is followed by a wait (with a timeout) for what the screen must then show. Skipped when
/// tmux is not installed.
@Suite(.serialized, .waitsOnProcesses) struct ConsoleTmuxTests {
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// One tmux server (own socket) with one session running the console.
    final class Session {
        let socket = "seqwatch-e2e-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        let name = "console"

        init(width: Int, height: Int, args: [String]) throws {
            let command = (["env", "-u", "NO_COLOR", "TERM=tmux-256color", "LANG=C.UTF-8", "SWIFT_BACKTRACE=interactive=no", "SEQWATCH_STATE_DIR=\(CLITests.freshStateDirectory())", CLITests.binary.path] + args)
                .joined(separator: " ")
            // Keep the pane after exit: the exit status and the tty flags become screen text.
            let shell = "\(command); echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo; echo STTY-DONE; sleep 600"
            try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", shell])
        }

        deinit {
            // Kill the console itself first (by pid, found through the pane): a test that
            // failed half-way must not leave a workload running.
            let panePid = ((try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if let children = try? String(contentsOfFile: "/proc/\(panePid)/task/\(panePid)/children", encoding: .utf8) {
                for pid in children.split(separator: " ").compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? tmux(["kill-server"])
        }

        @discardableResult
        func tmux(_ args: [String]) throws -> String {
            let all = ["-L", socket] + args
            // posix_spawn + waitpid, not Foundation.Process: the test runner's worker threads
            // block signals, a mask a child inherits (tmux then failed), and new-session forks
            // the tmux server, which kept Process.waitUntilExit from returning.
            return ConsoleTmuxTests.spawn([ConsoleTmuxTests.tmuxPath!] + all).output
        }

        func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }
        /// The screen with its SGR colour sequences.
        func styledScreen() -> String { (try? tmux(["capture-pane", "-p", "-e", "-t", name])) ?? "" }
        func keys(_ k: String...) throws { try tmux(["send-keys", "-t", name] + k) }
        func resize(_ w: Int, _ h: Int) throws { try tmux(["resize-window", "-t", name, "-x", "\(w)", "-y", "\(h)"]) }

        /// Polls the screen until `condition` holds; fails the test with the last screen if not.
        @discardableResult
        func wait(
            _ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool
        ) -> String? {
            let deadline = Date().addingTimeInterval(timeout)
            var last = ""
            while true {
                // Look once more after the deadline: a starved runner may wake past it.
                let expired = Date() >= deadline
                last = screen()
                if condition(last) { return last }
                if expired { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            Issue.record("timed out waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
            return nil
        }

        @discardableResult
        func wait(for text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
            wait("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
        }
    }

    /// Runs a program with default signal dispositions and an empty signal mask; returns its
    /// exit status and standard output.
    static func spawn(_ argv: [String]) -> (status: Int32, output: String) {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return (-1, "") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let cargs = argv.map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cargs, environ)
        close(fds[1])
        guard rc == 0 else { close(fds[0]); return (-1, "") }
        // Read until the client exits: waitpid first would leave a forked server holding the
        // pipe; the client closes its end when it exits, the server (a daemon) closes its own.
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let flags = fcntl(fds[0], F_GETFL)
        _ = fcntl(fds[0], F_SETFL, flags | O_NONBLOCK)
        while true {
            let n = read(fds[0], &chunk, chunk.count)
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        close(fds[0])
        return (status, String(decoding: data, as: UTF8.self))
    }

    static func validated(_ screen: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("│ VALIDATED ") }),
              let r = line.range(of: "│ VALIDATED ")
        else { return nil }
        return line[r.upperBound...].split(separator: " ").first.flatMap { Int($0) }
    }

    static func workloadRows(_ screen: String) -> [Substring] {
        screen.split(separator: "\n").filter { $0.contains(" workload │") }
    }

    /// Esc, then a resize, then `q`, each a few milliseconds apart: the `q` is not swallowed
    /// (with ncurses waiting 25 ms after an Esc, a resize in that wait lost the next key).
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(2)))
    func escapeThenResizeThenQQuits() throws {
        let s = try Session(width: 120, height: 40, args: ["run", "--close-interval", "0.5", "--accounts", "4", "--drain", "1"])
        s.wait(for: "RUNNING", timeout: 60)
        for (i, gap) in [0.005, 0.02, 0.03].enumerated() {
            try s.keys("Escape")
            Thread.sleep(forTimeInterval: gap)
            try s.resize(118 - 2 * i, 39 - i)
            Thread.sleep(forTimeInterval: gap)
            // The help overlay opens and closes: every key after the resize is seen.
            try s.keys("?")
            s.wait(for: "Help: keys", timeout: 15)
            try s.keys("Escape")
            s.wait("help closed", timeout: 15) { !$0.contains("Help: keys") }
        }
        try s.keys("Escape")
        Thread.sleep(forTimeInterval: 0.02)
        try s.resize(120, 40)
        Thread.sleep(forTimeInterval: 0.02)
        try s.keys("q")
        s.wait(for: "EXIT=0", timeout: 30)
    }

    /// The drain after `q` says how to skip it, and a second `q` or Ctrl-C skips it at once,
    /// leaving the terminal in its normal mode. Transactions are kept from finishing (a third of
    /// submits refused and dropped, the naive strategy) so the drain would otherwise wait its
    /// full 60 s.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(2)), arguments: ["q", "C-c"])
    func aSecondKeyDuringTheDrainQuitsAtOnce(_ key: String) throws {
        // Ledgers of a second: a held transaction's LastLedgerSequence is 20 s away.
        let s = try Session(width: 200, height: 40, args: [
            "run", "--close-interval", "1", "--accounts", "6", "--strategy", "none", "--fault", "tel=0.3:drop", "--drain", "60",
        ])
        s.wait(for: "RUNNING", timeout: 60)
        s.wait("terPRE_SEQ among the results", timeout: 60) { $0.contains("terPRE_SEQ") }
        try s.keys("q")
        s.wait(for: "press q or Ctrl-C to stop without waiting", timeout: 30)
        let asked = Date()
        try s.keys(key)
        s.wait(for: "EXIT=130", timeout: 30)
        #expect(Date().timeIntervalSince(asked) < 15, "the drain was not skipped")
        let screen = s.wait(for: "STTY-DONE", timeout: 30)
        #expect(screen?.contains("stopping without waiting") == true)
        #expect(screen?.contains("icanon echo") == true, "terminal left in cbreak: \(screen ?? "")")
    }

    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(2)))
    func consoleEndToEnd() throws {
        let s = try Session(width: 120, height: 40, args: ["run", "--close-interval", "0.3", "--accounts", "6", "--drain", "5"])

        // The accounts table fills: six workload accounts, all OK, and the engine running.
        try #require(s.wait("6 workload rows, RUNNING") { Self.workloadRows($0).count == 6 && $0.contains("RUNNING") } != nil)
        try #require(s.wait("validated transactions") { (Self.validated($0) ?? 0) > 0 } != nil)

        // d with strategy none: the selected (first) account goes DIVERGED and stays there…
        try s.keys("s")
        try #require(s.wait(for: "strategy none") != nil)
        try s.keys("d")
        try #require(s.wait("first account DIVERGED") { Self.workloadRows($0).first?.contains("▲ DIVERGED") == true } != nil)
        // …then strategy heal brings it back to OK.
        try s.keys("s", "s", "s")
        try #require(s.wait(for: "strategy heal") != nil)
        s.wait("the account healed", timeout: 20) { screen in
            screen.contains("healed") && Self.workloadRows(screen).allSatisfy { $0.contains("· OK") }
        }

        // p: PAUSED, in-flight finishes, then VALIDATED stops growing.
        try s.keys("p")
        try #require(s.wait(for: "PAUSED") != nil)
        var settled: Int?
        s.wait("VALIDATED to settle", timeout: 20) { screen in
            let v = Self.validated(screen)
            defer { settled = v }
            Thread.sleep(forTimeInterval: 0.9)
            return v != nil && v == settled
        }
        Thread.sleep(forTimeInterval: 1.5)
        #expect(Self.validated(s.screen()) == settled)
        try s.keys("p")
        try #require(s.wait(for: "RUNNING") != nil)

        // r: a resync shows in the event log.
        try s.keys("r")
        s.wait(for: "resync all accounts")

        // Resize below the minimum and back.
        try s.resize(60, 20)
        s.wait(for: "terminal too small (need 80×24)")
        try s.resize(120, 40)
        s.wait("the dashboard again") { $0.contains("Accounts") && !$0.contains("terminal too small") }

        // q: exit 0, the summary line, and a restored terminal (canonical mode and echo on).
        try s.keys("q")
        // The marker after stty's line: waiting for "EXIT=" alone could capture the screen
        // between the exit code and the terminal modes.
        let end = s.wait(for: "STTY-DONE", timeout: 20) ?? ""
        #expect(end.contains("EXIT=0"))
        #expect(end.contains("seqwatch run: stopped at ledger"))
        #expect(end.contains("icanon") && !end.contains("-icanon") && !end.contains("-echo"))
    }

    /// An engine error (here: a funding account that is not on the ledger) is shown in the
    /// console first, then the terminal is restored and one line explains it, exit non-zero.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(1)))
    func engineErrorIsShownThenTheTerminalIsRestored() throws {
        let seedFile = try CLITests.tempFile("sEdTM1uX8pu2do5XvTnutH6HsouMaM2")  // a valid seed nobody funded
        let s = try Session(width: 100, height: 30, args: ["run", "--funder-seed-file", seedFile, "--close-interval", "0.3"])
        s.wait(for: "engine stopped", timeout: 20)
        // The marker after stty's line: waiting for "EXIT=" alone could capture the screen
        // between the exit code and the terminal modes.
        let end = s.wait(for: "STTY-DONE", timeout: 20) ?? ""
        #expect(!end.contains("EXIT=0"), "an engine failure must exit non-zero: \(end)")
        #expect(end.contains("seqwatch: cannot run the workload"))
        #expect(end.contains("not on the ledger"))
        #expect(!end.contains("sEdTM1uX8pu2do5XvTnutH6HsouMaM2"), "the seed was printed")
        #expect(end.contains("icanon") && !end.contains("-icanon") && !end.contains("-echo"))
    }

    @Test func noTerminalSuggestsHeadless() throws {
        let r = try CLITests.run(["run", "--close-interval", "0.3", "--accounts", "2"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--headless"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
