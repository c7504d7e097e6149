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
        /// Largest request body or WebSocket message accepted (rippled's default is 1 MB-ish).
        public var maxRequestBytes: Int

        public init(host: String = "127.0.0.1", port: Int = 5005, maxRequestBytes: Int = 1 << 20) {
            self.host = host
            self.port = port
            self.maxRequestBytes = maxRequestBytes
        }
    }

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
        let router = Router()
        router.post("/") { request, _ in try await rpc.respond(to: request) }
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "seqwatch simulator: POST JSON-RPC or upgrade to WebSocket on /\n")))
        }
        let service = self.service
        let maxBytes = configuration.maxRequestBytes
        let log = logger
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade { request, _, _ in
                guard request.path == "/" || request.path?.isEmpty == true else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    await WebSocketSession(service: service, maxBytes: maxBytes, logger: log).serve(inbound: inbound, outbound: outbound)
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
