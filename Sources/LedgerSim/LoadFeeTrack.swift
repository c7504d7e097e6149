/// The server's local load fee (rippled's LoadFeeTrack), driven by a model of its job queue.
///
/// rippled raises its local fee when the job queue is overloaded and lowers it again when load
/// falls; every submit is then checked against `baseFee × loadFactor / 256` (telINSUF_FEE_P).
/// Here the job queue is a backlog of submits drained at `capacity` per second of simulated
/// time; the factor grows with the backlog beyond one second's worth. A burst from one client
/// therefore prices its own tail out, which is what the seed workload saw.
struct LoadFeeTrack: Sendable {
    static let normal: UInt64 = 256
    /// rippled caps the local fee; so does the model.
    static let maximum: UInt64 = 256 * 1_000

    let capacity: Double?
    private var backlog: Double = 0
    private var lastTime: Double = 0
    /// Extra factor from the fee-surge fault (256 = none).
    var surge: UInt64 = normal

    init(capacity: Double?) { self.capacity = capacity }

    /// Drains the backlog up to `now` (seconds).
    mutating func advance(to now: Double) {
        guard let capacity, now > lastTime else { return }
        backlog = max(0, backlog - (now - lastTime) * capacity)
        lastTime = now
    }

    /// One submit arrives at `now`.
    mutating func recordSubmit(at now: Double) {
        guard capacity != nil else { return }
        advance(to: now)
        backlog += 1
    }

    /// The local load factor (256 = idle).
    var loadFactor: UInt64 {
        var factor = Self.normal
        if let capacity, capacity > 0, backlog > capacity {
            let over = (backlog - capacity) / capacity
            // Capped in floating point first: a tiny capacity makes `over` astronomically large,
            // and converting that to an integer would trap.
            let scaled = Double(Self.normal) * (1 + over)
            factor = scaled >= Double(Self.maximum) ? Self.maximum : UInt64(scaled)
        }
        return min(Self.maximum, max(factor, surge))
    }

    mutating func reset() {
        backlog = 0
    }
}
