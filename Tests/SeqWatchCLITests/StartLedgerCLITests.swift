import Foundation
import TestSupport
import Testing

/// `--start-ledger` on `seqwatch sim` and on `seqwatch run`'s embedded simulator.
@Suite(.waitsOnProcesses) struct StartLedgerCLITests {
    @Test func simClosesLedgersFromTheStartIndex() throws {
        let r = try RunCommandTests.runUntil(
            ["sim", "--port", "0", "--close-interval", "0.2", "--start-ledger", "90000000"], marker: "ledger 90000002 closed", timeout: 30)
        #expect(r.sawMarker, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("ledger 90000001 closed"))
        #expect(!r.stdout.contains("ledger 3 closed"))
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
    }

    @Test func runValidatesOnAnEmbeddedSimulatorStartedHigh() throws {
        let r = try RunCommandTests.runUntil(
            ["run", "--headless", "--accounts", "2", "--rate", "10", "--close-interval", "0.3", "--drain", "3", "--start-ledger", "100000"],
            marker: "| running heal | validated")
        #expect(r.sawMarker, "no running status line: \(r.stdout) \(r.stderr)")
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        let summary = try #require(r.stdout.split(separator: "\n").last { $0.hasPrefix("seqwatch run: stopped at ledger") })
        let ledger = summary.split(separator: " ").dropFirst(5).first.flatMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }
        #expect((ledger ?? 0) > 100_000, "\(summary)")
    }

    @Test(arguments: [
        ["sim", "--start-ledger", "1"], ["sim", "--start-ledger", "0"], ["sim", "--start-ledger", "4294967295"],
        ["sim", "--start-ledger", "99999999999"], ["run", "--start-ledger", "1"], ["run", "--headless", "--start-ledger", "4293967296"],
    ])
    func outOfRangeStartLedgerEndsInOneLine(_ args: [String]) throws {
        try CLITests.expectOneLineFailure(try CLITests.run(args), mentioning: "start-ledger")
    }
}
