import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import XRPL

/// A real HTTP client against the state API on loopback. Keeps every body it received, so a
/// test can check afterwards that no response, on any endpoint, carried a secret.
final class APIClient: Sendable {
    struct Reply: Sendable {
        let status: Int
        let contentType: String?
        let body: String
        let headers: [(String, String)]

        func json() throws -> JSONValue { try JSONValue.parse(body) }
        /// The error token of a JSON error body.
        var errorToken: String? { (try? json())?["error"]?.stringValue }
    }

    let port: Int
    private let http: HTTPClient
    private let bodies = Mutex<[String]>([])

    init(port: Int) {
        self.port = port
        http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    var everyBody: [String] { bodies.withLock { $0 } }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }

    func post(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send("POST", path, headers: headers)
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        // Generous: the whole suite in parallel on two busy cores once took more than 5 s to answer.
        let response = try await http.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let body = String(buffer: buffer)
        bodies.withLock { $0.append(body) }
        return Reply(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"), body: body,
            headers: response.headers.map { ($0.name, $0.value) })
    }

    func shutdown() async {
        try? await http.shutdown()
    }
}
