import Foundation
import TestSupport
import Testing
import XRPL

/// Hostile clients against the real `seqwatch sim` process (issue 11 §3): nothing a client sends
/// may kill the server, stall it or make it lie. Each test ends by checking that the server still
/// answers `server_info` and still closes ledgers. Waits are on events (a line from the server,
/// a reply, the end of a stream) with generous deadlines, never on sleeps.
@Suite(.waitsOnProcesses) struct HostileClientTests {
    /// The issue's blob: 20,000 nested STObject headers, about 40 KB.
    static let deepBlob = String(repeating: "EA", count: 20_000)
    /// A 200 KB `account`.
    static let longAddress = "r" + String(repeating: "p", count: 200_000)

    @Test func deepBlobAndLongAddressAreRefusedOverBothTransports() throws {
        let sim = try SimProcess()
        defer { sim.stop() }
        // JSON-RPC.
        let submit = try sim.rpc("submit", ["tx_blob": .string(Self.deepBlob)])
        #expect(submit["result"]?["error"] == "invalidTransaction", "\(submit)")
        #expect(submit["result"]?["error_exception"]?.stringValue?.contains("nesting depth") == true)
        let info = try sim.rpc("account_info", ["account": .string(Self.longAddress)])
        #expect(info["result"]?["error"] == "actMalformed")
        // WebSocket.
        let ws = try RawWebSocket(port: sim.port)
        try ws.sendText(JSONValue.object(["id": 1, "command": "submit", "tx_blob": .string(Self.deepBlob)]).serialized())
        try ws.sendText(JSONValue.object(["id": 2, "command": "account_info", "account": .string(Self.longAddress)]).serialized())
        let replies = try (0..<2).map { _ in try Self.json(ws.readFrame()) }
        #expect(replies[0]["error"] == "invalidTransaction")
        #expect(replies[1]["error"] == "actMalformed")
        // `seqwatch tx decode` of the same blob: one line, non-zero exit.
        try CLITests.expectOneLineFailure(try CLITests.run(["tx", "decode", Self.deepBlob]), mentioning: "nesting depth")
        try sim.expectHealthy()
    }

    /// 10 MB over JSON-RPC: refused (413) or cut off, promptly, never a hang; over WebSocket a
    /// 2 MB message closes the connection with 1009. A 1 MB-class single frame (a subscribe with
    /// 5,000 accounts, 180 KB) is accepted: the old 16 KB frame limit closed it.
    @Test func oversizedBodiesAndFramesAreRefusedCleanly() throws {
        let sim = try SimProcess()
        defer { sim.stop() }
        let started = Date()
        let c = try RawConnection(port: sim.port, timeout: 20)
        let size = 10 << 20
        try c.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(size)\r\n\r\n")
        var response: [UInt8] = []
        let chunk = [UInt8](repeating: 0x20, count: 64 << 10)
        var sent = 0
        // Send until the server answers or stops reading; look for its answer between chunks.
        while sent < size {
            if let early = try? c.receive(wait: false), !early.isEmpty {
                response += early
                break
            }
            do { try c.send(chunk) } catch { break }
            sent += chunk.count
        }
        while let more = try? c.receive(), !more.isEmpty { response += more }
        let (status, _) = RawHTTP.parse(response)
        #expect(status == 413 || response.isEmpty, "status \(status) after \(sent) bytes")
        #expect(sent < size, "the server read all 10 MB")
        // Refused and closed at once, not after a read timeout.
        #expect(Date().timeIntervalSince(started) < 15, "the 10 MB body took \(Date().timeIntervalSince(started)) s to refuse")

        let ws = try RawWebSocket(port: sim.port)
        let accounts = (0..<5_000).map { i -> JSONValue in
            .string(try! AddressCodec.encodeClassicAddress((0..<20).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i &+ i >> 8) }))
        }
        let subscribe = JSONValue.object(["id": 1, "command": "subscribe", "accounts": .array(accounts)]).serialized()
        #expect(subscribe.utf8.count > 100_000)
        try ws.sendText(subscribe)
        let reply = try Self.json(ws.readFrame())
        #expect(reply["status"] == "success", "\(reply)")
        // Over the limit: the server closes with 1009 (message too big), never answering it.
        try? ws.sendText("{\"id\":2,\"command\":\"ping\",\"pad\":\"" + String(repeating: "x", count: 2 << 20) + "\"}")
        var frames: [RawWebSocket.Frame] = []
        while let f = try? ws.readFrame() {
            frames.append(f)
            if case .close = f { break }
        }
        #expect(!frames.contains { if case .text = $0 { return true } else { return false } }, "\(frames)")
        if case .close(let code, _)? = frames.last { #expect(code == 1009, "\(frames)") }
        try sim.expectHealthy()
    }

    /// A client that pipelines 30,000 requests and never reads: disconnected with rippled's
    /// reason once its send queue is full. Whatever it got is an unbroken prefix of its replies,
    /// never a thinned stream (it used to get 16,679 of 30,000 and no error).
    @Test func aClientThatNeverReadsIsDisconnectedNotThinned() throws {
        let sim = try SimProcess()
        defer { sim.stop() }
        let ws = try RawWebSocket(port: sim.port, receiveBuffer: 64 << 10)
        var batch: [UInt8] = []
        let total = 30_000
        for id in 1...total {
            batch += RawWebSocket.frame(Array(#"{"id":\#(id),"command":"server_info"}"#.utf8))
        }
        // Sent from another thread: the server stops reading once it has dropped the client, so
        // the send blocks until the server shuts the socket.
        let sender = DispatchSemaphore(value: 0)
        let connection = ws.connection
        let frames = batch
        Thread.detachNewThread {
            try? connection.send(frames)
            sender.signal()
        }
        #expect(sim.waitFor("client is too slow", timeout: 120), "stderr: \(sim.stderr.suffix(2_000))")
        // Now read everything there is, to the end of the stream.
        var ids: [Int] = []
        var close: RawWebSocket.Frame?
        while let frame = try? ws.readFrame() {
            switch frame {
            case .text(let t): if let id = (try? JSONValue.parse(t))?["id"]?.intValue { ids.append(id) }
            case .close: close = frame
            case .other: break
            }
            if close != nil { break }
        }
        #expect(!ids.isEmpty && ids.count < total, "\(ids.count) replies")
        #expect(ids == Array(1...max(1, ids.count)), "replies are not an unbroken prefix")
        if let close { #expect(close == .close(code: 1008, reason: "Policy error: client is too slow."), "\(close)") }
        print("never-reading client: \(ids.count) of \(total) replies, then \(close.map { "\($0)" } ?? "the socket closed")")
        #expect(sender.wait(timeout: .now() + 60) == .success, "the server never shut the slow client's socket")
        try sim.expectHealthy()
    }

    /// 1,000 WebSocket clients connected at once, each asking once, then all gone.
    @Test func aThousandConcurrentWebSocketClients() throws {
        let sim = try SimProcess()
        defer { sim.stop() }
        var clients: [RawWebSocket] = []
        for _ in 0..<1_000 { clients.append(try RawWebSocket(port: sim.port)) }
        for (i, c) in clients.enumerated() { try c.sendText(#"{"id":\#(i),"command":"ping"}"#) }
        var answered = 0
        for (i, c) in clients.enumerated() {
            let reply = try Self.json(c.readFrame())
            if reply["id"]?.intValue == i, reply["status"] == "success" { answered += 1 }
        }
        #expect(answered == 1_000)
        clients.removeAll()
        try sim.expectHealthy()
    }

    static func json(_ frame: RawWebSocket.Frame?) throws -> JSONValue {
        guard case .text(let t) = frame else { throw RawConnection.Failure(message: "expected a text frame, got \(String(describing: frame))") }
        return try JSONValue.parse(t)
    }
}

/// `seqwatch sim` on a free loopback port, its output collected, always stopped.
final class SimProcess: SeqWatchProcess, @unchecked Sendable {
    private(set) var port = 0

    /// `port` 0 picks a free one; a restart on a state directory passes the port it had.
    init(_ extra: [String] = [], port requested: Int = 0) throws {
        try super.init(["sim", "--port", "\(requested)", "--close-interval", "0.5"] + extra)
        guard waitFor("listening on http://127.0.0.1:", timeout: 60, stdout: true) else {
            stop()
            throw RawConnection.Failure(message: "seqwatch sim did not start: \(collected.stdout) \(collected.stderr)")
        }
        let text = collected.stdout
        let after = text.range(of: "listening on http://127.0.0.1:")!.upperBound
        port = Int(text[after...].prefix(while: \.isNumber)) ?? 0
    }

    func rpc(_ method: String, _ params: [String: JSONValue] = [:]) throws -> JSONValue {
        let body = JSONValue.object(["method": .string(method), "params": .array([.object(params)])]).serialized()
        return try JSONValue.parse(try RawHTTP.post(port: port, body: body).body)
    }

    /// The last ledger index the server printed as closed.
    var lastClosedLedger: Int? {
        collected.stdout.split(separator: "\n").last { $0.hasPrefix("ledger ") && $0.contains(" closed:") }
            .flatMap { Int($0.split(separator: " ")[1]) }
    }

    /// Still alive, `server_info` answered (its latency printed; the issue's goal is 100 ms,
    /// asserted here only generously), and two more ledgers closed after it.
    func expectHealthy() throws {
        #expect(process.isRunning, "the simulator died: \(collected.stderr.suffix(2_000))")
        let clock = ContinuousClock()
        var info: JSONValue = .null
        let elapsed = try clock.measure { info = try rpc("server_info") }
        print("server_info after the attack: \(elapsed)")
        #expect(elapsed < .seconds(5), "server_info took \(elapsed)")
        let seq = try #require(info["result"]?["info"]?["validated_ledger"]?["seq"]?.intValue)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (lastClosedLedger ?? 0) < seq + 2 { Thread.sleep(forTimeInterval: 0.05) }
        #expect((lastClosedLedger ?? 0) >= seq + 2, "ledgers stopped closing at \(String(describing: lastClosedLedger))")
        #expect(!collected.stderr.contains("Fatal error"))
    }
}

/// Every numeric flag of `seqwatch sim` out of range: one line naming the flag, non-zero exit,
/// never a trap (`--reserve-base 18446744073709551615` used to trap on the first server_info).
@Suite(.waitsOnProcesses) struct SimFlagRangeTests {
    @Test(arguments: [
        (["--reserve-base", "18446744073709551615"], "reserve-base"),
        (["--reserve-base", "100000000000000001"], "reserve-base"),
        (["--reserve-increment", "18446744073709551615"], "reserve-increment"),
        (["--reserve-base", "18446744073709551616"], "reserve-base"),
        (["--base-fee", "0"], "base-fee"),
        (["--base-fee", "18446744073709551615"], "base-fee"),
        (["--load-capacity", "1e300"], "load-capacity"),
        (["--load-capacity", "nan"], "load-capacity"),
        (["--load-capacity", "-1"], "load-capacity"),
        (["--close-interval", "inf"], "close-interval"),
        (["--close-interval", "nan"], "close-interval"),
        (["--ledger-size", "0"], "ledger-size"),
        (["--ledger-size", "9223372036854775808"], "ledger-size"),
        (["--history", "0"], "history"),
        (["--network-id", "4294967296"], "network-id"),
        (["--seed", "18446744073709551616"], "seed"),
        (["--port", "65536"], "port"),
        (["--port", "-1"], "port"),
        (["--send-queue-limit", "0"], "send-queue-limit"),
        (["--send-queue-limit", "1000001"], "send-queue-limit"),
    ])
    func outOfRangeFlagsEndInOneLine(_ flag: [String], _ mention: String) throws {
        try CLITests.expectOneLineFailure(try CLITests.run(["sim"] + flag), mentioning: mention)
    }

    /// The largest accepted reserves serve `server_info` and `server_state` without a trap.
    @Test func theLargestReservesServe() throws {
        let max = String(100_000_000_000_000_000 as UInt64)
        let sim = try SimProcess(["--reserve-base", max, "--reserve-increment", max])
        defer { sim.stop() }
        let info = try sim.rpc("server_info")
        #expect(info["result"]?["info"]?["validated_ledger"]?["reserve_base_xrp"]?.doubleValue == 1e11)
        let state = try sim.rpc("server_state")
        #expect(state["result"]?["state"]?["validated_ledger"]?["reserve_base"]?.uint64Value == 100_000_000_000_000_000)
        try sim.expectHealthy()
    }
}
