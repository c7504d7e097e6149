import Foundation
import LedgerSim
import Logging

/// Builds the transport for an endpoint, so callers (the `seqwatch` commands) never name a
/// concrete connection type and the engine stays transport-agnostic.
public enum LedgerConnections {
    /// - Parameters:
    ///   - endpoint: where the ledger lives.
    ///   - simulator: for `.embedded`, the simulator to talk to; its owner drives its clock.
    ///     When nil, a fresh wall-clock `Simulator()` is created and the connection runs its clock
    ///     from `start()` to `close()`. Ignored for the network transports.
    ///   - logger: the transport's logger.
    public static func make(_ endpoint: LedgerEndpoint, simulator: Simulator?, logger: Logger) -> any LedgerConnection {
        switch endpoint {
        case .embedded:
            if let simulator {
                return InProcessConnection(simulator: simulator, logger: logger)
            }
            return InProcessConnection(simulator: Simulator(), runClock: true, logger: logger)
        case .webSocket(let host, let port, let secure, let path):
            return WebSocketConnection(url: url(secure ? "wss" : "ws", host, port, path), logger: logger)
        case .jsonRPC(let host, let port, let secure, let path):
            return JSONRPCConnection(url: url(secure ? "https" : "http", host, port, path), logger: logger)
        }
    }

    /// "scheme://host:port/path", with an IPv6 host in brackets.
    static func url(_ scheme: String, _ host: String, _ port: Int, _ path: String) -> String {
        let h = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let p = path.hasPrefix("/") ? path : "/" + path
        return "\(scheme)://\(h):\(port)\(p)"
    }
}
