import Foundation
import LedgerClient
import LedgerSim
import TestSupport
import Testing
import XRPL

/// Real outages: the server goes away (connection refused while it is down) and comes back on
/// the same port; pending requests fail fast when the socket drops.
@Suite(.timeLimit(.minutes(1)))
struct ReconnectTests {
    @Test(arguments: [Transport.webSocket, .jsonRPC])
    func serverOutageEndsInBackfillAndOneReconnect(_ transport: Transport) async throws {
        try await RestartableServer.with { sim, server in
            let c = transport.connect(sim, port: await server.port)
            try await ClientHarness.withConnection(c) { c, events in
                let dest = try ClientHarness.newWallet()
                try await c.subscribe(streams: ["ledger"], accounts: [dest.address])
                let base = UInt32(try await c.request("ledger_closed", params: [:])["ledger_index"]?.intValue ?? 0)
                // Make sure the subscription and a first live close are through before the outage.
                _ = try await c.request("ledger_accept", params: [:])
                try await events.wait(for: "ledgerClosed \(base + 1)") { $0.contains { $0.ledgerClosed?.ledgerIndex == base + 1 } }

                // Down: the socket/poll fails; meanwhile the ledger moves on.
                await sim.inject(.disconnectClients)  // lets the WebSocket server finish its sessions
                await server.stop()
                try await events.wait(for: "disconnected") { $0.contains(where: \.isDisconnected) }
                await #expect(throws: ConnectionError.self) { _ = try await c.request("ping", params: [:], timeout: .seconds(2)) }
                let pay = try ClientHarness.signed(.payment(destination: dest.address, amount: .xrp(drops: 50_000_000)), sequence: 1)
                guard case .success = await sim.submit(blob: pay.blob) else { throw HarnessError("submit failed") }
                await sim.closeLedger()
                await sim.closeLedger()
                try await Task.sleep(for: .milliseconds(300))  // a failed redial or two

                try await server.start()
                let backfill = try await events.backfillAcrossReconnect()
                #expect(backfill == [
                    "ledgerClosed(\(base + 2))", "transaction(\(pay.hash.prefix(8)) @\(base + 2))", "ledgerClosed(\(base + 3))",
                ])
                let h = await c.health()
                #expect(h.reconnects == 1)
                #expect(h.connected)
                #expect(h.lastError != nil)
                _ = try await c.request("ping", params: [:])
            }
        }
    }

    @Test func pendingRequestsFailFastWhenTheSocketDrops() async throws {
        try await ClientHarness.withServer { sim, port in
            try await ClientHarness.withConnection(Transport.webSocket.connect(sim, port: port)) { c, events in
                await sim.inject(.dropSubmits(share: 1))
                let tx = try ClientHarness.signed(.noOp, sequence: 1)
                async let outcome: Result<JSONValue, any Error> = {
                    do { return .success(try await c.request("submit", params: ["tx_blob": .string(tx.blobHex)], timeout: .seconds(20))) }
                    catch { return .failure(error) }
                }()
                try await Task.sleep(for: .milliseconds(100))
                await sim.inject(.disconnectClients)
                let result = await outcome
                guard case .failure(let error) = result, case .notConnected? = error as? ConnectionError else {
                    Issue.record("expected notConnected, got \(result)")
                    return
                }
                try await events.wait(for: "reconnect") { $0.contains(where: \.isDisconnected) && $0.filter(\.isConnected).count == 2 }
                #expect(await c.health().reconnects == 1)
            }
        }
    }

    @Test func embeddedRestartFaultReconnects() async throws {
        let sim = ClientHarness.simulator()
        let c = InProcessConnection(simulator: sim, reconnectDelay: .milliseconds(600), logger: ClientHarness.quietLogger)
        try await ClientHarness.withConnection(c) { c, events in
            try await c.subscribe(streams: ["ledger"], accounts: [])
            // Requests fail while the session is down, like a socket transport's.
            await sim.inject(.restart)
            try await events.wait(for: "disconnected") { $0.contains(where: \.isDisconnected) }
            await #expect(throws: ConnectionError.self) { _ = try await c.request("ping", params: [:]) }
            try await events.wait(for: "reconnect") { $0.contains(where: \.isDisconnected) && $0.filter(\.isConnected).count == 2 }
            _ = try await c.request("ping", params: [:])
            // Subscriptions survived: a close still arrives.
            let n = try await c.request("ledger_accept", params: [:])["ledger_current_index"]?.intValue ?? 0
            try await events.wait(for: "ledgerClosed after restart") { $0.contains { $0.ledgerClosed?.ledgerIndex == UInt32(n - 1) } }
        }
    }

    @Test func factoryBuildsEachTransport() async throws {
        let sim = ClientHarness.simulator()
        let log = ClientHarness.quietLogger
        let embedded = LedgerConnections.make(.embedded, simulator: sim, logger: log)
        let ws = LedgerConnections.make(try LedgerEndpoint(parsing: "ws://127.0.0.1:6006"), simulator: nil, logger: log)
        let rpc = LedgerConnections.make(try LedgerEndpoint(parsing: "https://example.com:51234/rpc"), simulator: nil, logger: log)
        #expect(embedded is InProcessConnection && embedded.name == "embedded simulator")
        #expect(ws is WebSocketConnection && ws.name == "ws://127.0.0.1:6006")
        #expect((ws as? WebSocketConnection)?.url == "ws://127.0.0.1:6006/")
        #expect(rpc is JSONRPCConnection && (rpc as? JSONRPCConnection)?.url == "https://example.com:51234/rpc")
        for c in [embedded, ws, rpc] { await c.close() }

        // Without a simulator the embedded connection brings its own and runs its clock.
        let own = LedgerConnections.make(.embedded, simulator: nil, logger: log)
        try await ClientHarness.withConnection(own) { c, events in
            try await c.subscribe(streams: ["ledger"], accounts: [])
            try await events.wait(for: "a wall-clock close", timeout: .seconds(5)) { $0.contains { $0.ledgerClosed != nil } }
        }
    }
}
