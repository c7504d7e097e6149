import Testing
import XRPL
@testable import LedgerSim

/// The simulator's answers decode with the client's models (the same ones a real rippled's
/// answers decode with), and errors come in rippled's tokens.
@Suite struct SimAPITests {
    private func call(_ f: inout SimFixture, _ method: String, _ params: [String: JSONValue] = [:], v: Int = 2) -> Result<JSONValue, RPCError> {
        SimAPI.handle(method: method, params: params, apiVersion: v, core: &f.core, now: f.time)
    }

    @Test func submitAccountInfoFeeAndTx() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let signed = try f.sign(a, .payment(destination: f.genesis.address, amount: .drops(1_000)))
        let submit: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(signed.blobHex)]).decode()
        #expect(submit.engineResult == "tesSUCCESS")
        #expect(submit.engineResultCode == 0)
        #expect(submit.applied == true && submit.accepted == true && submit.kept == true && submit.queued == false)
        #expect(submit.accountSequenceNext == 2 && submit.accountSequenceAvailable == 2)
        #expect(submit.openLedgerCost == "10")
        #expect(submit.hash == signed.hash)

        let info: AccountInfoResponse = try call(&f, "account_info", ["account": .string(a.address), "queue": true]).decode()
        #expect(info.accountData.sequence == 2)
        #expect(info.queueData?.txnCount == 0)
        #expect(info.validated == false)

        let fee: FeeResponse = try call(&f, "fee").decode()
        #expect(fee.currentLedgerSize == "1")
        #expect(fee.maxQueueSize == nil)

        // Pending: success without meta; validated after a close, with meta and the new Sequence.
        let pending = try call(&f, "tx", ["transaction": .string(signed.hash)]).get()
        #expect(pending["validated"] == .bool(false))
        #expect(pending["meta"] == nil)
        f.close()
        let done = try call(&f, "tx", ["transaction": .string(signed.hash)]).get()
        #expect(done["validated"] == .bool(true))
        #expect(done["meta"]?["TransactionResult"]?.stringValue == "tesSUCCESS")
        #expect(done["tx_json"]?["DeliverMax"] != nil)
        #expect(done["tx_json"]?["Amount"] == nil)
        let v1 = try call(&f, "tx", ["transaction": .string(signed.hash)], v: 1).get()
        #expect(v1["Account"]?.stringValue == a.address)
        #expect(v1["Amount"] != nil)

        let ledger = try call(&f, "ledger", ["ledger_index": "validated", "transactions": true, "expand": true]).get()
        #expect(ledger["ledger"]?["transactions"]?.arrayValue?.count == 1)
        #expect(ledger["ledger"]?["ledger_index"] == .int(Int64(f.core.validated.index)))
        let accountTx = try call(&f, "account_tx", ["account": .string(a.address)]).get()
        #expect(accountTx["transactions"]?.arrayValue?.count == 1)
    }

    @Test func errorsInRippledTokens() throws {
        var f = try SimFixture()
        let unknown = try SimFixture.wallet(99)
        func token(_ r: Result<JSONValue, RPCError>) -> String? {
            if case .failure(let e) = r { return e.token }
            return nil
        }
        #expect(token(call(&f, "account_info", ["account": .string(unknown.address)])) == "actNotFound")
        #expect(token(call(&f, "account_info", ["account": "rNotAnAddress"])) == "actMalformed")
        #expect(token(call(&f, "account_info", [:])) == "invalidParams")
        #expect(token(call(&f, "account_info", ["account": .string(f.genesis.address), "queue": true, "ledger_index": "validated"])) == "invalidParams")
        #expect(token(call(&f, "tx", ["transaction": .string(String(repeating: "A", count: 64))])) == "txnNotFound")
        #expect(token(call(&f, "ledger", ["ledger_index": 99_999])) == "lgrNotFound")
        #expect(token(call(&f, "submit", ["tx_blob": "ZZ"])) == "invalidParams")
        #expect(token(call(&f, "submit", ["tx_blob": "1200"])) == "invalidTransaction")
        #expect(token(call(&f, "no_such_method")) == "unknownCmd")
        if case .failure(let e) = call(&f, "account_info", ["account": .string(unknown.address)]) {
            #expect(e.code == 19)
            #expect(e.extra["ledger_current_index"] != nil)
        }
    }

    @Test func signAndSubmitNeverEchoesTheSecret() throws {
        var f = try SimFixture()
        let r = try call(&f, "submit", [
            "secret": .string(SimulatorCore.genesisSeed),
            "tx_json": ["TransactionType": "AccountSet", "Account": .string(SimulatorCore.genesisAddress)],
        ]).get()
        #expect(r["engine_result"]?.stringValue == "tesSUCCESS")
        #expect(!r.serialized().contains(SimulatorCore.genesisSeed))
        if case .failure(let e) = call(&f, "submit", ["secret": "sBADSEEDxxxxxxxxxxxxxxxxxxxx", "tx_json": ["TransactionType": "AccountSet"]]) {
            #expect(!"\(e)".contains("sBADSEED"))
        } else {
            Issue.record("bad seed accepted")
        }
    }

    @Test func ledgerAcceptAndIndexes() throws {
        var f = try SimFixture()
        let current: LedgerCurrentResponse = try call(&f, "ledger_current").decode()
        #expect(current.ledgerCurrentIndex == 3)
        let accepted = try call(&f, "ledger_accept").get()
        #expect(accepted["ledger_current_index"] == .int(4))
        let closed: LedgerClosedResponse = try call(&f, "ledger_closed").decode()
        #expect(closed.ledgerIndex == 3)
        let info = try call(&f, "server_info").get()
        #expect(info["info"]?["validated_ledger"]?["seq"] == .int(3))
        #expect(info["info"]?["complete_ledgers"]?.stringValue == "1-3")
        let state = try call(&f, "server_state").get()
        #expect(state["state"]?["load_base"] == .int(256))
    }

    /// The shapes `NetworkOPsImp::getServerInfo` gives an admin client of a standalone server:
    /// what differs between the human (server_info) and machine (server_state) forms, and a
    /// `build_version` that clients can compare as a rippled version.
    @Test func serverInfoAndStateMatchRippledShapes() throws {
        var f = try SimFixture()
        let info = try #require(try call(&f, "server_info").get()["info"])
        let state = try #require(try call(&f, "server_state").get()["state"])
        let version = try #require(info["build_version"]?.stringValue)
        let parts = version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3 && parts[0] >= 2, "build_version \(version) is not a rippled version")
        #expect(info["hostid"] != nil && state["hostid"] == nil, "hostid is server_info's only")
        #expect(info["last_close"]?["converge_time_s"] == .double(0.1) && info["last_close"]?["converge_time"] == nil)
        #expect(state["last_close"]?["converge_time"] == .int(100) && state["last_close"]?["converge_time_s"] == nil)
        for key in ["peer_disconnects", "peer_disconnects_resources"] {
            #expect(info[key]?.stringValue == "0" && state[key]?.stringValue == "0", "\(key)")
        }
        #expect(info["pubkey_validator"]?.stringValue == "none")
        #expect(info["validator_list"]?["status"]?.stringValue == "unknown" && info["validator_list_expires"] == nil)
        #expect(state["validator_list_expires"] == .int(0) && state["validator_list"] == nil)
    }

    /// A validated transaction's `ctid` (XLS-37, as `RPC::encodeCTID`), and the ledger index
    /// inside API v2 `tx_json` in account_tx.
    @Test func validatedTransactionsCarryCTIDAndLedgerIndex() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let signed = try f.sign(a, .noOp)
        _ = try f.submit(signed)
        #expect(try call(&f, "tx", ["transaction": .string(signed.hash)]).get()["ctid"] == nil, "no ctid before validation")
        let ledger = f.close()
        let done = try call(&f, "tx", ["transaction": .string(signed.hash)]).get()
        let index = try #require(done["meta"]?["TransactionIndex"].flatMap { $0.intValue })
        let ctid = try #require(done["ctid"]?.stringValue)
        #expect(ctid.count == 16 && ctid.hasPrefix("C"))
        #expect(UInt64(ctid, radix: 16) == (UInt64(0xC000_0000 | ledger.index) << 32) | (UInt64(index) << 16))
        #expect(SimAPI.ctid(ledger: 100_000, index: 3, network: 0) == "C00186A000030000")
        #expect(SimAPI.ctid(ledger: 0x1000_0000, index: 0, network: 0) == nil, "a ledger index over 28 bits has none")
        let rows = try call(&f, "account_tx", ["account": .string(a.address)]).get()["transactions"]?.arrayValue ?? []
        #expect(!rows.isEmpty && rows.allSatisfy { $0["tx_json"]?["ledger_index"] == $0["ledger_index"] })
    }

    /// `signer_lists: true`: an empty list (no SignerListSet is modelled), inside account_data
    /// for API v1 and beside it for v2, as `doAccountInfo` places it.
    @Test func signerListsFollowTheAPIVersion() throws {
        var f = try SimFixture()
        let params: [String: JSONValue] = ["account": .string(f.genesis.address), "signer_lists": true]
        let v1 = try call(&f, "account_info", params, v: 1).get()
        #expect(v1["account_data"]?["signer_lists"] == .array([]) && v1["signer_lists"] == nil)
        let v2 = try call(&f, "account_info", params, v: 2).get()
        #expect(v2["signer_lists"] == .array([]) && v2["account_data"]?["signer_lists"] == nil)
        let plain = try call(&f, "account_info", ["account": .string(f.genesis.address)]).get()
        #expect(plain["signer_lists"] == nil && plain["account_data"]?["signer_lists"] == nil)
    }

    @Test func randomIs256BitsOfHexAndNeverRepeats() throws {
        var f = try SimFixture()
        let a = try #require(try call(&f, "random").get()["random"]?.stringValue)
        let b = try #require(try call(&f, "random").get()["random"]?.stringValue)
        #expect(a.count == 64 && a.allSatisfy(\.isHexDigit) && a == a.uppercased())
        #expect(a != b)
    }
}

/// The actor: clock-driven closes, subscriptions and their messages.
@Suite struct SimulatorActorTests {
    @Test func streamsDeliverLedgersAndAccountTransactions() async throws {
        var config = SimFixture.config()
        config.closeInterval = 1
        let a = try SimFixture.wallet(1)
        config.prefundedAccounts[a.address] = 100_000_000
        let sim = Simulator(config: config, clock: .manual(start: 1_000_000))
        let session = await sim.openSession()
        let sub = await sim.handle(method: "subscribe", params: ["streams": ["ledger"], "accounts": .array([.string(a.address)])], apiVersion: 2, session: session.id)
        guard case .reply(.success(let info)) = sub else { Issue.record("subscribe failed: \(sub)"); return }
        #expect(info["ledger_index"] == .int(2))
        let tx = try TransactionSigner.sign(Transaction(account: a.address, body: .noOp, sequence: 1), with: a.keys)
        _ = await sim.handle(method: "submit", params: ["tx_blob": .string(tx.blobHex)], apiVersion: 2, session: session.id)
        await sim.advance(by: 1.05)
        var iterator = session.messages.makeAsyncIterator()
        var seen: [StreamMessage] = []
        for _ in 0..<2 { if let m = await iterator.next() { seen.append(try StreamMessage(json: m)) } }
        guard case .ledgerClosed(let closed)? = seen.first else { Issue.record("no ledgerClosed first: \(seen)"); return }
        #expect(closed.ledgerIndex == 3)
        #expect(closed.txnCount == 1)
        guard case .transaction(let t)? = seen.last else { Issue.record("no transaction message"); return }
        #expect(t.hash == tx.hash)
        #expect(t.validated)
        #expect(t.metadata?.sequenceAfter(account: a.address) == 2)
        await sim.closeSession(session.id)
        #expect(await sim.sessionCount == 0)
    }

    @Test func disconnectFaultFinishesSessions() async throws {
        let sim = Simulator(config: SimFixture.config(), clock: .manual(start: 0))
        let session = await sim.openSession()
        await sim.inject(.disconnectClients)
        var iterator = session.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        #expect(await sim.sessionCount == 0)
    }

    @Test func manualClockClosesOnInterval() async throws {
        var config = SimFixture.config()
        config.closeInterval = 2
        let sim = Simulator(config: config, clock: .manual(start: 0))
        await sim.advance(by: 7)
        #expect(await sim.core.validated.index == 5)  // 2 + closes at t=2,4,6
    }
}
