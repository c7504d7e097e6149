/// The server's local load fee, as rippled's LoadFeeTrack and LoadManager move it, driven by a
/// model of its job queue.
///
/// rippled's LoadManager looks at the job queue once a second: overloaded, it calls
/// `raiseLocalFee`, which does nothing until the second overloaded tick in a row and then adds a
/// quarter per tick, up to 256 × 1,000,000; not overloaded, `lowerLocalFee` resets that count and
/// takes a quarter off per tick, down to 256. Every submit to an open ledger is then checked
/// against `base × factor / 256` (telINSUF_FEE_P), except that an admin connection — every
/// localhost client by default — pays the normal fee until the factor reaches four times normal
/// (`scaleFeeLoad`). The job queue here is a backlog of submits drained at `capacity` per second
/// of simulated time, overloaded while more than a second's worth is waiting. A burst therefore
/// prices nothing out at once; sustained overload does, a tick at a time, and it takes as long to
/// come back down.
struct LoadFeeTrack: Sendable {
    static let normal: UInt64 = 256
    /// `lftFeeMax`.
    static let maximum: UInt64 = 256 * 1_000_000
    /// `scaleFeeLoad`: admin connections pay the normal fee below this factor.
    static let unlimitedBelow: UInt64 = 4 * normal

    let capacity: Double?
    private var backlog: Double = 0
    private var lastTime: Double?
    /// When LoadManager next looks (whole seconds of simulated time).
    private var nextTick: Double = 0
    /// `localTxnLoadFee_`: the server's own load factor (256 = idle).
    private(set) var localFee: UInt64 = normal
    /// `raiseCount_`: overloaded ticks in a row.
    private var raiseCount = 0

    init(capacity: Double?) { self.capacity = capacity }

    /// Drains the backlog up to `now` (seconds), running LoadManager's once-a-second check at
    /// every whole second on the way.
    mutating func advance(to now: Double) {
        guard let capacity else { return }
        guard let last = lastTime else {
            lastTime = now
            nextTick = now.rounded(.down) + 1
            return
        }
        guard now > last else { return }
        var t = last
        while nextTick <= now {
            backlog = max(0, backlog - (nextTick - t) * capacity)
            t = nextTick
            tick(overloaded: backlog > capacity)
            nextTick += 1
            // Long gaps must not cost a loop iteration per second. Idle and back to normal,
            // every later tick is a no-op; at the cap, so is every tick while the backlog still
            // exceeds a second's worth (it is overloaded strictly before `bound`).
            if backlog == 0, localFee == Self.normal, raiseCount == 0, nextTick <= now {
                nextTick = now.rounded(.down) + 1
            } else if localFee == Self.maximum, raiseCount >= 2 {
                let bound = t + (backlog - capacity) / capacity
                let lastOverloaded = min(bound.rounded(.up) - 1, now.rounded(.down))
                if lastOverloaded > nextTick { nextTick = lastOverloaded }
            }
        }
        backlog = max(0, backlog - (now - t) * capacity)
        lastTime = now
    }

    /// One submit arrives at `now`.
    mutating func recordSubmit(at now: Double) {
        guard capacity != nil else { return }
        advance(to: now)
        backlog += 1
    }

    /// `raiseLocalFee` / `lowerLocalFee`.
    private mutating func tick(overloaded: Bool) {
        if overloaded {
            raiseCount += 1
            guard raiseCount >= 2 else { return }
            localFee = min(localFee + localFee / 4, Self.maximum)
        } else {
            raiseCount = 0
            localFee = max(localFee - localFee / 4, Self.normal)
        }
    }

    /// The factor a transaction's fee is checked against: `scaleFeeLoad`, where an admin
    /// (`unlimited`) submit pays the normal fee while the local factor is below 4 × normal.
    func feeFactor(unlimited: Bool) -> UInt64 {
        if unlimited, localFee > Self.normal, localFee < Self.unlimitedBelow { return Self.normal }
        return localFee
    }

    mutating func reset() {
        backlog = 0
        localFee = Self.normal
        raiseCount = 0
    }
}
