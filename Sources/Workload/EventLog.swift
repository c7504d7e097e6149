import DequeModule

/// One line of the engine's event log (divergences, heals, resyncs, pauses, faults, foreign
/// transactions). Never carries a secret.
public struct EngineEvent: Sendable, Equatable, Codable {
    /// What an event is about; the raw value is what the API, the console and the headless
    /// output show.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case start, connection, bootstrap, error, read, divergence, foreign, resurrected, heal, resync
        case pause, rate, strategy, inject, stuck, belief, reset, generation, rejected
    }

    public let time: Double
    public let ledger: UInt32
    public let kind: Kind
    public let message: String
    /// A per-account line behind a bulk action's summary ("resynced 22 accounts, 2 were
    /// diverged"): kept apart, so one bulk action never pushes the history out of the log.
    public let detail: Bool?

    public init(time: Double, ledger: UInt32, kind: Kind, message: String, detail: Bool = false) {
        self.time = time
        self.ledger = ledger
        self.kind = kind
        self.message = message
        self.detail = detail ? true : nil
    }

    public var isDetail: Bool { detail == true }
}

/// The engine's event log: the newest `capacity` events, oldest first, and apart from them the
/// newest `detailCapacity` per-account lines behind bulk actions. Its own type so that the
/// core's state is not one flat bag, and so that its bounds live in one place.
public struct EventLog: Sendable {
    public let capacity: Int
    public let detailCapacity: Int
    public private(set) var events: Deque<EngineEvent> = []
    public private(set) var details: Deque<EngineEvent> = []
    /// Events and detail lines ever logged (the log keeps only the newest): a reader that saw
    /// `total` before knows which of `events` are new to it.
    public private(set) var total = 0
    public private(set) var detailsTotal = 0

    public init(capacity: Int = 300, detailCapacity: Int = 2_000) {
        self.capacity = max(1, capacity)
        self.detailCapacity = max(1, detailCapacity)
    }

    mutating func append(_ e: EngineEvent) {
        if e.isDetail {
            details.append(e)
            detailsTotal += 1
            if details.count > detailCapacity { details.removeFirst() }
            return
        }
        events.append(e)
        total += 1
        if events.count > capacity { events.removeFirst() }
    }
}
