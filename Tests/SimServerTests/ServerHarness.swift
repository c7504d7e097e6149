import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HummingbirdWSClient
import LedgerSim
import Logging
import SimServer
import Synchronization
import TestSupport
import Testing
import XRPL

/// Starts a real server on a free loopback port in front of a manual-clock simulator, runs the
/// body, and always stops the server, even when the body fails.
enum ServerHarness {
    static var quietLogger: Logger { SimHarness.quietLogger("seqwatch.test") }

    static func withServer(
        _ config: SimConfig = ServerHarness.config(), _ body: @Sendable (Simulator, Int) async throws -> Void
    ) async throws {
        let sim = Simulator(config: config, clock: .manual(start: 1_000_000))
        try await SimHarness.withRippledServer(sim) { port in try await body(sim, port) }
    }

    static func config() -> SimConfig { SimHarness.manualConfig() }

    /// POSTs a body to / and returns (status, text).
    static func post(_ port: Int, _ body: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func rpc(_ port: Int, _ method: String, _ params: JSONValue = .object([:])) async throws -> JSONValue {
        let body = JSONValue.object(["method": .string(method), "params": .array([params])]).serialized()
        let (status, text) = try await post(port, body)
        guard status == 200 else { throw HarnessError("HTTP \(status): \(text)") }
        return try JSONValue.parse(text)
    }

    /// Opens a WebSocket, sends `requests` in order, and collects frames until `until` says the
    /// conversation is complete (or the server closes, or `timeout` passes).
    static func webSocket(
        _ port: Int, send requests: [String], timeout: Duration = .seconds(5),
        until done: @escaping @Sendable ([JSONValue]) -> Bool
    ) async throws -> (frames: [JSONValue], closedByServer: Bool) {
        let box = Collected()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/", logger: quietLogger) { inbound, outbound, _ in
                    for r in requests { try await outbound.write(.text(r)) }
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message, let json = try? JSONValue.parse(text) else { continue }
                        let frames = box.append(json)
                        if done(frames) { return }
                    }
                    box.markClosed()
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HarnessError("websocket conversation timed out")
            }
            try await group.next()
            group.cancelAll()
        }
        return box.snapshot
    }
}

/// Frames received on one WebSocket, shared with the client's handler task.
final class Collected: Sendable {
    private let state = Mutex<([JSONValue], Bool)>(([], false))
    func append(_ j: JSONValue) -> [JSONValue] { state.withLock { $0.0.append(j); return $0.0 } }
    func markClosed() { state.withLock { $0.1 = true } }
    var snapshot: (frames: [JSONValue], closedByServer: Bool) { state.withLock { ($0.0, $0.1) } }
}
