import Testing
import XRPL
@testable import LedgerSim

/// The streams rippled publishes outside ledger closes: `transactions_proposed` /
/// `accounts_proposed` (`NetworkOPsImp::pubProposedTransaction`) and `server`
/// (`NetworkOPsImp::subServer`, `reportFeeChange` → `pubServer`).
@Suite struct ProposedStreamTests {
    /// A manual-clock simulator with `wallets` funded at genesis.
    static func simulator(_ wallets: [Wallet], ledgerSize: Int? = nil) -> Simulator {
        var config = SimFixture.config(ledgerSize: ledgerSize)
        for w in wallets { config.prefundedAccounts[w.address] = 1_000_000_000 }
        return Simulator(config: config, clock: .manual(start: 1_000_000))
    }

    static func subscribe(_ sim: Simulator, _ session: SessionID, _ params: [String: JSONValue], v: Int = 2) async throws -> JSONValue {
        let r = await sim.handle(method: "subscribe", params: params, apiVersion: v, session: session)
        guard case .reply(.success(let info)) = r else { throw TestFailure("subscribe failed: \(r)") }
        return info
    }

    static func submit(_ sim: Simulator, _ w: Wallet, _ body: TransactionBody, seq: UInt32, fee: UInt64 = 10) async throws -> SignedTransaction {
        let tx = try TransactionSigner.sign(Transaction(account: w.address, body: body, fee: fee, sequence: seq), with: w.keys)
        _ = await sim.handle(method: "submit", params: ["tx_blob": .string(tx.blobHex)], apiVersion: 2, session: nil)
        return tx
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// pubProposedTransaction on apply to the open ledger (transJson with validated false: no
    /// meta, `ledger_current_index`, status "proposed"), then pubValidatedTransaction sends the
    /// validated copy to transactions_proposed subscribers too.
    @Test func transactionsProposedPublishesOnOpenLedgerApply() async throws {
        let (a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        let sim = Self.simulator([a, b])
        let session = await sim.openSession()
        _ = try await Self.subscribe(sim, session.id, ["streams": ["transactions_proposed"]])
        let pay = try await Self.submit(sim, a, .payment(destination: b.address, amount: .drops(1_000)), seq: 1)
        var messages = session.messages.makeAsyncIterator()
        let proposed = try #require(await messages.next())
        #expect(proposed["type"]?.stringValue == "transaction")
        #expect(proposed["validated"]?.boolValue == false)
        #expect(proposed["status"]?.stringValue == "proposed")
        #expect(proposed["engine_result"]?.stringValue == "tesSUCCESS")
        #expect(proposed["ledger_current_index"]?.int64Value == 3)
        #expect(proposed["hash"]?.stringValue == pay.hash)
        #expect(proposed["tx_json"]?["DeliverMax"]?.stringValue == "1000")
        #expect(proposed["meta"] == nil)
        #expect(proposed["ledger_hash"] == nil)
        // A refused transaction (tem) did not touch the open ledger: nothing is published.
        _ = try await Self.submit(sim, a, .payment(destination: a.address, amount: .drops(5)), seq: 2)
        await sim.closeLedger()
        let validated = try #require(await messages.next())
        #expect(validated["validated"]?.boolValue == true)
        #expect(validated["hash"]?.stringValue == pay.hash)
        #expect(validated["meta"] != nil)
    }

    /// pubProposedAccountTransaction: `accounts_proposed` subscribers hear about transactions
    /// mentioning their accounts (here as Destination), in API v1's `transaction` shape; the
    /// validated copy follows through pubAccountTransaction's mSubRTAccount.
    @Test func accountsProposedNotifiesMentionedAccounts() async throws {
        let (a, b, c) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        let sim = Self.simulator([a, b, c])
        let session = await sim.openSession()
        _ = try await Self.subscribe(sim, session.id, ["accounts_proposed": [.string(b.address)]], v: 1)
        _ = try await Self.submit(sim, a, .payment(destination: c.address, amount: .drops(1_000)), seq: 1)  // not b's
        let toB = try await Self.submit(sim, a, .payment(destination: b.address, amount: .drops(2_000)), seq: 2)
        var messages = session.messages.makeAsyncIterator()
        let proposed = try #require(await messages.next())
        #expect(proposed["transaction"]?["hash"]?.stringValue == toB.hash)
        #expect(proposed["transaction"]?["Amount"]?.stringValue == "2000")
        #expect(proposed["validated"]?.boolValue == false)
        await sim.closeLedger()
        let validated = try #require(await messages.next())
        #expect(validated["transaction"]?["hash"]?.stringValue == toB.hash)
        #expect(validated["validated"]?.boolValue == true)
        // Malformed accounts_proposed entries are refused like accounts.
        let bad = await sim.handle(method: "subscribe", params: ["accounts_proposed": ["nope"]], apiVersion: 2, session: session.id)
        guard case .reply(.failure(let e)) = bad else { Issue.record("expected actMalformed, got \(bad)"); return }
        #expect(e.token == "actMalformed")
    }

    /// NetworkOPsImp::subServer's reply fields, then pubServer's serverStatus when the open
    /// ledger's fee level rises past the expected size (reportFeeChange from apply).
    @Test func serverStreamReportsFeeChanges() async throws {
        let a = try SimFixture.wallet(1)
        let sim = Self.simulator([a], ledgerSize: 2)
        let session = await sim.openSession()
        let info = try await Self.subscribe(sim, session.id, ["streams": ["server"]])
        #expect(info["load_base"]?.int64Value == 256)
        #expect(info["load_factor"]?.int64Value == 256)
        #expect(info["server_status"]?.stringValue == "full")
        #expect(info["hostid"]?.stringValue != nil)
        #expect(info["random"]?.stringValue?.count == 64)
        #expect(info["stand_alone"] == nil)
        // Within the expected size (2) the level stays at the base; the third transaction
        // takes the open ledger past it, and the escalated level is reported once.
        for seq in UInt32(1)...3 { _ = try await Self.submit(sim, a, .noOp, seq: seq) }
        var messages = session.messages.makeAsyncIterator()
        let status = try #require(await messages.next())
        #expect(status["type"]?.stringValue == "serverStatus")
        #expect(status["load_base"]?.int64Value == 256)
        #expect(status["base_fee"]?.int64Value == 10)
        #expect((status["load_factor_fee_escalation"]?.int64Value ?? 0) > 256)
        #expect(status["load_factor_fee_reference"]?.int64Value == 256)
        // The close empties the open ledger: the level drops back, another message.
        await sim.closeLedger()
        let after = try #require(await messages.next())
        #expect(after["type"]?.stringValue == "serverStatus")
        #expect(after["load_factor_fee_escalation"]?.int64Value == 256)
    }
}
