import Testing
import XRPL
@testable import LedgerSim

/// What the simulator answers for transactions and fields it does not model: rippled's answers
/// for a disabled type or amendment field (temDISABLED, an engine result clients handle) and for
/// a blob its parser refuses (invalidTransaction); never a success that ignored a field.
@Suite struct UnmodelledInputTests {
    /// Signs any transaction JSON for `w` at its current sequence.
    static func blob(_ f: SimFixture, _ w: Wallet, _ fields: [String: JSONValue]) throws -> [UInt8] {
        var o = fields
        o["Account"] = .string(w.address)
        o["Fee"] = "10"
        o["Sequence"] = .int(Int64(f.sequence(w) ?? 0))
        return try TransactionSigner.sign(json: .object(o), with: w.keys).blob
    }

    func submitReply(_ f: inout SimFixture, _ blob: [UInt8]) throws -> JSONValue {
        try f.ok("submit", ["tx_blob": .string(Hex.encode(blob))])
    }

    /// rippled's preflight for a type whose amendment is off (`CreateCheck::preflight` returns
    /// temDISABLED before preflight1): a submit reply with an engine result, nothing applied,
    /// the Sequence not consumed.
    @Test func unmodelledTypeAnswersTemDisabled() throws {
        var f = try SimFixture()
        let (alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([alice, bob])
        let seq = try #require(f.sequence(alice))
        let blob = try Self.blob(f, alice, [
            "TransactionType": "CheckCreate", "Destination": .string(bob.address), "SendMax": "1000000",
        ])
        let r = try submitReply(&f, blob)
        #expect(r["engine_result"]?.stringValue == "temDISABLED")
        #expect(r["engine_result_code"]?.int64Value == -273)
        #expect(r["applied"]?.boolValue == false)
        #expect(r["queued"]?.boolValue == false)
        #expect(r["tx_json"]?["TransactionType"]?.stringValue == "CheckCreate")
        #expect(f.sequence(alice) == seq)
        f.close()
        #expect(f.validatedSequence(alice) == seq)
        // simulate gives the same answer, without meta.
        let sim = try f.ok("simulate", ["tx_json": [
            "TransactionType": "CheckCreate", "Account": .string(alice.address), "Destination": .string(bob.address),
            "SendMax": "1000000",
        ]])
        #expect(sim["engine_result"]?.stringValue == "temDISABLED")
        #expect(sim["meta"] == nil)
    }

    /// `STTx::STTx(SerialIter&)` → `getTxFormat`: a type code rippled does not know is an
    /// exception while parsing, so submit answers invalidTransaction, not an engine result.
    @Test func unknownTypeCodeIsInvalidTransaction() throws {
        var f = try SimFixture()
        let alice = try SimFixture.wallet(1)
        try f.fund([alice])
        var blob = try f.sign(alice, .noOp).blob
        // TransactionType is the first field: 0x12, then the UInt16 code (AccountSet = 3).
        #expect(Array(blob.prefix(3)) == [0x12, 0x00, 0x03])
        blob[1] = 0x03
        blob[2] = 0xE7
        let r = f.rpc("submit", ["tx_blob": .string(Hex.encode(blob))])
        guard case .failure(let e) = r else { Issue.record("expected an error, got \(r)"); return }
        #expect(e.token == "invalidTransaction")
        #expect(e.exception == "Invalid transaction type 999")
    }

    /// Transactor::preflight1 (Delegate without PermissionDelegation), the types' preflights for
    /// CredentialIDs / DomainID, and the simulator's own refusal of Paths: temDISABLED, never a
    /// success that ignored the field. A field outside the type's format is
    /// `STObject::applyTemplate`'s "found in disallowed location".
    @Test func unmodelledFieldsAreRefused() throws {
        var f = try SimFixture()
        let (alice, bob, carol) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([alice, bob, carol])
        let pay: [String: JSONValue] = ["TransactionType": "Payment", "Destination": .string(bob.address), "Amount": "1000"]
        let refusedFields: [(String, JSONValue)] = [
            ("Delegate", .string(carol.address)),
            ("DomainID", .string(String(repeating: "AB", count: 32))),
            ("CredentialIDs", [.string(String(repeating: "CD", count: 32))]),
            ("Paths", [[["account": .string(carol.address)]]]),
        ]
        for (field, value) in refusedFields {
            var o = pay
            o[field] = value
            let r = try submitReply(&f, try Self.blob(f, alice, o))
            #expect(r["engine_result"]?.stringValue == "temDISABLED", "\(field)")
        }
        #expect(f.core.openState.account(bob.address)?.balance == 1_000_000_000)
        var o = pay
        o["LimitAmount"] = ["currency": "USD", "issuer": .string(carol.address), "value": "1"]
        let r = f.rpc("submit", ["tx_blob": .string(Hex.encode(try Self.blob(f, alice, o)))])
        guard case .failure(let e) = r else { Issue.record("expected an error, got \(r)"); return }
        #expect(e.token == "invalidTransaction")
        #expect(e.exception == "Field 'LimitAmount' found in disallowed location.")
        // Inert in rippled too: InvoiceID rides along and the payment applies.
        o = pay
        o["InvoiceID"] = .string(String(repeating: "11", count: 32))
        #expect(try submitReply(&f, try Self.blob(f, alice, o))["engine_result"]?.stringValue == "tesSUCCESS")
    }

    /// `SetAccount::doApply`: Domain, EmailHash, MessageKey, TickSize, TransferRate are stored on
    /// the AccountRoot, and a zero/empty/default value removes them again; TickSize outside 3…15
    /// is temBAD_TICK_SIZE and a MessageKey that is no public key telBAD_PUBLIC_KEY.
    @Test func accountSetStoresItsFields() throws {
        var f = try SimFixture()
        let alice = try SimFixture.wallet(1)
        try f.fund([alice])
        let key = "03AB40A0490F9B7ED8DF29D246BF2D6269820A0EE7742ACDD457BEA7C7D0931EDB"
        let set = try Self.blob(f, alice, [
            "TransactionType": "AccountSet", "Domain": "6578616D706C652E636F6D", "EmailHash": "10000000002000000000300000000012",
            "MessageKey": .string(key), "TickSize": 10, "TransferRate": 1_005_000_000,
        ])
        #expect(try submitReply(&f, set)["engine_result"]?.stringValue == "tesSUCCESS")
        f.close()
        let data = try f.ok("account_info", ["account": .string(alice.address)])["account_data"]
        #expect(data?["Domain"]?.stringValue == "6578616D706C652E636F6D")
        #expect(data?["EmailHash"]?.stringValue == "10000000002000000000300000000012")
        #expect(data?["MessageKey"]?.stringValue == key)
        #expect(data?["TickSize"]?.int64Value == 10)
        #expect(data?["TransferRate"]?.int64Value == 1_005_000_000)
        let clear = try Self.blob(f, alice, [
            "TransactionType": "AccountSet", "Domain": "", "EmailHash": "00000000000000000000000000000000", "MessageKey": "",
            "TickSize": 15, "TransferRate": 1_000_000_000,
        ])
        #expect(try submitReply(&f, clear)["engine_result"]?.stringValue == "tesSUCCESS")
        let after = try #require(f.core.openState.account(alice.address))
        #expect(after.optionalFields.isEmpty)
        #expect(try submitReply(&f, try Self.blob(f, alice, ["TransactionType": "AccountSet", "TickSize": 2]))["engine_result"]?.stringValue == "temBAD_TICK_SIZE")
        #expect(try submitReply(&f, try Self.blob(f, alice, ["TransactionType": "AccountSet", "MessageKey": "0102"]))["engine_result"]?.stringValue == "telBAD_PUBLIC_KEY")
    }

    /// `SetAccount::doApply` (asfAccountTxnID makes the field present, zero) and
    /// `Transactor::apply` (each later transaction writes its ID); `checkPriorTxAndLastLedger`
    /// refuses a transaction naming another prior one (tefWRONG_PRIOR); clearing removes it.
    @Test func accountTxnIDTracksTheLastTransaction() throws {
        var f = try SimFixture()
        let (alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([alice, bob])
        #expect(try f.submit(alice, .accountSet(setFlag: .accountTxnID)).result == .tesSUCCESS)
        #expect(f.core.openState.account(alice.address)?.optionalFields["AccountTxnID"]?.stringValue == AccountSettings.zeroHash256)
        let pay = try f.submit(alice, .payment(destination: bob.address, amount: .drops(1_000)))
        #expect(pay.result == .tesSUCCESS)
        #expect(f.core.openState.account(alice.address)?.optionalFields["AccountTxnID"]?.stringValue == pay.hash)
        // A transaction naming a different prior is refused; naming the right one applies.
        let wrong = try Self.blob(f, alice, ["TransactionType": "AccountSet", "AccountTxnID": .string(AccountSettings.zeroHash256)])
        #expect(try submitReply(&f, wrong)["engine_result"]?.stringValue == "tefWRONG_PRIOR")
        let right = try Self.blob(f, alice, ["TransactionType": "AccountSet", "AccountTxnID": .string(pay.hash)])
        #expect(try submitReply(&f, right)["engine_result"]?.stringValue == "tesSUCCESS")
        f.close()
        let validated = try #require(f.core.validatedState.account(alice.address))
        #expect(validated.optionalFields["AccountTxnID"] != nil)
        #expect(try f.submit(alice, .accountSet(clearFlag: .accountTxnID)).result == .tesSUCCESS)
        #expect(f.core.openState.account(alice.address)?.optionalFields["AccountTxnID"] == nil)
        let data = try f.ok("account_info", ["account": .string(alice.address), "ledger_index": "current"])["account_data"]
        #expect(data?["AccountTxnID"] == nil)
    }
}
