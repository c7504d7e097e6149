import Foundation
import Workload

/// Everything the console remembers between frames that is not engine state: focus, sort,
/// filter, selection, scroll, the frozen flag and the open overlay. A value type changed only
/// by `apply(_:)` (and `sync`), so every key's effect is a plain unit test.
public struct ConsoleState: Sendable, Equatable {
    public enum Focus: Sendable, Equatable { case accounts, events }
    /// Status puts trouble first (STUCK, FOREIGN, DIVERGED, a gap…); every sort is stable (ties
    /// by address) and can be reversed.
    public enum Sort: String, Sendable, CaseIterable { case natural, status, gap, address, inFlight = "in-flight", lastResult = "last result" }
    public enum Overlay: Sendable, Equatable {
        case help
        /// The heal plan for `account`, waiting for Enter (nil plan: still loading).
        case healConfirm(account: String, plan: [HealPlanItem]?)
        case detail(account: String, AccountDetail?)
        case faultMenu(selected: Int)
        /// Throughput per ledger and the latency histogram.
        case charts
    }

    public var focus: Focus = .accounts
    public var sort: Sort = .natural
    public var sortReversed = false
    /// The `:` command line while it is open (nil: closed), and what Tab offered last.
    public var command: String?
    public var completions: [String] = []
    /// Every account's address (for `:goto` and completion), synced each frame.
    public var accounts: [String] = []
    /// When the open overlay's plan or chain last arrived (validated ledger, wall clock): the
    /// overlay says how old it is, and the console re-reads it while it is open.
    public var overlayLoadedLedger: UInt32?
    public var overlayLoadedAt: Date?
    /// The simulator's standing faults, shown in the header until cleared.
    public var activeFaults: [String] = []
    /// Lines scrolled back in the detail view's timeline.
    public var detailScroll = 0
    /// Lines scrolled in the help overlay.
    public var helpScroll = 0
    public var filter = ""
    public var editingFilter = false
    /// The selected account by address, so it stays put while rows re-sort under it.
    public var selected: String?
    /// Set once the operator moves the selection; until then it follows the first row (the
    /// table fills in during bootstrap, and the first row is what "the selected account" means).
    public var selectionMoved = false
    public var accountScroll = 0
    /// Lines scrolled back from the newest event.
    public var eventScroll = 0
    public var frozen = false
    public var overlay: Overlay?
    public var quitRequested = false
    /// Against a real server (`--url`), `d`, `r` and `R` act only when pressed twice in a row.
    public var realServer = false
    /// The action waiting for its confirming second press.
    public var armed: ConsoleAction?
    /// The funder and the issuer: never the target of `d` (their chains fund and issue for all).
    public var operatorAccounts: [String: AccountRole] = [:]
    /// A one-line message for the footer ("faults need the embedded simulator") and how many
    /// more frames it stays.
    public var flash: String?
    public var flashFrames = 0
    /// Things the console did itself (faults injected, commands sent), shown in the event log
    /// beside the engine's events: (validated ledger, kind, text).
    public var localEvents: [LocalEvent] = []

    // Synced from the newest snapshot and the layout each frame (`sync`).
    /// The accounts table in display order (after sort and filter), kept from frame to frame.
    public var visible = AccountOrder()
    public var pageSize = 10
    public var eventCount = 0
    public var paused = false
    public var strategy: StrategyKind = .heal
    public var targetRate: Double = 50
    public var ledger: UInt32 = 0
    /// Fault menu entries; empty when there is no simulator to break.
    public var faults: [FaultMenuEntry] = []

    public struct LocalEvent: Sendable, Equatable {
        public var ledger: UInt32
        public var kind: String
        public var message: String
        /// The wall-clock time it happened (nil in tests, which run without a clock).
        public var at: Date?
    }

    /// The wall clock, set by the console each frame; nil in tests, so the reducer stays pure.
    public var wallNow: Date?

    /// The feed's freeze, as the header and the log draw it (set by the console each frame).
    public struct FeedStatus: Sendable, Equatable {
        public var frozenFor: Double?
        public var updatesWaiting = 0
        /// The log's line number where the view froze (nil: the newest).
        public var logEnd: Int?

        public init(frozenFor: Double? = nil, updatesWaiting: Int = 0, logEnd: Int? = nil) {
            self.frozenFor = frozenFor
            self.updatesWaiting = updatesWaiting
            self.logEnd = logEnd
        }
    }
    public var feed = FeedStatus()
    /// The event log's filter (kind or text: an address prefix finds an account's lines), and
    /// whether the per-account lines behind bulk summaries show.
    public var eventFilter = ""
    public var showDetails = false

    public init(faults: [FaultMenuEntry] = []) { self.faults = faults }

    /// Takes in what the reducer needs from the newest snapshot: the visible account order
    /// (after sort and filter), the engine's mode, and the page height the layout gave.
    public mutating func sync(snapshot s: Snapshot, pageSize: Int, eventCount lines: Int? = nil) {
        let listChanged = s.accounts.count != accounts.count || s.accounts.first?.address != accounts.first || s.accounts.last?.address != accounts.last
        visible.update(s.accounts, sort: sort, reversed: sortReversed, filter: filter)
        if listChanged {
            // The account list changes only on a restart or when accounts are added.
            accounts = s.accounts.map(\.address)
            operatorAccounts = Dictionary(s.accounts.filter { $0.role != .workload }.map { ($0.address, $0.role) }, uniquingKeysWith: { a, _ in a })
        }
        self.pageSize = max(1, pageSize)
        eventCount = lines ?? (s.events.count + localEvents.count)
        paused = s.paused
        strategy = s.strategy
        targetRate = s.targetRate
        ledger = s.validatedIndex
        if !selectionMoved || selected.map({ !visible.contains($0) }) ?? true { selected = visible.first }
        clampScroll()
    }

    public var selectedIndex: Int? { selected.flatMap { visible.position(of: $0) } }

    /// Counts down the footer message; called once per frame.
    public mutating func tick() {
        if flashFrames > 0 { flashFrames -= 1 } else { flash = nil }
    }

    mutating func say(_ text: String, frames: Int = 30) {
        flash = text
        flashFrames = frames
    }

    mutating func log(_ kind: String, _ message: String) {
        localEvents.append(LocalEvent(ledger: ledger, kind: kind, message: message, at: wallNow))
        if localEvents.count > 200 { localEvents.removeFirst(localEvents.count - 200) }
    }

    mutating func clampScroll() {
        let i = selectedIndex ?? 0
        if i < accountScroll { accountScroll = i }
        if i >= accountScroll + pageSize { accountScroll = i - pageSize + 1 }
        accountScroll = max(0, min(accountScroll, max(0, visible.count - pageSize)))
        eventScroll = max(0, min(eventScroll, max(0, eventCount - 1)))
    }
}
