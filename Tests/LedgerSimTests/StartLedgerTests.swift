import Testing
import XRPL
@testable import LedgerSim

/// `SimConfig.startLedger`: the simulator's history can begin where real networks are (ledger
/// 100 000, 90 000 000), and every method indexed by ledger answers consistently there. Every
/// expectation is read back through the simulator's own API.
@Suite struct StartLedgerTests {
    static let starts: [UInt32] = [100_000, 90_000_000]

    private func call(_ f: inout SimFixture, _ method: String, _ params: [String: JSONValue] = [:], v: Int = 2) -> Result<JSONValue, RPCError> {
        SimAPI.handle(method: method, params: params, apiVersion: v, core: &f.core, now: f.time)
    }

    private func token(_ r: Result<JSONValue, RPCError>) -> String? {
        if case .failure(let e) = r { return e.token }
        return nil
    }

    private func fixture(start: UInt32, configure: (inout SimConfig) -> Void = { _ in }) throws -> SimFixture {
        try SimFixture(config: SimFixture.config { c in
            c.startLedger = start
            configure(&c)
        })
    }

    /// The default is a standalone rippled's start, exactly as before the option existed.
    @Test func defaultStartIsUnchanged() throws {
        #expect(SimConfig().startLedger == 2)
        var f = try SimFixture()
        #expect(f.core.validated.index == 2)
        #expect(f.core.openLedgerIndex == 3)
        #expect(f.core.completeLedgers == "1-2")
        let genesis = try #require(f.core.ledger(1))
        #expect(genesis.parentHash == String(repeating: "0", count: 64))
        #expect(f.core.ledger(2)?.parentHash == genesis.hash)
        let info: ServerInfoResponse = try call(&f, "server_info").decode()
        #expect(info.info.validatedLedger?.seq == 2)
        #expect(info.info.completeLedgers == "1-2")
        let current: LedgerCurrentResponse = try call(&f, "ledger_current").decode()
        #expect(current.ledgerCurrentIndex == 3)
        let fee: FeeResponse = try call(&f, "fee").decode()
        #expect(fee.ledgerCurrentIndex == 3)
        // A new account still starts at the ledger it is created in.
        let a = try SimFixture.wallet(1)
        try f.submit(f.genesis, .payment(destination: a.address, amount: .drops(50_000_000)))
        #expect(f.close().index == 3)
        #expect(f.validatedSequence(a) == 3)
    }

    /// Out-of-range values are clamped by the simulator (the CLI rejects them outright).
    @Test func outOfRangeStartsAreClamped() throws {
        let low = try fixture(start: 0)
        #expect(low.core.validated.index == 2 && low.core.completeLedgers == "1-2")
        let high = try fixture(start: .max)
        #expect(high.core.validated.index == SimConfig.startLedgerRange.upperBound)
        #expect(high.core.openLedgerIndex == SimConfig.startLedgerRange.upperBound + 1)
    }

    @Test(arguments: starts)
    func freshSimulatorStandsAtTheStart(start n: UInt32) throws {
        var f = try fixture(start: n)
        #expect(f.core.validated.index == n)
        #expect(f.core.openLedgerIndex == n + 1)
        #expect(f.core.completeLedgers == "\(n - 1)-\(n)")
        let genesis = try #require(f.core.ledger(n - 1))
        #expect(genesis.parentHash == String(repeating: "0", count: 64))
        #expect(f.core.ledger(n)?.parentHash == genesis.hash)

        let info: ServerInfoResponse = try call(&f, "server_info").decode()
        #expect(info.info.validatedLedger?.seq == n)
        #expect(info.info.completeLedgers == "\(n - 1)-\(n)")
        #expect(info.info.uptime < 60, "uptime counts from the simulator's start, not from ledger 2")
        let state = try call(&f, "server_state").get()
        #expect(state["state"]?["validated_ledger"]?["seq"] == .int(Int64(n)))
        #expect(state["state"]?["complete_ledgers"]?.stringValue == "\(n - 1)-\(n)")
        let current: LedgerCurrentResponse = try call(&f, "ledger_current").decode()
        #expect(current.ledgerCurrentIndex == n + 1)
        let closed: LedgerClosedResponse = try call(&f, "ledger_closed").decode()
        #expect(closed.ledgerIndex == n)
        let fee: FeeResponse = try call(&f, "fee").decode()
        #expect(fee.ledgerCurrentIndex == n + 1)

        // Genesis and the first validated ledger by index; nothing before genesis.
        let g = try call(&f, "ledger", ["ledger_index": .int(Int64(n - 1))]).get()
        #expect(g["ledger_hash"]?.stringValue == genesis.hash)
        #expect(token(call(&f, "ledger", ["ledger_index": .int(Int64(n - 2))])) == "lgrNotFound")
        #expect(token(call(&f, "ledger", ["ledger_index": 1])) == "lgrNotFound")
        let genesisInfo: AccountInfoResponse = try call(&f, "account_info", ["account": .string(f.genesis.address), "ledger_index": "validated"]).decode()
        #expect(genesisInfo.accountData.sequence == 1)
    }

    /// The whole path of one payment: submit, close, and every lookup of it and its ledger.
    @Test(arguments: starts)
    func paymentCreatesAnAccountAtTheLedgerIndex(start n: UInt32) throws {
        var f = try fixture(start: n)
        let a = try SimFixture.wallet(7)
        let lls = f.core.validated.index + 20
        let pay = try f.sign(f.genesis, .payment(destination: a.address, amount: .drops(100_000_000)), lls: lls)
        let submit: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(pay.blobHex)]).decode()
        #expect(submit.engineResult == "tesSUCCESS")
        #expect(submit.validatedLedgerIndex == n)
        #expect(submit.accountSequenceNext == 2)

        let closedLedger = f.close()
        let created = n + 1
        #expect(closedLedger.index == created)

        // Sequence = the ledger the account was created in.
        let info: AccountInfoResponse = try call(&f, "account_info", ["account": .string(a.address), "ledger_index": "validated"]).decode()
        #expect(info.accountData.sequence == created)
        #expect(info.ledgerIndex == created)
        let open: AccountInfoResponse = try call(&f, "account_info", ["account": .string(a.address), "queue": true]).decode()
        #expect(open.accountData.sequence == created)
        #expect(open.ledgerCurrentIndex == created + 1)

        // tx, both API versions.
        let tx: TxResponse = try call(&f, "tx", ["transaction": .string(pay.hash)]).decode()
        #expect(tx.validated && tx.ledgerIndex == created && tx.ledgerHash == closedLedger.hash)
        #expect(tx.txJSON?["LastLedgerSequence"] == .int(Int64(lls)))
        let v1 = try call(&f, "tx", ["transaction": .string(pay.hash)], v: 1).get()
        #expect(v1["inLedger"] == .int(Int64(created)) && v1["ledger_index"] == .int(Int64(created)))
        let searched = token(call(&f, "tx", ["transaction": .string(String(repeating: "B", count: 64)), "min_ledger": .int(Int64(n - 1)), "max_ledger": .int(Int64(created))]))
        #expect(searched == "txnNotFound")
        if case .failure(let e) = call(&f, "tx", ["transaction": .string(String(repeating: "B", count: 64)), "min_ledger": .int(Int64(n - 1)), "max_ledger": .int(Int64(created))]) {
            #expect(e.extra["searched_all"] == .bool(true))
        }

        // account_tx: defaults span the whole history; explicit ranges at large indices.
        let all: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address)]).decode()
        #expect(all.ledgerIndexMin == n - 1 && all.ledgerIndexMax == created)
        #expect(all.transactions.map(\.hash) == [pay.hash])
        #expect(all.transactions.first?.ledgerIndex == created)
        let exact: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address), "ledger_index_min": .int(Int64(created)), "ledger_index_max": .int(Int64(created))]).decode()
        #expect(exact.transactions.count == 1)
        let before: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address), "ledger_index_min": .int(Int64(n - 1)), "ledger_index_max": .int(Int64(n))]).decode()
        #expect(before.transactions.isEmpty)
        let byIndex: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address), "ledger_index": .int(Int64(created))]).decode()
        #expect(byIndex.transactions.count == 1)
        let genesisTxs: AccountTxResponse = try call(&f, "account_tx", ["account": .string(f.genesis.address)]).decode()
        #expect(genesisTxs.transactions.map(\.hash) == [pay.hash])

        // ledger: validated, by index (v2 number, v1 string), expanded, and the open one.
        let validated = try call(&f, "ledger", ["ledger_index": "validated", "transactions": true, "expand": true]).get()
        #expect(validated["ledger_index"] == .int(Int64(created)))
        #expect(validated["ledger"]?["ledger_index"] == .int(Int64(created)))
        #expect(validated["ledger"]?["parent_hash"]?.stringValue == f.core.ledger(n)?.hash)
        let expanded = try #require(validated["ledger"]?["transactions"]?.arrayValue)
        #expect(expanded.count == 1)
        #expect(expanded.first?["hash"]?.stringValue == pay.hash)
        #expect(expanded.first?["ledger_index"] == .int(Int64(created)))
        let byNumber = try call(&f, "ledger", ["ledger_index": .int(Int64(created)), "transactions": true]).get()
        #expect(byNumber["ledger_hash"]?.stringValue == closedLedger.hash)
        #expect(byNumber["ledger"]?["transactions"]?.arrayValue == [.string(pay.hash)])
        let byString = try call(&f, "ledger", ["ledger_index": .string(String(created))], v: 1).get()
        #expect(byString["ledger"]?["ledger_index"]?.stringValue == String(created))
        let typed: LedgerResponse = try call(&f, "ledger", ["ledger_index": .int(Int64(created))]).decode()
        #expect(typed.ledgerIndex == created)
        let byHash = try call(&f, "ledger", ["ledger_hash": .string(closedLedger.hash)]).get()
        #expect(byHash["ledger_index"] == .int(Int64(created)))
        let openLedger = try call(&f, "ledger", ["ledger_index": .int(Int64(created + 1))]).get()
        #expect(openLedger["validated"] == .bool(false) && openLedger["ledger_current_index"] == .int(Int64(created + 1)))
        #expect(token(call(&f, "ledger", ["ledger_index": .int(Int64(created + 2))])) == "lgrNotFound")

        // server_info / fee / ledger_current follow the close.
        let info2: ServerInfoResponse = try call(&f, "server_info").decode()
        #expect(info2.info.validatedLedger?.seq == created)
        #expect(info2.info.completeLedgers == "\(n - 1)-\(created)")
        let fee: FeeResponse = try call(&f, "fee").decode()
        #expect(fee.ledgerCurrentIndex == created + 1)
        let current: LedgerCurrentResponse = try call(&f, "ledger_current").decode()
        #expect(current.ledgerCurrentIndex == created + 1)

        // Streams: the ledgerClosed and transaction messages carry the large index.
        let messages = f.core.streamMessages(for: closedLedger, accounts: [a.address])
        #expect(messages.count == 2)
        #expect(messages[0]["ledger_index"] == .int(Int64(created)))
        #expect(messages[0]["validated_ledgers"]?.stringValue == "\(n - 1)-\(created)")
        #expect(messages[1]["ledger_index"] == .int(Int64(created)))
        #expect(messages[1]["hash"]?.stringValue == pay.hash)

        // The new account spends its first Sequence (= creation ledger).
        let set = try f.sign(a, .noOp, lls: f.core.validated.index + 20)
        let spent: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(set.blobHex)]).decode()
        #expect(spent.engineResult == "tesSUCCESS")
        #expect(spent.accountSequenceNext == created + 1)

        // ledger_accept closes it.
        let accepted: LedgerAcceptResponse = try call(&f, "ledger_accept").decode()
        #expect(accepted.ledgerCurrentIndex == created + 2)
        let setTx: TxResponse = try call(&f, "tx", ["transaction": .string(set.hash)]).decode()
        #expect(setTx.validated && setTx.ledgerIndex == created + 1)
        #expect(f.validatedSequence(a) == created + 1)
    }

    /// LastLedgerSequence is compared with the open ledger's (large) index.
    @Test(arguments: starts)
    func lastLedgerSequenceAtLargeIndices(start n: UInt32) throws {
        var f = try fixture(start: n)
        let a = try SimFixture.wallet(3)
        try f.fund([a])
        let current = f.core.openLedgerIndex

        let late = try f.sign(a, .noOp, lls: current - 1)
        let refused: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(late.blobHex)]).decode()
        #expect(refused.engineResult == "tefMAX_LEDGER")
        #expect(refused.applied == false)
        let atValidated = try f.sign(a, .noOp, lls: f.core.validated.index)
        let refused2: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(atValidated.blobHex)]).decode()
        #expect(refused2.engineResult == "tefMAX_LEDGER")

        let ok = try f.sign(a, .noOp, lls: f.core.validated.index + 20)
        let accepted: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(ok.blobHex)]).decode()
        #expect(accepted.engineResult == "tesSUCCESS")
        // The largest LastLedgerSequence a client can send must not overflow the hold window.
        let far = try f.sign(a, .noOp, lls: .max)
        let farReply: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(far.blobHex)]).decode()
        #expect(farReply.engineResult == "tesSUCCESS")

        for _ in 0..<3 { f.close() }
        let okTx: TxResponse = try call(&f, "tx", ["transaction": .string(ok.hash)]).decode()
        #expect(okTx.validated && okTx.ledgerIndex == current)
        let farTx: TxResponse = try call(&f, "tx", ["transaction": .string(far.hash)]).decode()
        #expect(farTx.validated)
        #expect(token(call(&f, "tx", ["transaction": .string(late.hash)])) == "txnNotFound")
        #expect(token(call(&f, "tx", ["transaction": .string(atValidated.hash)])) == "txnNotFound")
    }

    /// Eviction drops genesis and the first ledgers once history is full, and every range
    /// answer follows.
    @Test(arguments: starts)
    func historyEvictsPastTheStart(start n: UInt32) throws {
        var f = try fixture(start: n) { $0.historyLedgers = 5 }
        let a = try SimFixture.wallet(4)
        let pay = try f.sign(f.genesis, .payment(destination: a.address, amount: .drops(100_000_000)))
        try f.submit(pay)
        let first = f.close()
        #expect(first.index == n + 1)
        #expect(f.core.completeLedgers == "\(n - 1)-\(n + 1)")
        for _ in 0..<8 { f.close() }
        let v = f.core.validated.index
        #expect(v == n + 9)
        #expect(f.core.completeLedgers == "\(v - 4)-\(v)")

        let info: ServerInfoResponse = try call(&f, "server_info").decode()
        #expect(info.info.completeLedgers == "\(v - 4)-\(v)")
        #expect(info.info.validatedLedger?.seq == v)
        #expect(token(call(&f, "ledger", ["ledger_index": .int(Int64(n - 1))])) == "lgrNotFound")
        #expect(token(call(&f, "ledger", ["ledger_index": .int(Int64(first.index))])) == "lgrNotFound")
        #expect(token(call(&f, "ledger", ["ledger_hash": .string(first.hash)])) == "lgrNotFound")
        #expect(try call(&f, "ledger", ["ledger_index": .int(Int64(v - 4))]).get()["ledger_index"] == .int(Int64(v - 4)))
        #expect(token(call(&f, "tx", ["transaction": .string(pay.hash)])) == "txnNotFound")
        if case .failure(let e) = call(&f, "tx", ["transaction": .string(pay.hash), "min_ledger": .int(Int64(n)), "max_ledger": .int(Int64(v))]) {
            #expect(e.extra["searched_all"] == .bool(false))
        }
        let txs: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address)]).decode()
        #expect(txs.ledgerIndexMin == v - 4 && txs.ledgerIndexMax == v)
        #expect(txs.transactions.isEmpty)
        // The account itself lives on in state.
        let info2: AccountInfoResponse = try call(&f, "account_info", ["account": .string(a.address), "ledger_index": "validated"]).decode()
        #expect(info2.accountData.sequence == n + 1)
        // A new transaction after eviction is found as usual.
        try f.submit(a, .noOp)
        let later = f.close()
        let txs2: AccountTxResponse = try call(&f, "account_tx", ["account": .string(a.address)]).decode()
        #expect(txs2.transactions.count == 1 && txs2.transactions.first?.ledgerIndex == later.index)
    }

    /// Accounts that exist from genesis (prefunded, the simulator's load accounts) keep
    /// Sequence 1 at any start and transact; the queue works at large indices.
    @Test(arguments: starts)
    func genesisAccountsQueueAndSurgeAtLargeIndices(start n: UInt32) throws {
        var f = try fixture(start: n) { $0.txq = .ledgerSize(2) }
        let wallets = try (10..<16).map(SimFixture.wallet)
        try f.fund(wallets)
        #expect(f.core.validated.index == n, "prefunding happens at genesis")
        for w in wallets { #expect(f.sequence(w) == 1) }

        // More than fit in the open ledger: the rest queue, and all validate within a few closes.
        var results: [String] = []
        var hashes: [String] = []
        for w in wallets {
            let s = try f.sign(w, .noOp, fee: 5_000, lls: f.core.validated.index + 20)
            let r: SubmitResponse = try call(&f, "submit", ["tx_blob": .string(s.blobHex)]).decode()
            results.append(r.engineResult)
            hashes.append(s.hash)
        }
        #expect(results.contains("terQUEUED"), "\(results)")
        for _ in 0..<6 { f.close() }
        for h in hashes {
            let t: TxResponse = try call(&f, "tx", ["transaction": .string(h)]).decode()
            #expect(t.validated && (t.ledgerIndex ?? 0) > n)
        }

        // The fee-surge fault's load accounts (genesis accounts, Sequence 1) get their
        // transactions into ledgers with LastLedgerSequence relative to the large index.
        f.core.inject(.feeSurge(perLedger: 3), at: f.time)
        let surged = f.close()
        #expect(surged.transactionCount > 0)
        let loadTx = try #require(surged.transactions.first)
        #expect(f.core.loadAccountAddresses.contains(loadTx.candidate.account))
        #expect(loadTx.candidate.sequence == 1)
        #expect((loadTx.candidate.tx.lastLedgerSequence ?? 0) > surged.index)
    }
}
