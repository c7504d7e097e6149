import Foundation
import Hummingbird
import HummingbirdWebSocket
import LedgerSim
import Logging
import NIOCore
import Synchronization
import XRPL

/// A rippled-compatible front end for any `RippledService`: JSON-RPC (`POST /`) and WebSocket
/// (upgrade on `/`) on one port, with rippled's envelopes. Binds to 127.0.0.1 unless told
/// otherwise; port 0 picks a free one, reported through `onStarted` and `boundPort`.
public struct RippledServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Largest JSON-RPC body, and largest WebSocket frame or message, accepted: 1 MiB, the
        /// request body limit of the Beast HTTP parser rippled serves with, and room for a
        /// `subscribe` naming about 25,000 accounts. A bigger JSON-RPC body gets 413 and the
        /// connection closes; a bigger WebSocket message closes the connection with 1009.
        public var maxRequestBytes: Int
        /// Messages that may wait unwritten for one WebSocket client before it is disconnected as
        /// too slow (rippled's `[port] send_queue_limit`, 100 by default there; larger here
        /// because the simulator publishes a whole ledger's transaction stream at once, and a
        /// workload pipelines its submits).
        public var sendQueueLimit: Int
        /// The same bound in bytes, so a client sending large requests and never reading cannot
        /// make the server hold gigabytes of replies for it.
        public var sendQueueByteLimit: Int
        /// How long writing to a client found too slow may make no progress before its socket
        /// is shut (rippled's write timeout for a loopback client is 3 s).
        public var slowClientGrace: Duration

        public static let defaultSendQueueLimit = 10_000

        public init(
            host: String = "127.0.0.1", port: Int = 5005, maxRequestBytes: Int = 1 << 20,
            sendQueueLimit: Int = Configuration.defaultSendQueueLimit, sendQueueByteLimit: Int = 64 << 20,
            slowClientGrace: Duration = .seconds(3)
        ) {
            self.host = host
            self.port = port
            self.maxRequestBytes = maxRequestBytes
            self.sendQueueLimit = sendQueueLimit
            self.sendQueueByteLimit = sendQueueByteLimit
            self.slowClientGrace = slowClientGrace
        }
    }

    /// The deepest JSON request accepted: rippled's `Json::Reader` refuses nesting past 25
    /// (`kNEST_LIMIT` in src/libxrpl/json/json_reader.cpp) so that parsing cannot exhaust the stack.
    public static let jsonNestingLimit = 25

    public let service: any RippledService
    public let configuration: Configuration
    let logger: Logger
    private let port = PortBox()

    public init(service: any RippledService, configuration: Configuration = .init(), logger: Logger = Logger(label: "seqwatch.sim.server")) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    /// The port actually bound, once the server is running.
    public var boundPort: Int? { port.value }

    /// Serves until the surrounding task is cancelled. `onStarted` receives the bound port.
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let rpc = JSONRPCResponder(service: service, maxBytes: configuration.maxRequestBytes, logger: logger)
        let router = Router(context: ConnectionContext.self)
        router.post("/") { request, context in try await rpc.respond(to: request, channel: context.channel) }
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "seqwatch simulator: POST JSON-RPC or upgrade to WebSocket on /\n")))
        }
        let service = self.service
        let config = configuration
        let log = logger
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                // Frames up to the message limit, not the library's 16 KB default: a subscribe
                // naming a few hundred accounts is one frame bigger than that.
                configuration: .init(ws: .init(maxFrameSize: config.maxRequestBytes))
            ) { request, channel, _ in
                guard request.path == "/" || request.path?.isEmpty == true else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    // Without the echo the connection still works; clients just see 1000 on close.
                    do { try await CloseCodeEcho.install(on: channel) } catch { log.warning("websocket close-code echo not installed: \(error)") }
                    try await WebSocketSession(service: service, configuration: config, channel: channel, logger: log)
                        .serve(inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "seqwatch-sim"),
            onServerRunning: { [port] channel in
                let bound = channel.localAddress?.port ?? 0
                port.set(bound)
                await onStarted(bound)
            },
            logger: logger
        )
        try await app.run()
    }
}

/// The bound port, shared between the server value and its start callback.
final class PortBox: Sendable {
    private let storage = Mutex<Int?>(nil)
    var value: Int? { storage.withLock { $0 } }
    func set(_ port: Int) { storage.withLock { $0 = port } }
}

/// Hummingbird's basic request context plus the connection, so the JSON-RPC responder can shut
/// a connection whose body was too large instead of reading the rest of it.
struct ConnectionContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
