import Foundation
import Workload

/// What each frame shows: the newest snapshot, with the console's own per-ledger history and
/// event log beside it — or, while the view is frozen, all three exactly as they were when it
/// froze (the /LEDGER column, the sparklines, the header's ages and the log hold still), while
/// what arrives meanwhile is counted, and kept, for when it thaws.
public struct ConsoleFeed: Sendable {
    public private(set) var history = StateHistory()
    public private(set) var log = EventArchive()
    /// The snapshot the frame draws.
    public private(set) var shown: Snapshot?
    /// While frozen: since when, and how many new snapshots are waiting.
    public private(set) var frozenAt: Date?
    public private(set) var updatesWaiting = 0
    private var frozenHistory: StateHistory?
    private var frozenLogEnd: Int?
    private var lastSeen: Date?

    public init() {}

    /// One frame: freezes or thaws as `frozen` says, then takes `latest` if it is new.
    public mutating func take(_ latest: Snapshot?, frozen: Bool, now: Date) {
        if frozen, frozenAt == nil {
            frozenAt = now
            frozenHistory = history
            frozenLogEnd = log.appended
            updatesWaiting = 0
        } else if !frozen, frozenAt != nil {
            frozenAt = nil
            frozenHistory = nil
            frozenLogEnd = nil
            updatesWaiting = 0
        }
        if let s = latest, s.time != lastSeen {
            lastSeen = s.time
            history.record(s)
            log.ingest(s)
            if frozenAt != nil, shown != nil { updatesWaiting += 1 }
        }
        if frozenAt == nil || shown == nil { shown = latest }
    }

    /// The console's own lines (keys pressed, faults injected), in the order they happened.
    public mutating func note(_ lines: [LogLine]) { for l in lines { log.append(l) } }

    public var displayedHistory: StateHistory { frozenHistory ?? history }

    /// What the state needs to draw the freeze badge and to stop the log where it froze.
    public func status(now: Date) -> ConsoleState.FeedStatus {
        ConsoleState.FeedStatus(frozenFor: frozenAt.map { now.timeIntervalSince($0) }, updatesWaiting: updatesWaiting, logEnd: frozenLogEnd)
    }
}
