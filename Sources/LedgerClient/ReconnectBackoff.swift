import Foundation

/// Exponential backoff with jitter for reconnect attempts: 0.2 s doubling to 5 s by default.
///
/// Why jitter: when a server restarts, every client it dropped retries; without jitter they all
/// retry in lockstep and hit the server at the same instants. Each delay is drawn from
/// [0.5, 1.0] × the current step.
struct ReconnectBackoff: Sendable {
    let initial: Duration
    let maximum: Duration
    private var step: Duration

    init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
        self.step = initial
    }

    /// The next delay to wait, and the step grows (doubling, capped).
    mutating func next() -> Duration {
        let delay = step * Double.random(in: 0.5...1.0)
        step = min(step * 2, maximum)
        return delay
    }

    mutating func reset() { step = initial }

    /// The reconnect loop every transport runs: wait a backoff delay, try `attempt`, until it
    /// succeeds, `isClosed` says the connection was closed meanwhile, or the task is cancelled.
    /// Runs on the caller's actor, so the closures may read and change its state.
    static func retry(
        initial: Duration, maximum: Duration = .seconds(5), isolation: isolated (any Actor)? = #isolation,
        isClosed: () -> Bool, attempt: () async throws -> Void, onFailure: (any Error) -> Void
    ) async {
        var backoff = ReconnectBackoff(initial: initial, maximum: maximum)
        while !isClosed() {
            do { try await Task.sleep(for: backoff.next()) } catch { return }
            if isClosed() { return }
            do {
                try await attempt()
                return
            } catch {
                onFailure(error)
            }
        }
    }
}

extension Duration {
    /// Seconds as a Double, for messages and `ConnectionError.timeout`.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
