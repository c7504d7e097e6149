import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Workload

/// The attached console's line to an engine in another process (`seqwatch console --attach`):
/// keeps the newest snapshot of the engine's `GET /state/stream`, says why it cannot see the
/// engine while it cannot, reattaches by itself with backoff, and sends commands through the
/// API's routes (with the control token when one was given).
///
/// Readers never wait: `latest` and `problem` are read under a lock by the console's frame loop.
/// The last snapshot stays while the link is down, so the screen keeps what it last knew.
public final class EngineLink: Sendable {
    public let address: HTTPAddress
    private let token: String?
    private let http: HTTPClient
    private let api: StateAPIClient
    private let maxEventBytes: Int
    private let backoff: (initial: Duration, maximum: Duration)

    private struct State {
        var latest: Snapshot?
        var problem: String?
        var received = 0
        var attempts = 0
        var task: Task<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// - Parameters:
    ///   - maxEventBytes: the largest snapshot accepted (a 10,000-account snapshot is a few MB).
    ///   - backoff: reattach delays, doubling from `initial` up to `maximum` (with jitter).
    public init(
        address: HTTPAddress, controlToken: String?, maxEventBytes: Int = 64 << 20,
        backoff: (initial: Duration, maximum: Duration) = (.milliseconds(250), .seconds(3))
    ) {
        self.address = address
        token = controlToken
        // A stream is never silent for 15 s: the engine sends a keep-alive every 5 s.
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: StateAPIClient.configuration(readTimeout: .seconds(15)))
        api = StateAPIClient(address: address, timeout: .seconds(5))
        self.maxEventBytes = maxEventBytes
        self.backoff = backoff
    }

    /// The newest snapshot streamed (kept while the link is down).
    public var latest: Snapshot? { state.withLock { $0.latest } }
    /// Why the engine cannot be seen right now, in one line; nil while it streams.
    public var problem: String? { state.withLock { $0.problem } }
    /// Snapshots received so far.
    public var received: Int { state.withLock { $0.received } }

    /// The engine's fault menu, asked once before attaching: an engine that does not answer
    /// (wrong port, not started, not seqwatch) fails here, in one line.
    public func faults() async throws -> FaultsDocument {
        let body = try await api.send(.GET, "/sim/faults", with: http)
        do {
            return try JSONDecoder().decode(FaultsDocument.self, from: Data(body))
        } catch {
            throw StateAPIClient.Unreachable(description: "\(address.baseURL)/sim/faults did not answer like a seqwatch engine")
        }
    }

    /// Starts streaming (once); reattaches until `close()`.
    public func start() {
        state.withLock { s in
            guard s.task == nil, !s.closed else { return }
            s.task = Task.detached { [self] in await self.streamLoop() }
        }
    }

    /// Stops streaming and releases the connections. The engine is not told anything.
    public func close() async {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.closed = true
            return s.task
        }
        task?.cancel()
        try? await http.shutdown()
        await task?.value
    }

    /// `POST path` (with the control token); the reply's body, or `Unreachable` / `Refused`.
    public func post(_ path: String) async throws -> [UInt8] {
        try await api.send(.POST, path, token: token, with: http)
    }

    /// `GET path`, decoded as `T`.
    public func get<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        let body = try await api.send(.GET, path, with: http)
        return try WireJSON.decoder.decode(T.self, from: Data(body))
    }

    // MARK: streaming

    private var isClosed: Bool { state.withLock { $0.closed } }

    private func streamLoop() async {
        var delay = backoff.initial
        while !isClosed, !Task.isCancelled {
            let what: String
            do {
                try await readStream { delay = self.backoff.initial }
                what = "lost: the engine ended the stream"
            } catch let e as StateAPIClient.Refused {
                what = "refuses the stream: \(e.token): \(e.message)"
            } catch is DecodingError {
                what = "lost: it streams snapshots this console cannot read (another seqwatch version?)"
            } catch {
                what = "lost: \(StateAPIClient.reason(error))"
            }
            if isClosed || Task.isCancelled { return }
            state.withLock { s in
                s.attempts += 1
                s.problem = "engine at \(address.baseURL) \(what); reattaching (attempt \(s.attempts))"
            }
            // Jitter: consoles dropped together by a restarting engine do not return in lockstep.
            try? await Task.sleep(for: delay * Double.random(in: 0.5...1.0))
            delay = min(delay * 2, backoff.maximum)
        }
    }

    /// One attachment: connects, then decodes every snapshot event into `latest` until the
    /// stream ends or fails. `onAttached` runs once the engine admitted the stream (the backoff
    /// starts over, the problem line goes).
    private func readStream(onAttached: () -> Void) async throws {
        var request = HTTPClientRequest(url: address.baseURL + "/state/stream")
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await http.execute(request, deadline: .now() + .seconds(5))
        guard response.status == .ok else {
            let body = try? await response.body.collect(upTo: 1 << 16)
            let object = body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.readableBytesView)) } as? [String: Any]
            throw StateAPIClient.Refused(
                status: Int(response.status.code), token: object?["error"] as? String ?? response.status.reasonPhrase,
                message: object?["message"] as? String ?? "no details")
        }
        state.withLock { s in
            s.problem = nil
            s.attempts = 0
        }
        onAttached()
        var parser = ServerSentEvents(maxEventBytes: maxEventBytes)
        let decoder = WireJSON.decoder
        for try await chunk in response.body {
            for event in try parser.feed(chunk.readableBytesView) where event.name == "snapshot" {
                let snapshot = try decoder.decode(Snapshot.self, from: Data(event.data))
                state.withLock { s in
                    s.latest = snapshot
                    s.received += 1
                }
            }
        }
    }
}
