import Foundation
import Testing
import XRPL
@testable import LedgerSim

/// ping, version, server_definitions, tx_history, deposit_authorized, gateway_balances,
/// noripple_check, simulate and sign, each against its rippled handler.
@Suite struct ServerMethodTests {
    @Test func pingVersionAndDefinitions() throws {
        var f = try SimFixture()
        // Ping.cpp: role for admin; unlimited only where there is a session (WebSocket).
        #expect(try f.rpc("ping", session: true).get() == ["role": "admin", "unlimited": true])
        #expect(try f.rpc("ping").get() == ["role": "admin"])
        // ApiVersion.h setVersion.
        #expect(try f.ok("version", v: 1) == ["version": ["first": "1.0.0", "good": "1.0.0", "last": "1.0.0"]])
        #expect(try f.ok("version", v: 2) == ["version": ["first": 1, "last": 2]])
        let defs = try f.ok("server_definitions")
        let fixture = try JSONValue.parse(try String(contentsOfFile: "/work/shared/fixtures/xrpl/definitions.json", encoding: .utf8))
        #expect(defs["FIELDS"]?.arrayValue?.count == fixture["FIELDS"]?.arrayValue?.count)
        #expect(defs["FIELDS"]?[1] == fixture["FIELDS"]?[1])
        #expect(defs["TRANSACTION_TYPES"]?["Payment"] == 0 && defs["LEDGER_ENTRY_TYPES"]?["AccountRoot"] == 97)
        let hash = try #require(defs["hash"])
        #expect(try f.ok("server_definitions", ["hash": hash]) == ["hash": hash])
        #expect(try f.ok("server_definitions", ["hash": .string(String(repeating: "0", count: 64))])["FIELDS"] != nil)
    }

    @Test func txHistoryIsV1Only() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        for _ in 0..<3 { try f.submit(a, .payment(destination: f.genesis.address, amount: .drops(1_000))) }
        f.close()
        let r = try f.ok("tx_history", ["start": 0], v: 1)
        #expect(r["index"] == 0 && r["txs"]?.arrayValue?.count == 3)
        #expect(r["txs"]?[0]?["TransactionType"] == "Payment" && r["txs"]?[0]?["inLedger"] != nil)
        #expect(try f.ok("tx_history", ["start": 2], v: 1)["txs"]?.arrayValue?.count == 1)
        #expect(errorToken(f.rpc("tx_history", ["start": 0], v: 2)) == "unknownCmd")
        #expect(errorToken(f.rpc("tx_history", [:], v: 1)) == "invalidParams")
        #expect(errorToken(f.rpc("tx_history", ["start": "x"], v: 1)) == "invalidParams")
        #expect(errorToken(f.rpc("tx_history", ["start": 10_001], v: 1)) == "noPermission")
    }

    @Test func depositAuthorized() throws {
        var f = try SimFixture()
        let (a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([a, b])
        let p: [String: JSONValue] = ["source_account": .string(a.address), "destination_account": .string(b.address)]
        #expect(try f.ok("deposit_authorized", p)["deposit_authorized"] == true)
        try f.submit(b, .accountSet(setFlag: .depositAuth))
        #expect(try f.ok("deposit_authorized", p)["deposit_authorized"] == false)
        #expect(try f.ok("deposit_authorized", ["source_account": .string(b.address), "destination_account": .string(b.address)])["deposit_authorized"] == true)
        let ghost = try SimFixture.wallet(9).address
        #expect(errorToken(f.rpc("deposit_authorized", ["source_account": .string(ghost), "destination_account": .string(b.address)])) == "srcActNotFound")
        #expect(errorToken(f.rpc("deposit_authorized", ["source_account": .string(a.address), "destination_account": .string(ghost)])) == "dstActNotFound")
        #expect(errorToken(f.rpc("deposit_authorized", ["source_account": "rBad", "destination_account": .string(b.address)])) == "actMalformed")
        #expect(errorToken(f.rpc("deposit_authorized", ["destination_account": .string(b.address)])) == "invalidParams")
    }

    @Test func gatewayBalancesAndNoRippleCheck() throws {
        var f = try SimFixture()
        let (g, hot, a) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([g, hot, a])
        try f.issue(g, to: [hot, a], held: "25")
        let r = try f.ok("gateway_balances", ["account": .string(g.address), "hotwallet": .string(hot.address)])
        #expect(r["obligations"] == ["USD": "25"])
        #expect(r["balances"] == .object([hot.address: [["currency": "USD", "value": "25"]]]))
        #expect(r["assets"] == nil)
        let user = try f.ok("gateway_balances", ["account": .string(a.address)])
        #expect(user["assets"] == .object([g.address: [["currency": "USD", "value": "25"]]]))
        #expect(errorToken(f.rpc("gateway_balances", ["account": .string(g.address), "hotwallet": "rBad"])) == "invalidHotWallet")
        #expect(errorToken(f.rpc("gateway_balances", ["account": .string(g.address), "hotwallet": [7]])) == "invalidHotWallet")

        let gw = try f.ok("noripple_check", ["account": .string(g.address), "role": "gateway", "transactions": true])
        // Without DefaultRipple its lines were created with NoRipple on its side: each is a problem too.
        let lineProblems = [hot, a].map { "You should clear the no ripple flag on your USD line to \($0.address)" }
        #expect(gw["problems"]?.arrayValue?.first == "You should immediately set your default ripple flag")
        #expect(Set(gw["problems"]?.arrayValue?.dropFirst().compactMap(\.stringValue) ?? []) == Set(lineProblems))
        let tx = try #require(gw["transactions"]?[0])
        #expect(tx["TransactionType"] == "AccountSet" && tx["SetFlag"] == 8 && tx["Fee"] == 10)
        #expect(tx["Sequence"] == .int(Int64(try #require(f.sequence(g)))))
        let u = try f.ok("noripple_check", ["account": .string(a.address), "role": "user"])
        #expect(u["problems"] == [.string("You should probably set the no ripple flag on your USD line to \(g.address)")])
        #expect(u["transactions"] == nil)
        #expect(errorToken(f.rpc("noripple_check", ["account": .string(a.address)])) == "invalidParams")
        #expect(errorToken(f.rpc("noripple_check", ["account": .string(a.address), "role": "boss"])) == "invalidParams")
        #expect(errorToken(f.rpc("noripple_check", ["account": .string(a.address), "role": "user", "transactions": "yes"])) == "invalidParams")
        // API v1 reads a non-boolean as rippled's asBool.
        #expect(try f.ok("noripple_check", ["account": .string(a.address), "role": "user", "transactions": "yes"], v: 1)["transactions"] != nil)
    }

    @Test func simulateNeverChangesState() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let before = f.core.openState.account(a.address)
        let count = f.core.openLedgerCount
        let tx: JSONValue = ["TransactionType": "Payment", "Account": .string(a.address), "Destination": .string(f.genesis.address), "Amount": "1000"]
        let r = try f.ok("simulate", ["tx_json": tx])
        #expect(r["applied"] == false && r["engine_result"] == "tesSUCCESS" && r["engine_result_code"] == 0)
        #expect(r["meta"]?["TransactionResult"] == "tesSUCCESS" && r["meta"]?["AffectedNodes"]?.arrayValue?.count == 2)
        #expect(r["tx_json"]?["Sequence"] == .int(Int64(before?.sequence ?? 0)) && r["tx_json"]?["SigningPubKey"] == "")
        #expect(r["ledger_index"] == .int(Int64(f.core.openLedgerIndex)))
        #expect(f.core.openState.account(a.address) == before && f.core.openLedgerCount == count)
        // A tec result has metadata too; a tem has none.
        let ghost = try SimFixture.wallet(5).address
        let tec = try f.ok("simulate", ["tx_json": ["TransactionType": "Payment", "Account": .string(a.address), "Destination": .string(ghost), "Amount": "1000"]])
        #expect(tec["engine_result"] == "tecNO_DST_INSUF_XRP" && tec["meta"] != nil)
        let tem = try f.ok("simulate", ["tx_json": ["TransactionType": "Payment", "Account": .string(a.address), "Destination": .string(a.address), "Amount": "1000"]])
        #expect(tem["engine_result"] == "temREDUNDANT" && tem["meta"] == nil)
        let bin = try f.ok("simulate", ["tx_json": tx, "binary": true])
        #expect(bin["tx_blob"]?.stringValue != nil && bin["meta_blob"]?.stringValue != nil)

        let signed = try f.sign(a, .payment(destination: f.genesis.address, amount: .drops(1_000)))
        #expect(errorToken(f.rpc("simulate", ["tx_blob": .string(signed.blobHex)])) == "txSigned")
        #expect(errorToken(f.rpc("simulate", ["tx_blob": .string(signed.blobHex), "tx_json": tx])) == "invalidParams")
        #expect(errorToken(f.rpc("simulate", [:])) == "invalidParams")
        #expect(errorToken(f.rpc("simulate", ["tx_json": tx, "secret": "x"])) == "invalidParams")
        #expect(errorToken(f.rpc("simulate", ["tx_json": ["TransactionType": "Payment", "Account": .string(ghost), "Destination": .string(a.address), "Amount": "1"]])) == "srcActNotFound")
        #expect(errorToken(f.rpc("simulate", ["tx_blob": "ZZ"])) == "invalidParams")
    }

    @Test func signLikeRippled() throws {
        var f = try SimFixture()
        let tx: JSONValue = ["TransactionType": "Payment", "Account": .string(f.genesis.address), "Destination": .string(try SimFixture.wallet(3).address), "Amount": "50000000"]
        let secret = SimulatorCore.genesisSeed
        let r = try f.ok("sign", ["tx_json": tx, "secret": .string(secret)])
        let blob = try #require(r["tx_blob"]?.stringValue)
        #expect(r["tx_json"]?["TxnSignature"] != nil && r["tx_json"]?["hash"] != nil && r["tx_json"]?["Sequence"] == 1)
        #expect(try f.core.submit(blob: try Hex.decode(blob), at: f.time).get().result == .tesSUCCESS)
        #expect(f.core.openState.account(f.genesis.address)?.sequence == 2, "sign alone never submits")

        let missing = f.rpc("sign", ["tx_json": tx])
        #expect(errorToken(missing) == "invalidParams")
        if case .failure(let e) = missing { #expect(e.message == "Missing field 'secret'.") }
        let bad = f.rpc("sign", ["tx_json": tx, "secret": "sNotASeedAtAll"])
        #expect(errorToken(bad) == "badSeed")
        if case .failure(let e) = bad {
            #expect(e.code == 44)
            #expect(!"\(e.fields)".contains("sNotASeedAtAll"))
        }
        #expect(errorToken(f.rpc("sign", ["tx_json": tx, "seed_hex": .string(Hex.encode([UInt8](repeating: 7, count: 16)))])) == "badSecret")
        #expect(errorToken(f.rpc("sign", ["secret": .string(secret)])) == "invalidParams")
        #expect(errorToken(f.rpc("sign", ["tx_json": ["TransactionType": "Payment"], "secret": .string(secret)])) == "invalidParams")
    }

    /// The actor's own path: state queries answered from a snapshot off the actor, ping with a
    /// session reporting `unlimited`.
    @Test func throughTheSimulatorActor() async throws {
        let sim = Simulator(config: SimFixture.config(), clock: .manual(start: 1_000_000))
        let session = await sim.openSession()
        guard case .reply(.success(let ping)) = await sim.handle(method: "ping", params: [:], apiVersion: 2, session: session.id) else {
            Issue.record("ping failed")
            return
        }
        #expect(ping == ["role": "admin", "unlimited": true])
        let genesis = JSONValue.string(SimulatorCore.genesisAddress)
        guard case .reply(.success(let lines)) = await sim.handle(method: "account_lines", params: ["account": genesis], apiVersion: 2, session: nil)
        else {
            Issue.record("account_lines failed")
            return
        }
        #expect(lines["lines"] == .array([]) && lines["account"] == genesis)
        guard case .reply(.failure(let e)) = await sim.handle(method: "ledger_entry", params: ["index": "00"], apiVersion: 2, session: nil) else {
            Issue.record("a malformed index was accepted")
            return
        }
        #expect(e.token == "malformedRequest")
        let tx: JSONValue = ["TransactionType": "AccountSet", "Account": genesis]
        guard case .reply(.success(let signed)) = await sim.handle(
            method: "sign", params: ["tx_json": tx, "secret": .string(SimulatorCore.genesisSeed)], apiVersion: 2, session: nil)
        else {
            Issue.record("sign failed")
            return
        }
        #expect(signed["tx_json"]?["Sequence"] == 1 && signed["tx_blob"]?.stringValue != nil)
    }
}
