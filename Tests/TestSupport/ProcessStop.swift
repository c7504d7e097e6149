import Foundation

extension Process {
    /// Stops a child the way a user would: SIGTERM, up to `grace` seconds to exit cleanly, then
    /// SIGKILL. Returns once it has exited, so no test leaves a server behind.
    public func stopGracefully(grace: TimeInterval = 30) {
        if isRunning { kill(processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
    }
}
