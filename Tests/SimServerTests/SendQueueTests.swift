import Foundation
import LedgerSim
import Testing
import TestSupport
import XRPL
@testable import SimServer

/// The per-client send queue: in order, bounded, and an overflow is reported once and ends the
/// stream; nothing queued is ever skipped (the old queue dropped its oldest messages silently).
@Suite struct SendQueueTests {
    @Test func keepsOrderAndRefusesPastTheLimit() async {
        let q = SendQueue(limit: 3, byteLimit: 1 << 20)
        #expect(q.enqueue("a") == .queued)
        #expect(q.enqueue("b") == .queued)
        #expect(q.enqueue("c") == .queued)
        #expect(q.enqueue("d") == .overflowed)
        #expect(q.enqueue("e") == .refused)
        #expect(q.hasOverflowed)
        var got: [String] = []
        for await m in q.messages { got.append(m) }
        #expect(got == ["a", "b", "c"])
    }

    @Test func writtenMessagesFreeTheirPlace() {
        let q = SendQueue(limit: 2, byteLimit: 1 << 20)
        #expect(q.enqueue("a") == .queued)
        #expect(q.enqueue("b") == .queued)
        q.written("a")
        #expect(q.enqueue("c") == .queued)
        #expect(q.pending.count == 2)
    }

    /// Bytes bound the queue too, except that one large message is always accepted into an
    /// empty queue (a big reply is never refused for its size alone).
    @Test func boundsBytesButAcceptsOneLargeMessage() {
        let q = SendQueue(limit: 100, byteLimit: 10)
        #expect(q.enqueue(String(repeating: "x", count: 50)) == .queued)
        #expect(q.enqueue("y") == .overflowed)
        let r = SendQueue(limit: 100, byteLimit: 10)
        #expect(r.enqueue("12345") == .queued)
        #expect(r.enqueue("12345") == .queued)
        #expect(r.enqueue("1") == .overflowed)
    }

    @Test func finishRefusesLaterMessages() async {
        let q = SendQueue(limit: 10, byteLimit: 1 << 20)
        #expect(q.enqueue("a") == .queued)
        q.finish()
        #expect(q.enqueue("b") == .refused)
        #expect(!q.hasOverflowed)
        var got: [String] = []
        for await m in q.messages { got.append(m) }
        #expect(got == ["a"])
    }
}

/// The server's request limits through a real socket (in-process server on a free port). The
/// raw client blocks, so it runs on a thread of its own, never on the pool the server uses.
@Suite struct RequestLimitTests {
    /// A single 200 KB frame (a subscribe naming 5,000 accounts) is accepted: the WebSocket
    /// library's default 16 KB frame limit used to close it. JSON nested past rippled's 25 levels
    /// is refused as unparseable on both transports.
    @Test func largeFramesPassAndDeepJSONIsRefused() async throws {
        try await ServerHarness.withServer { _, port in
            // Assertions stay on the test's task; the thread only talks and reports.
            let (subscribed, deepReply, rpcStatus) = try await onOwnThread { () throws -> (JSONValue, JSONValue, Int) in
                let ws = try RawWebSocket(port: port)
                let accounts = (0..<5_000).map { i -> JSONValue in
                    .string(try! AddressCodec.encodeClassicAddress((0..<20).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i &+ i >> 8) }))
                }
                try ws.sendText(JSONValue.object(["id": 1, "command": "subscribe", "accounts": .array(accounts)]).serialized())
                guard case .text(let reply)? = try ws.readFrame() else { throw HarnessError("no reply") }
                let deep = #"{"id":2,"command":"ping","x":"# + String(repeating: "[", count: 30) + String(repeating: "]", count: 30) + "}"
                try ws.sendText(deep)
                guard case .text(let refused)? = try ws.readFrame() else { throw HarnessError("no reply") }
                let rpc = try RawHTTP.post(port: port, body: #"{"method":"ping","params":[{"x":"# + String(repeating: "[", count: 30) + String(repeating: "]", count: 30) + "}]}")
                return (try JSONValue.parse(reply), try JSONValue.parse(refused), rpc.status)
            }
            #expect(subscribed["status"] == "success", "\(subscribed)")
            #expect(deepReply["error"] == "jsonInvalid", "\(deepReply)")
            #expect(rpcStatus == 400)
        }
    }
}
