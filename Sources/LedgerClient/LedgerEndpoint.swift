import Foundation

/// Where the workload's ledger lives: the embedded simulator, or a rippled server reached over
/// WebSocket or JSON-RPC. Parsed from `--url` with one clear error line for anything else.
public enum LedgerEndpoint: Sendable, Equatable, CustomStringConvertible {
    case embedded
    case webSocket(host: String, port: Int, secure: Bool, path: String)
    case jsonRPC(host: String, port: Int, secure: Bool, path: String)

    public struct InvalidEndpoint: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public init(parsing text: String) throws {
        if text.isEmpty || text == "embedded" || text == "sim" {
            self = .embedded
            return
        }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw InvalidEndpoint(description: "invalid server URL \"\(text)\": expected ws://HOST:PORT, wss://, http:// or https://")
        }
        let path = url.path.isEmpty ? "/" : url.path
        switch scheme {
        case "ws", "wss":
            let secure = scheme == "wss"
            self = .webSocket(host: host, port: url.port ?? (secure ? 443 : 6006), secure: secure, path: path)
        case "http", "https":
            let secure = scheme == "https"
            self = .jsonRPC(host: host, port: url.port ?? (secure ? 443 : 5005), secure: secure, path: path)
        default:
            throw InvalidEndpoint(description: "unsupported URL scheme \"\(scheme)\" in \"\(text)\": use ws, wss, http or https")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw InvalidEndpoint(description: "port \(port) in \"\(text)\" is out of range")
        }
    }

    public var description: String {
        switch self {
        case .embedded: return "embedded simulator"
        case .webSocket(let h, let p, let s, let path): return "\(s ? "wss" : "ws")://\(h):\(p)\(path == "/" ? "" : path)"
        case .jsonRPC(let h, let p, let s, let path): return "\(s ? "https" : "http")://\(h):\(p)\(path == "/" ? "" : path)"
        }
    }
}
