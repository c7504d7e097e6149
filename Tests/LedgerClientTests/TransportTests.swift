import Foundation
import LedgerClient
import LedgerSim
import TestSupport
import Testing
import XRPL

/// The three transports, each against a real simulator: the in-process one calls it directly,
/// the other two go through a real `RippledServer` on a loopback port.
enum Transport: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case embedded, webSocket, jsonRPC

    var testDescription: String { rawValue }

    func connect(_ sim: Simulator, port: Int) -> any LedgerConnection {
        switch self {
        case .embedded:
            InProcessConnection(simulator: sim, logger: ClientHarness.quietLogger)
        case .webSocket:
            WebSocketConnection(url: "ws://127.0.0.1:\(port)/", logger: ClientHarness.quietLogger)
        case .jsonRPC:
            JSONRPCConnection(url: "http://127.0.0.1:\(port)/", pollInterval: .milliseconds(50), logger: ClientHarness.quietLogger)
        }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct TransportTests {
    @Test(arguments: Transport.allCases)
    func requestSucceedsAndRPCErrorsThrowRPCError(_ transport: Transport) async throws {
        try await ClientHarness.withServer { sim, port in
            try await ClientHarness.withConnection(transport.connect(sim, port: port)) { c, events in
                try await events.wait(for: "connected") { $0.contains { $0.isConnected } }
                let fee = try await c.request("fee", params: [:])
                #expect(fee["ledger_current_index"]?.intValue != nil)
                #expect(fee["drops"]?["base_fee"] != nil)

                let stranger = try ClientHarness.newWallet().address
                await #expect {
                    _ = try await c.request("account_info", params: ["account": .string(stranger)])
                } throws: { error in
                    (error as? RPCError)?.token == "actNotFound"
                }

                // Typed requests ride on the same path.
                let info = try await c.send(AccountInfoRequest(account: ClientHarness.genesis.address))
                #expect(info.accountData.account == ClientHarness.genesis.address)

                let h = await c.health()
                #expect(h.connected)
                #expect(h.reconnects == 0)
                #expect(h.requestLatencyMs != nil)
            }
        }
    }

    @Test(arguments: Transport.allCases)
    func droppedReplyEndsInConnectionErrorNotAHang(_ transport: Transport) async throws {
        try await ClientHarness.withServer { sim, port in
            try await ClientHarness.withConnection(transport.connect(sim, port: port)) { c, _ in
                await sim.inject(.dropSubmits(share: 1))
                let tx = try ClientHarness.signed(.noOp, sequence: 1)
                let start = ContinuousClock.now
                let error = await #expect(throws: ConnectionError.self) {
                    _ = try await c.request("submit", params: ["tx_blob": .string(tx.blobHex)], timeout: .milliseconds(300))
                }
                let elapsed = ContinuousClock.now - start
                switch transport {
                case .embedded, .webSocket:
                    // The reply is simply never sent: only the timeout ends the wait.
                    #expect(error == .timeout(method: "submit", seconds: 0.3))
                    #expect(elapsed >= .milliseconds(290))
                case .jsonRPC:
                    // The HTTP server answers a lost reply with a bare 503: still "no reply".
                    if case .transport(let text)? = error { #expect(text.contains("503")) } else { #expect(error == .timeout(method: "submit", seconds: 0.3)) }
                }
                // It was processed all the same, and the connection is still usable.
                #expect(await sim.core.openState.account(ClientHarness.genesis.address)?.sequence == 2)
                _ = try await c.request("ping", params: [:])
                #expect(await c.health().lastError != nil)
            }
        }
    }

    @Test(arguments: Transport.allCases)
    func ledgerCloseDeliversLedgerClosedAndTheAccountsTransactions(_ transport: Transport) async throws {
        try await ClientHarness.withServer { sim, port in
            try await ClientHarness.withConnection(transport.connect(sim, port: port)) { c, events in
                let dest = try ClientHarness.newWallet()
                try await c.subscribe(streams: ["ledger"], accounts: [dest.address])
                let before = try await c.request("ledger_closed", params: [:])["ledger_index"]?.intValue ?? -1

                // One payment to the subscribed account, one transaction that does not touch it.
                let pay = try ClientHarness.signed(.payment(destination: dest.address, amount: .xrp(drops: 50_000_000)), sequence: 1)
                let other = try ClientHarness.signed(.noOp, sequence: 2)
                for tx in [pay, other] {
                    let r = try await c.request("submit", params: ["tx_blob": .string(tx.blobHex)])
                    #expect(r["engine_result"]?.stringValue == "tesSUCCESS")
                }
                _ = try await c.request("ledger_accept", params: [:])
                let closedIndex = UInt32(before + 1)

                let seen = try await events.wait(for: "ledgerClosed \(closedIndex) and the payment") { e in
                    e.contains { $0.ledgerClosed?.ledgerIndex == closedIndex } && e.contains { $0.transaction?.hash == pay.hash }
                }
                // Give a wrongly delivered second transaction a chance to show up.
                try await Task.sleep(for: .milliseconds(150))
                let all = events.all
                let closed = try #require(all.first { $0.ledgerClosed?.ledgerIndex == closedIndex }?.ledgerClosed)
                #expect(closed.txnCount == 2)
                #expect(closed.ledgerHash.count == 64)
                let txs = all.compactMap(\.transaction)
                #expect(txs.map(\.hash) == [pay.hash])
                let t = try #require(txs.first)
                #expect(t.validated)
                #expect(t.engineResult == "tesSUCCESS")
                #expect(t.engineResultCode == 0)
                #expect(t.ledgerIndex == closedIndex)
                #expect(t.ledgerHash == closed.ledgerHash)
                #expect(t.account == ClientHarness.genesis.address)
                #expect(t.txJSON["Destination"]?.stringValue == dest.address)
                #expect(t.txJSON["DeliverMax"] != nil)
                // Sequence 1 was used: the next is 2.
                #expect(t.metadata?.sequenceAfter(account: ClientHarness.genesis.address) == 2)
                // ledgerClosed comes before the ledger's transactions, as rippled sends them.
                let ci = seen.firstIndex { $0.ledgerClosed?.ledgerIndex == closedIndex }
                let ti = seen.firstIndex { $0.transaction?.hash == pay.hash }
                #expect(ci! < ti!)
                #expect(await c.health().lastLedgerAt != nil)
            }
        }
    }

    @Test(arguments: [Transport.embedded, .webSocket])
    func reconnectAfterDisconnectBackfillsLedgersClosedWhileDown(_ transport: Transport) async throws {
        try await ClientHarness.withServer { sim, port in
            try await ClientHarness.withConnection(transport.connect(sim, port: port)) { c, events in
                let dest = try ClientHarness.newWallet()
                try await c.subscribe(streams: ["ledger"], accounts: [dest.address])
                let base = UInt32(try await c.request("ledger_closed", params: [:])["ledger_index"]?.intValue ?? 0)

                await sim.inject(.disconnectClients)
                // While the client is away: a payment to its account, and two closes.
                let pay = try ClientHarness.signed(.payment(destination: dest.address, amount: .xrp(drops: 50_000_000)), sequence: 1)
                guard case .success = await sim.submit(blob: pay.blob) else { throw HarnessError("submit failed") }
                await sim.closeLedger()
                await sim.closeLedger()

                let backfill = try await events.backfillAcrossReconnect()
                #expect(backfill == [
                    "ledgerClosed(\(base + 1))", "transaction(\(pay.hash.prefix(8)) @\(base + 1))", "ledgerClosed(\(base + 2))",
                ])
                let h = await c.health()
                #expect(h.reconnects == 1)
                #expect(h.connected)

                // Live again: the next close arrives once, with no repeats of the backfill.
                _ = try await c.request("ledger_accept", params: [:])
                try await events.wait(for: "live ledgerClosed \(base + 3)") { $0.contains { $0.ledgerClosed?.ledgerIndex == base + 3 } }
                try await Task.sleep(for: .milliseconds(100))
                let closes = events.all.compactMap(\.ledgerClosed).map(\.ledgerIndex)
                #expect(closes == [base + 1, base + 2, base + 3])
                #expect(events.all.compactMap(\.transaction).count == 1)
            }
        }
    }

    @Test func jsonRPCPollingCatchesEveryLedgerClosedBetweenPolls() async throws {
        try await ClientHarness.withServer { sim, port in
            let c = JSONRPCConnection(url: "http://127.0.0.1:\(port)/", pollInterval: .milliseconds(300), logger: ClientHarness.quietLogger)
            try await ClientHarness.withConnection(c) { c, events in
                try await c.subscribe(streams: ["transactions"], accounts: [])
                try await c.subscribe(streams: ["ledger"], accounts: [])
                let base = UInt32(try await c.request("ledger_closed", params: [:])["ledger_index"]?.intValue ?? 0)
                let tx = try ClientHarness.signed(.noOp, sequence: 1)
                guard case .success = await sim.submit(blob: tx.blob) else { throw HarnessError("submit failed") }
                // Three closes well inside one poll interval.
                for _ in 0..<3 { await sim.closeLedger() }
                try await events.wait(for: "three ledgerClosed") { $0.compactMap(\.ledgerClosed).count == 3 }
                let described = events.all.filter { !$0.isConnected }.map(EventRecorder.describe)
                #expect(described == [
                    "ledgerClosed(\(base + 1))", "transaction(\(tx.hash.prefix(8)) @\(base + 1))",
                    "ledgerClosed(\(base + 2))", "ledgerClosed(\(base + 3))",
                ])
                let h = await c.health()
                #expect(h.connected)
                #expect(h.lastLedgerAt != nil)
            }
        }
    }

    @Test(arguments: [Transport.webSocket, .jsonRPC])
    func startFailsWhenNothingListens(_ transport: Transport) async throws {
        // Port 1 on loopback: nothing listens there, so the dial is refused at once.
        let sim = ClientHarness.simulator()
        let c = transport.connect(sim, port: 1)
        // A refused dial fails `start` (no retry loop: the suite's time limit would catch one).
        await #expect(throws: ConnectionError.self) { try await c.start() }
        #expect(await c.health().reconnects == 0)
        await c.close()
        await #expect(throws: ConnectionError.self) { _ = try await c.request("ping", params: [:]) }
    }
}
