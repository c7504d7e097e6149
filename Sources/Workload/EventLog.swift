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

    public init(time: Double, ledger: UInt32, kind: Kind, message: String) {
        self.time = time
        self.ledger = ledger
        self.kind = kind
        self.message = message
    }
}

/// The engine's event log: the newest `capacity` events, oldest first. Its own type so that
/// the core's state is not one flat bag, and so that its bound lives in one place.
public struct EventLog: Sendable {
    public let capacity: Int
    public private(set) var events: Deque<EngineEvent> = []
    /// Events ever logged (the log keeps only the newest `capacity`).
    public private(set) var total = 0

    public init(capacity: Int = 300) { self.capacity = max(1, capacity) }

    mutating func append(_ e: EngineEvent) {
        events.append(e)
        total += 1
        if events.count > capacity { events.removeFirst() }
    }
}
