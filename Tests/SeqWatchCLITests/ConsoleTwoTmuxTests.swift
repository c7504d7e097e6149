import Foundation
import TestSupport
import Testing

/// Console 2 end to end (issue 13): what the operator sees in a real terminal, through tmux.
extension ConsoleTmuxTests {
    /// Accounts whose transactions stop progressing show STUCK, in red, with their age: under
    /// the naive strategy a third of submits fail locally and the held successors never apply.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(3)))
    func stuckShowsSTUCK() throws {
        let s = try Session(width: 200, height: 45, args: [
            "run", "--close-interval", "0.4", "--accounts", "6", "--strategy", "none", "--fault", "tel=0.3:telINSUF_FEE_P:drop", "--drain", "0",
        ])
        s.wait(for: "RUNNING", timeout: 60)
        let screen = try #require(s.wait("a STUCK workload row", timeout: 90) { screen in
            Self.workloadRows(screen).contains { $0.contains("! STUCK ") }
        })
        // Its age in ledgers follows the word (at least the K = 5 ledgers of the rule).
        let row = try #require(Self.workloadRows(screen).first { $0.contains("! STUCK ") })
        let age = row.components(separatedBy: "! STUCK ").last?.split(separator: " ").first.flatMap { Int($0) }
        #expect((age ?? 0) >= 5, "\(row)")
        // Never shown OK: and drawn in red (SGR 31/91, or the 256-colour red).
        let styled = s.styledScreen()
        let line = try #require(styled.split(separator: "\n").first { $0.contains("! STUCK ") })
        // The SGR sequences since the last reset before the word: one of them sets red.
        let before = line.components(separatedBy: "! STUCK ").first ?? ""
        let sinceReset = before.components(separatedBy: "\u{1B}[0").last ?? before
        let sgrs = sinceReset.components(separatedBy: "\u{1B}[").map { $0.split(separator: "m").first.map(String.init) ?? "" }
        let red = sgrs.contains { sgr in sgr.split(separator: ";").contains { ["31", "91"].contains($0) } || sgr.contains("38;5;1") || sgr.contains("38;5;9") }
        #expect(red, "STUCK not red: \(line.debugDescription)")
        try s.keys("q")
        s.wait(for: "EXIT=", timeout: 60)
    }

    /// `f` freezes every number on screen (table, /LEDGER figures, sparklines, the header's
    /// ages and the log) while the engine runs on; the badge counts the updates waiting, and a
    /// second `f` shows them.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(2)))
    func freezeHoldsEveryNumber() throws {
        let s = try Session(width: 160, height: 45, args: ["run", "--close-interval", "0.3", "--accounts", "8", "--rate", "40", "--drain", "0"])
        try #require(s.wait("validated transactions", timeout: 60) { (Self.validated($0) ?? 0) > 20 } != nil)
        try s.keys("f")
        try #require(s.wait(for: "updates waiting", timeout: 15) != nil)
        // Everything but the badge and the footer (where the key's feedback fades) holds.
        func held(_ screen: String) -> [String] {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return lines.enumerated().compactMap { i, l in
                if i == lines.count - 1 || l.contains("STTY") { return nil }
                // The badge is right-aligned: what is left of it, without the padding.
                return (i == 0 ? (l.components(separatedBy: " FROZEN").first ?? l) : l).trimmingCharacters(in: .whitespaces)
            }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        let first = held(s.screen())
        let frozenAt = Self.validated(s.screen())
        // Wait until the engine has moved on by several snapshots, then compare.
        let later = try #require(s.wait("several updates waiting", timeout: 30) { screen in
            guard let r = screen.range(of: #"FROZEN \d+s, (\d+) updates"#, options: .regularExpression) else { return false }
            let n = Int(screen[r].split(separator: ",")[1].split(separator: " ")[0]) ?? 0
            return n >= 15
        })
        #expect(held(later) == first, "the frozen view changed")
        try s.keys("f")
        s.wait("VALIDATED moves again", timeout: 20) { (Self.validated($0) ?? 0) > (frozenAt ?? 0) }
        try s.keys("q")
        s.wait(for: "EXIT=0", timeout: 60)
    }

    /// `:goto` with Tab completion selects an account by its address prefix.
    @Test(.enabled(if: tmuxPath != nil, "tmux is not installed"), .timeLimit(.minutes(2)))
    func gotoFindsAnAccount() throws {
        let s = try Session(width: 200, height: 45, args: ["run", "--close-interval", "0.5", "--accounts", "8", "--drain", "0"])
        let screen = try #require(s.wait("8 workload rows", timeout: 60) { Self.workloadRows($0).count == 8 })
        // The sixth workload account's full address (the table shows it whole at 200 columns).
        let row = Self.workloadRows(screen)[5]
        let address = try #require(row.split(separator: "│").flatMap { $0.split(separator: " ") }.first { $0.hasPrefix("r") && $0.count >= 25 })
        try s.keys(":")
        s.wait(for: "Tab complete", timeout: 15)
        try s.keys("go", "Tab")
        s.wait(for: ":goto ", timeout: 15)
        try s.keys(String(address.prefix(10)), "Enter")
        s.wait(for: "selected \(address)", timeout: 15)
        // The cursor row (reverse video) is that account.
        let styled = s.styledScreen()
        let line = try #require(styled.split(separator: "\n").first { $0.contains(String(address)) && $0.contains(" workload") })
        #expect(line.contains("\u{1B}[7m") || line.contains(";7m"), "the account is not the cursor row: \(line.debugDescription)")
        try s.keys("q")
        s.wait(for: "EXIT=0", timeout: 60)
    }
}
