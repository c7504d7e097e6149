import Hummingbird
import Logging
import StateStore
import Workload

/// The engine's HTTP face: read-only state (`/state/summary`, `/state/fees`, `/state/pending`,
/// `/state/accounts`, `/state/tx/{hash}`), Prometheus metrics (`/metrics`) and the control
/// commands (`POST /workload/pause|resume|resync|heal|diverge`), the snapshot stream of attached
/// consoles (`GET /state/stream`) and the simulator's faults (`/sim/faults`), in the shapes of DESIGN.md "HTTP state
/// API shapes". Binds to 127.0.0.1 unless told otherwise: it can pause a workload.
///
/// Answers come from the snapshot the engine publishes, so polling the API never slows the
/// engine down; no response carries a seed or key, because snapshots hold none.
public struct StateAPIServer: Sendable {
    /// Where `run --http` listens and `status --http` looks when not told otherwise.
    public static let defaultAddress = HTTPAddress(host: "127.0.0.1", port: 8080)

    public let engine: Engine
    public let host: String
    public let port: Int
    private let controlToken: String?
    /// The journal `GET /state/tx/{hash}` falls back to.
    public var history: JournalReader?
    /// The embedded simulator's faults, for `/sim/faults` and `/sim/fault` (nil: a real server).
    public var faults: FaultControl?
    /// How many `GET /state/stream` clients may stream at once (attached consoles, dashboards).
    public var maxStreamClients = SnapshotFeed.defaultMaxClients
    private let logger: Logger

    /// - Parameters:
    ///   - port: 0 picks a free port, reported by `run(onStarted:)`.
    ///   - controlToken: when set, every POST must carry it (`Authorization: Bearer TOKEN` or
    ///     `X-SeqWatch-Token: TOKEN`), else 401. GETs stay open. An empty token admits nobody.
    public init(engine: Engine, host: String = "127.0.0.1", port: Int, controlToken: String?, logger: Logger) {
        self.engine = engine
        self.host = host
        self.port = port
        self.controlToken = controlToken
        self.logger = logger
    }

    public init(engine: Engine, address: HTTPAddress, controlToken: String?, logger: Logger) {
        self.init(engine: engine, host: address.host, port: address.port, controlToken: controlToken, logger: logger)
    }

    /// Serves until the surrounding task is cancelled (then stops gracefully). `onStarted`
    /// receives the port actually bound, once the server accepts connections. Throws if the
    /// address cannot be bound.
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let feed = SnapshotFeed(store: engine.store, maxClients: maxStreamClients)
        let responder = StateAPIResponder(
            engine: engine, history: history, token: controlToken.map(ControlToken.init), metrics: StateMetrics(), feed: feed,
            faults: faults, logger: logger)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "seqwatch"),
            onServerRunning: { channel in
                await onStarted(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        // A graceful stop waits for open responses: the endless streams must end first.
        try await withTaskCancellationHandler {
            try await app.run()
        } onCancel: {
            feed.close()
        }
    }
}
