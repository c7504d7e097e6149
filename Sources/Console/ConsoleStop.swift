import Synchronization

/// Why the console must close, set from any thread (signal handlers, the engine's task) and
/// polled by the render loop once per frame. The first reason wins.
public final class ConsoleStop: Sendable {
    public enum Reason: Sendable, Equatable {
        case signal
        case engineFailed(String)
        case engineEnded
    }

    private let value = Mutex<Reason?>(nil)

    public init() {}

    public func set(_ r: Reason) { value.withLock { if $0 == nil { $0 = r } } }
    public var reason: Reason? { value.withLock { $0 } }
}

/// Replies from the engine side (heal plans, chains, fault results) and notices from the
/// runner (the HTTP API's address) waiting for the next frame: producers drop them here, the
/// MainActor loop drains them, nobody waits.
public final class ConsoleInbox: Sendable {
    private let items = Mutex<[ConsoleAction]>([])
    public init() {}
    func post(_ a: ConsoleAction) { items.withLock { $0.append(a) } }
    /// A line for the event log (instead of printing, which would tear the screen).
    public func notice(_ text: String) { post(.notice(text)) }
    func drain() -> [ConsoleAction] { items.withLock { let out = $0; $0 = []; return out } }
}
