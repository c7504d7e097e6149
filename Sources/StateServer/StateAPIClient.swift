import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Reads the state API of a running engine (what `seqwatch status` does). Lives beside the
/// server so the command line stays wiring only and the URL layout is known in one module.
public struct StateAPIClient: Sendable {
    /// A failure to get an answer, as one line naming the URL and the cause.
    public struct Unreachable: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// An answer that was not 200: the API's own error token and message.
    public struct Refused: Error, CustomStringConvertible, Equatable {
        public let status: Int
        public let token: String
        public let message: String
        public var description: String { "the state API answered \(status) \(token): \(message)" }
    }

    public let address: HTTPAddress
    public let timeout: Duration

    public init(address: HTTPAddress, timeout: Duration = .seconds(5)) {
        self.address = address
        self.timeout = timeout
    }

    /// GETs `path` (e.g. `/state/summary`) and returns the body of a 200 answer.
    public func get(_ path: String) async throws -> [UInt8] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration())
        do {
            let body = try await send(.GET, path, with: client)
            try? await client.shutdown()
            return body
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// What every client of the API wants: "connection refused" at once, not redials until the
    /// deadline; a connect that hangs given up after 2 s.
    public static func configuration(readTimeout: TimeAmount? = nil) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(2)
        configuration.timeout.read = readTimeout
        return configuration
    }

    /// Sends `method path` (the token, when given, as a bearer token) through `client` and
    /// returns the body of a 200 answer; `Unreachable` or `Refused` otherwise.
    public func send(_ method: HTTPMethod, _ path: String, token: String? = nil, with client: HTTPClient) async throws -> [UInt8] {
        let url = address.baseURL + path
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response: HTTPClientResponse
        let buffer: ByteBuffer
        do {
            let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout / .nanoseconds(1)))
            response = try await client.execute(request, deadline: deadline)
            buffer = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw Unreachable(description: "cannot reach the state API at \(address.baseURL): \(Self.reason(error))")
        }
        let bytes = Array(buffer.readableBytesView)
        guard response.status.code == 200 else {
            let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
            throw Refused(
                status: Int(response.status.code), token: object?["error"] as? String ?? response.status.reasonPhrase,
                message: object?["message"] as? String ?? "no details")
        }
        return bytes
    }

    /// The cause in a few words: what an operator needs to decide what to check next.
    static func reason(_ error: any Error) -> String {
        if let e = error as? IOError { return reason(errno: e.errnoCode) ?? "\(e)" }
        if let e = error as? NIOConnectionError {
            for case let io as IOError in e.connectionErrors.map(\.error) {
                if let r = reason(errno: io.errnoCode) { return r }
            }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return "cannot resolve \(e.host)" }
        }
        // A chunked body (the snapshot stream) cut off by the server going away.
        if let e = error as? HTTPParserError, e == .invalidEOFState { return "connection closed by the server" }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout { return "timed out" }
            if e == .connectTimeout { return "connect timed out" }
            if e == .remoteConnectionClosed { return "connection closed by the server" }
        }
        let text = "\(error)"
        if text.contains("ECONNREFUSED") || text.localizedCaseInsensitiveContains("connection refused") { return "connection refused" }
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }

    private static func reason(errno: Int32) -> String? {
        switch errno {
        case ECONNREFUSED: "connection refused"
        case ETIMEDOUT: "timed out"
        case EHOSTUNREACH, ENETUNREACH: "host unreachable"
        case ECONNRESET: "connection reset"
        default: nil
        }
    }
}
