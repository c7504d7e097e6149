import Foundation
import Hummingbird
import Synchronization
import Workload

/// `GET /state/stream`: the engine's snapshots as Server-Sent Events, for attached consoles.
///
/// Why SSE and not a WebSocket: the stream only ever flows one way (commands already have their
/// POST routes with the control-token rules), SSE is a plain GET that keeps the read rules of
/// every other `/state` route, passes proxies, and `curl -N` can read it.
///
/// Bounded on purpose, because a server is hostile ground:
/// - each client gets at most one event per `interval` (5 a second), and only when the engine
///   published a new snapshot since the last one it got;
/// - nothing queues per client: a client is always sent the *newest* snapshot, encoded once for
///   all clients. A slow reader holds the one event being written (the socket's buffers apply
///   backpressure) and then skips straight to the newest — snapshots are whole states, so the
///   skipped ones lose nothing;
/// - at most `maxClients` streams at once; one more is refused with 503 `tooManyStreams`.
/// - A comment line every `keepAlive` while nothing changed lets both ends notice a dead peer.
final class SnapshotFeed: Sendable {
    /// One encoded snapshot, as the SSE event every client is sent.
    struct Frame: Sendable {
        /// Increases by one per snapshot encoded; the event's `id:`.
        let version: Int
        let event: ByteBuffer
    }

    static let defaultMaxClients = 8
    static let interval: Duration = .milliseconds(200)
    static let keepAlive: Duration = .seconds(5)
    /// The least time between two encodes, in multiples of what the last one took.
    static let costFactor = 5

    private struct State {
        var clients = 0
        var closed = false
        var frame: Frame?
        /// The publish time of the snapshot in `frame`: a new time means a new snapshot.
        var source: Date?
        /// When `frame` was encoded, and what encoding it cost.
        var encodedAt: ContinuousClock.Instant?
        var cost: Duration = .zero
    }

    private let store: SnapshotStore
    let maxClients: Int
    let interval: Duration
    let keepAlive: Duration
    private let state = Mutex(State())

    init(store: SnapshotStore, maxClients: Int = SnapshotFeed.defaultMaxClients, interval: Duration = SnapshotFeed.interval, keepAlive: Duration = SnapshotFeed.keepAlive) {
        self.store = store
        self.maxClients = max(0, maxClients)
        self.interval = interval
        self.keepAlive = keepAlive
    }

    /// A client's place among the `maxClients`; given back when the lease is released (the
    /// response body finished, or was dropped without ever being written).
    final class Lease: Sendable {
        private let feed: SnapshotFeed
        fileprivate init(_ feed: SnapshotFeed) { self.feed = feed }
        deinit { feed.state.withLock { $0.clients -= 1 } }
    }

    /// A place for one more client, or nil when `maxClients` are streaming (or the server stops).
    func join() -> Lease? {
        let admitted = state.withLock { s -> Bool in
            guard !s.closed, s.clients < maxClients else { return false }
            s.clients += 1
            return true
        }
        return admitted ? Lease(self) : nil
    }

    var clients: Int { state.withLock { $0.clients } }
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Ends every stream at its next turn: the server is stopping, and a graceful stop waits for
    /// open responses to end.
    func close() { state.withLock { $0.closed = true } }

    /// The newest snapshot as an event, encoded at most once per published snapshot however many
    /// clients ask. Nil until the engine has published one.
    ///
    /// A big workload's snapshot costs real time to encode (see `seqwatch bench stream`): the next
    /// encode waits at least `costFactor` times what the last one took, so the stream never takes
    /// more than about a fifth of a core from the engine, whatever the number of accounts.
    func newest() -> Frame? {
        guard let snapshot = store.latest else { return nil }
        let now = ContinuousClock.now
        let cached = state.withLock { s -> Frame? in
            guard let frame = s.frame, let at = s.encodedAt else { return nil }
            let fresh = s.source == snapshot.time || now - at < s.cost * Self.costFactor
            return fresh ? frame : nil
        }
        if let cached { return cached }
        // Encoded outside the lock: two clients may both encode one snapshot, never wait on each other.
        guard let json = try? WireJSON.encoder.encode(snapshot) else { return nil }
        let cost = ContinuousClock.now - now
        return state.withLock { s in
            s.encodedAt = now
            s.cost = cost
            if s.source == snapshot.time, let frame = s.frame { return frame }
            let version = (s.frame?.version ?? 0) + 1
            var event = ByteBuffer()
            event.writeString("id: \(version)\nevent: snapshot\ndata: ")
            event.writeBytes(json)
            event.writeString("\n\n")
            let frame = Frame(version: version, event: event)
            s.frame = frame
            s.source = snapshot.time
            return frame
        }
    }

    /// One client's stream: writes the newest frame whenever there is a newer one than it last
    /// got, a keep-alive comment after `keepAlive` of silence, until the client goes away (the
    /// write throws), the task is cancelled or the feed closes. `write` suspends while the
    /// client's socket is full; meanwhile nothing is kept for it but what it will get next: the
    /// newest frame.
    func pump(_ write: (ByteBuffer) async throws -> Void) async throws {
        // The client's reconnect delay, and a first byte so it knows it is admitted.
        try await write(ByteBuffer(string: "retry: 1000\n\n"))
        var sent = 0
        var lastWrite = ContinuousClock.now
        while !isClosed, !Task.isCancelled {
            if let frame = newest(), frame.version > sent {
                try await write(frame.event)
                sent = frame.version
                lastWrite = .now
            } else if ContinuousClock.now - lastWrite >= keepAlive {
                try await write(ByteBuffer(string: ": keep-alive\n\n"))
                lastWrite = .now
            }
            try await Task.sleep(for: interval)
        }
    }

    /// The response for an admitted client; the lease lives as long as the body does.
    func response(holding lease: Lease) -> Response {
        let body = ResponseBody { [self] writer in
            defer { withExtendedLifetime(lease) {} }
            try await self.pump { try await writer.write($0) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: body)
    }
}
