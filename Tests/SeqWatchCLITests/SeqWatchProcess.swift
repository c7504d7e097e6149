import Foundation
import TestSupport

/// The real `seqwatch` binary as a child process: its output collected as it comes, waited on
/// by marker (never by sleeping a fixed time), killed with SIGKILL when a test wants a crash,
/// and always stopped.
class SeqWatchProcess: @unchecked Sendable {
    let process = Process()
    let collected = RunCommandTests.Collected()
    let out = Pipe()
    let err = Pipe()

    init(_ args: [String], environment extra: [String: String] = [:]) throws {
        process.executableURL = CLITests.binary
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment["SEQWATCH_STATE_DIR"] = CLITests.freshStateDirectory()
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let collected = self.collected
        out.fileHandleForReading.readabilityHandler = { h in collected.append(h.availableData, toStdout: true) }
        err.fileHandleForReading.readabilityHandler = { h in collected.append(h.availableData, toStdout: false) }
        try process.run()
    }

    deinit { stop() }

    var stdout: String { collected.stdout }
    var stderr: String { collected.stderr }
    var isRunning: Bool { process.isRunning }

    /// Waits for `marker` in stderr (or stdout), polling the collected output; false if the
    /// process ended or the deadline passed first.
    func waitFor(_ marker: String, timeout: Double, stdout: Bool = false) -> Bool {
        waitUntil(timeout: timeout) { (stdout ? self.collected.stdout : self.collected.stderr).contains(marker) }
    }

    /// Waits until `condition` holds (it reads the collected output, or anything else).
    func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// `kill -9`: no chance to flush, drain or say goodbye.
    func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        detach()
    }

    /// Waits for the process to exit by itself (it was told to stop after a duration).
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else { return nil }
        detach()
        return process.terminationStatus
    }

    func stop() {
        process.stopGracefully()
        detach()
    }

    private func detach() {
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        collected.append(out.fileHandleForReading.readDataToEndOfFile(), toStdout: true)
        collected.append(err.fileHandleForReading.readDataToEndOfFile(), toStdout: false)
    }
}
