import HummingbirdWSClient
import NIOWebSocket
import Testing

/// The close handshake as rippled's WebSocket (Boost.Beast `websocket::stream`, which answers a
/// close frame with the peer's own close reason) does it: xrpl.js closes with 4000 and treats any
/// other code in the reply as a dropped connection.
@Suite struct CloseCodeTests {
    /// Closes a real client connection with `code` and returns the code of the server's reply.
    static func serverReply(toClose code: WebSocketErrorCode, port: Int) async throws -> WebSocketErrorCode? {
        let frame = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/", logger: ServerHarness.quietLogger) { inbound, outbound, _ in
            try await outbound.write(.text(#"{"id":1,"command":"ping"}"#))
            var iterator = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
            _ = try await iterator.next()
            try await outbound.close(code, reason: nil)
            // The client keeps reading until the server's close ends the stream.
            while try await iterator.next() != nil {}
        }
        return frame?.closeCode
    }

    @Test func clientCloseCodeIsEchoed() async throws {
        try await ServerHarness.withServer { _, port in
            let custom = try await Self.serverReply(toClose: .unknown(4000), port: port)
            #expect(custom == .unknown(4000))
            let goingAway = try await Self.serverReply(toClose: .goingAway, port: port)
            #expect(goingAway == .goingAway)
            let normal = try await Self.serverReply(toClose: .normalClosure, port: port)
            #expect(normal == .normalClosure)
        }
    }
}
