/// Paces the workload at a target rate with bounded bursts.
///
/// Pure and clock-free (the caller passes the time), so the engine can drive it from the
/// simulator's manual clock in tests and from a monotonic clock in production.
public struct TokenBucket: Sendable {
    public private(set) var ratePerSecond: Double
    public let burst: Double
    private var tokens: Double
    private var last: Double

    public init(ratePerSecond: Double, burst: Double, now: Double) {
        self.ratePerSecond = max(0, ratePerSecond)
        self.burst = max(1, burst)
        self.tokens = 0
        self.last = now
    }

    /// Takes up to `max` tokens available at `now`.
    public mutating func take(upTo max: Int, now: Double) -> Int {
        refill(now: now)
        let n = Swift.min(max, Int(tokens.rounded(.down)))
        tokens -= Double(n)
        return Swift.max(0, n)
    }

    /// Seconds from `now` until a whole token is available (0 if one is; nil at rate 0).
    public func secondsUntilToken(now: Double) -> Double? {
        let available = Swift.min(burst, tokens + Swift.max(0, now - last) * ratePerSecond)
        if available >= 1 { return 0 }
        guard ratePerSecond > 0 else { return nil }
        return (1 - available) / ratePerSecond
    }

    public mutating func setRate(_ rate: Double, now: Double) {
        refill(now: now)
        ratePerSecond = Swift.max(0, rate)
    }

    private mutating func refill(now: Double) {
        let dt = Swift.max(0, now - last)
        last = Swift.max(last, now)
        tokens = Swift.min(burst, tokens + dt * ratePerSecond)
    }
}
