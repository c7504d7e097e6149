import DequeModule
import Foundation
import Workload

/// One line of the console's event log: an engine event or one of the console's own.
public struct LogLine: Sendable, Equatable {
    public var ledger: UInt32
    public var kind: String
    public var message: String
    /// Wall-clock time (nil where there is no clock: the tests, the deterministic driver).
    public var at: Date?
    /// A per-account line behind a bulk summary: shown only when details are on.
    public var detail: Bool

    public init(ledger: UInt32, kind: String, message: String, at: Date?, detail: Bool = false) {
        self.ledger = ledger
        self.kind = kind
        self.message = message
        self.at = at
        self.detail = detail
    }

    func matches(_ filter: String) -> Bool {
        filter.isEmpty || kind.localizedCaseInsensitiveContains(filter) || message.localizedCaseInsensitiveContains(filter)
    }
}

/// The console's own event log: the newest `capacity` lines (10,000 by default), in the order
/// the console learnt of them, so the operator's "requested" line always comes before the
/// engine's results. Engine events are taken from each snapshot by their running total, so a
/// line is never taken twice and none is lost while fewer than a snapshot's worth arrive
/// between two frames (bulk actions log one summary; their per-account lines travel apart).
public struct EventArchive: Sendable {
    public let capacity: Int
    public private(set) var lines: Deque<LogLine> = []
    /// Lines ever appended: the number of the line after the newest.
    public private(set) var appended = 0
    /// Detail lines among `lines` (so a count without a filter costs nothing).
    private var detailLines = 0
    private var eventsSeen = 0
    private var detailsSeen = 0

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Takes the events of `s` that are new since the last snapshot taken.
    public mutating func ingest(_ s: Snapshot) {
        // A total that went backwards is a new engine (an attached console reattached to a
        // restarted one): everything it has is new.
        if s.eventsTotal < eventsSeen { eventsSeen = 0 }
        if s.detailsTotal < detailsSeen { detailsSeen = 0 }
        let newEvents = s.events.suffix(max(0, min(s.events.count, s.eventsTotal - eventsSeen)))
        let newDetails = s.details.suffix(max(0, min(s.details.count, s.detailsTotal - detailsSeen)))
        eventsSeen = s.eventsTotal
        detailsSeen = s.detailsTotal
        // Merged by engine time: a summary follows the lines behind it.
        var merged = Array(newEvents) + Array(newDetails)
        if !newDetails.isEmpty { merged.sort { $0.time < $1.time } }
        for e in merged {
            append(LogLine(ledger: e.ledger, kind: e.kind.rawValue, message: e.message, at: s.startedAt.map { $0 + e.time }, detail: e.isDetail))
        }
    }

    public mutating func append(_ line: LogLine) {
        lines.append(line)
        appended += 1
        if line.detail { detailLines += 1 }
        while lines.count > capacity {
            if lines.removeFirst().detail { detailLines -= 1 }
        }
    }

    /// How many lines `visible` would give, without building them when there is no filter.
    public func count(filter: String, details: Bool, end: Int? = nil) -> Int {
        guard filter.isEmpty else { return visible(filter: filter, details: details, end: end).count }
        let cut = end.map { max(0, lines.count - (appended - $0)) } ?? lines.count
        if details { return cut }
        let detailsAfterCut = lines[cut...].reduce(0) { $0 + ($1.detail ? 1 : 0) }
        return cut - (detailLines - detailsAfterCut)
    }

    /// The newest `limit` lines of `visible`, skipping the newest `back` of them: what one
    /// screen of the log shows, walked from the end so a frame never copies the whole log.
    public func tail(filter: String, details: Bool, end: Int? = nil, back: Int, limit: Int) -> [LogLine] {
        let cut = end.map { max(0, lines.count - (appended - $0)) } ?? lines.count
        var out: [LogLine] = []
        var skipped = 0
        var i = cut
        while i > 0, out.count < limit {
            i -= 1
            let l = lines[i]
            guard (details || !l.detail) && l.matches(filter) else { continue }
            if skipped < back { skipped += 1; continue }
            out.append(l)
        }
        return out.reversed()
    }

    /// The lines shown: up to line number `end` (a frozen view stops where it froze), without
    /// detail lines unless asked, matching `filter` (kind or text, so an address prefix finds
    /// an account's lines).
    public func visible(filter: String, details: Bool, end: Int? = nil) -> [LogLine] {
        let cut = end.map { max(0, lines.count - (appended - $0)) } ?? lines.count
        var out: [LogLine] = []
        out.reserveCapacity(filter.isEmpty ? cut : 64)
        for l in lines.prefix(cut) where (details || !l.detail) && l.matches(filter) { out.append(l) }
        return out
    }
}
