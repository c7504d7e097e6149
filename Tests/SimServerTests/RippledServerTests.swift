import Foundation
import LedgerSim
import Testing
import XRPL

/// The server's wire behaviour, through real sockets: rippled's envelopes for both transports,
/// plain-text transport errors, ids echoed, streams delivered, faults visible on the wire.
@Suite(.serialized) struct RippledServerTests {
    @Test func jsonRPCEnvelopes() async throws {
        try await ServerHarness.withServer { _, port in
            let ok = try await ServerHarness.rpc(port, "ledger_current")
            #expect(ok["result"]?["status"]?.stringValue == "success")
            #expect(ok["result"]?["ledger_current_index"] == .int(3))
            // RPC errors travel in HTTP 200 with the request echoed.
            let err = try await ServerHarness.rpc(port, "account_info", ["account": "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD"])
            #expect(err["result"]?["status"]?.stringValue == "error")
            #expect(err["result"]?["error"]?.stringValue == "actNotFound")
            #expect(err["result"]?["error_code"] == .int(19))
            #expect(err["result"]?["request"]?["command"]?.stringValue == "account_info")
            let unknown = try await ServerHarness.rpc(port, "frobnicate")
            #expect(unknown["result"]?["error"]?.stringValue == "unknownCmd")
            // params may be omitted.
            let (status, text) = try await ServerHarness.post(port, #"{"method":"ping"}"#)
            #expect(status == 200)
            #expect(text.contains(#""status":"success""#))
        }
    }

    @Test func transportErrorsArePlainText() async throws {
        try await ServerHarness.withServer { _, port in
            let (s1, t1) = try await ServerHarness.post(port, "not json")
            #expect(s1 == 400)
            #expect(t1.hasPrefix("Unable to parse request"))
            let (s2, t2) = try await ServerHarness.post(port, #"{"params":[{}]}"#)
            #expect(s2 == 400)
            #expect(t2.hasPrefix("Null method"))
        }
    }

    @Test func apiVersionReachesTheService() async throws {
        try await ServerHarness.withServer { sim, port in
            _ = try await ServerHarness.rpc(port, "ledger_accept")
            let v1 = try await ServerHarness.rpc(port, "ledger", ["ledger_index": "validated"])
            let v2 = try await ServerHarness.rpc(port, "ledger", ["ledger_index": "validated", "api_version": 2])
            #expect(v1["result"]?["ledger"]?["ledger_index"] == .string("3"))
            #expect(v2["result"]?["ledger"]?["ledger_index"] == .int(3))
            #expect(await sim.core.validated.index == 3)
        }
    }

    @Test func webSocketIdsShapesAndStreams() async throws {
        try await ServerHarness.withServer { _, port in
            let requests = [
                #"{"id":1,"command":"ping"}"#,
                #"{"id":"two","command":"account_info","account":"rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD","api_version":2}"#,
                #"{"id":3}"#,
                #"{"id":4,"command":"subscribe","streams":["ledger"]}"#,
                #"{"id":5,"command":"ledger_accept"}"#,
            ]
            let (frames, _) = try await ServerHarness.webSocket(port, send: requests) { frames in
                frames.contains { $0["type"]?.stringValue == "ledgerClosed" } && frames.count >= 6
            }
            let byID = Dictionary(frames.compactMap { f in f["id"].map { ($0.serialized(), f) } }, uniquingKeysWith: { a, _ in a })
            #expect(byID["1"]?["status"]?.stringValue == "success")
            #expect(byID["1"]?["type"]?.stringValue == "response")
            let two = byID[#""two""#]
            #expect(two?["status"]?.stringValue == "error")
            #expect(two?["error"]?.stringValue == "actNotFound")
            #expect(two?["api_version"] == .int(2))
            #expect(two?["request"]?["command"]?.stringValue == "account_info")
            #expect(byID["3"]?["error"]?.stringValue == "missingCommand")
            #expect(byID["4"]?["result"]?["ledger_index"] == .int(2))
            let closed = frames.first { $0["type"]?.stringValue == "ledgerClosed" }
            #expect(closed?["ledger_index"] == .int(3))
            #expect(closed?["id"] == nil)
        }
    }

    @Test func droppedReplyIsNeverSentButTheSessionLivesOn() async throws {
        try await ServerHarness.withServer { sim, port in
            let genesis = try Wallet(seed: try Seed(encoded: SimulatorCore.genesisSeed))
            let tx = try TransactionSigner.sign(Transaction(account: genesis.address, body: .noOp, sequence: 1), with: genesis.keys)
            await sim.inject(.dropSubmits(share: 1))
            let requests = [
                #"{"id":1,"command":"submit","tx_blob":"\#(tx.blobHex)"}"#,
                #"{"id":2,"command":"ping"}"#,
            ]
            let (frames, _) = try await ServerHarness.webSocket(port, send: requests) { frames in
                frames.contains { $0["id"] == .int(2) }
            }
            #expect(!frames.contains { $0["id"] == .int(1) })
            // It was processed all the same.
            #expect(await sim.core.openState.account(genesis.address)?.sequence == 2)
        }
    }

    @Test func disconnectFaultClosesSockets() async throws {
        try await ServerHarness.withServer { sim, port in
            let result = try await ServerHarness.webSocket(port, send: [#"{"id":1,"command":"sim_fault","fault":"disconnect"}"#]) { _ in false }
            #expect(result.closedByServer)
            #expect(await sim.sessionCount == 0)
        }
    }
}
