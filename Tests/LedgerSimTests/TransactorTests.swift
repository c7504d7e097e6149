import Testing
import XRPL
@testable import LedgerSim

/// Transaction semantics of the seven types: reserves, trust lines, issued payments, offers as
/// owned objects, escrow time conditions.
@Suite struct TransactorTests {
    static func usd(_ v: String, _ issuer: Wallet) throws -> Amount {
        .issued(value: try IssuedValue(parsing: v), currency: try CurrencyCode("USD"), issuer: issuer.address)
    }

    @Test func issuedPaymentsAlongTrustLines() throws {
        var f = try SimFixture()
        let (issuer, alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([issuer, alice, bob])
        // No line yet: nothing can flow.
        #expect(try f.submit(issuer, .payment(destination: alice.address, amount: try Self.usd("5", issuer))).result == .tecPATH_DRY)
        f.close()
        #expect(try f.submit(alice, .trustSet(limit: try Self.usd("100", issuer))).result == .tesSUCCESS)
        #expect(try f.submit(bob, .trustSet(limit: try Self.usd("10", issuer))).result == .tesSUCCESS)
        // Cross-account dependencies are separated by closes: the closed ledger re-applies in
        // canonical (salted account) order, so results inside one ledger may differ (§1.11).
        f.close()
        #expect(try f.submit(issuer, .payment(destination: alice.address, amount: try Self.usd("50", issuer))).result == .tesSUCCESS)
        // Above alice's limit.
        #expect(try f.submit(issuer, .payment(destination: alice.address, amount: try Self.usd("60", issuer))).result == .tecPATH_PARTIAL)
        f.close()
        // Holder to holder through the issuer; bob's limit caps it.
        #expect(try f.submit(alice, .payment(destination: bob.address, amount: try Self.usd("7.5", issuer))).result == .tesSUCCESS)
        #expect(try f.submit(alice, .payment(destination: bob.address, amount: try Self.usd("5", issuer))).result == .tecPATH_PARTIAL)
        let closed = f.close()
        #expect(closed.transactions.count == 2)
        let line = try #require(f.core.validatedState.line(alice.address, issuer.address, currency: try CurrencyCode("USD")))
        #expect(line.holding(of: alice.address).description == "42.5")
        #expect(f.core.validatedState.account(alice.address)?.ownerCount == 1)
        // Payment metadata carries delivered_amount and the line's change.
        let pay = try #require(closed.transactions.first { $0.result == .tesSUCCESS && $0.candidate.tx.transactionType == "Payment" })
        #expect(pay.meta?["delivered_amount"] != nil)
        let nodes = pay.meta?["AffectedNodes"]?.arrayValue ?? []
        #expect(nodes.contains { $0["ModifiedNode"]?["LedgerEntryType"]?.stringValue == "RippleState" })
    }

    @Test func trustLineRemovedWhenBackToDefault() throws {
        var f = try SimFixture()
        let (issuer, alice) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([issuer, alice])
        #expect(try f.submit(alice, .trustSet(limit: try Self.usd("0", issuer))).result == .tecNO_LINE_REDUNDANT)
        #expect(try f.submit(alice, .trustSet(limit: try Self.usd("10", issuer))).result == .tesSUCCESS)
        #expect(f.core.openState.account(alice.address)?.ownerCount == 1)
        // Back at default means a zero limit and NoRipple matching the account's default
        // (SetTrust::doApply; TrustLineFlagTests covers the zero limit alone).
        let zero = Transaction(
            account: alice.address, body: .trustSet(limit: try Self.usd("0", issuer)), sequence: f.sequence(alice) ?? 0,
            flags: Transactor.TrustSetFlag.setNoRipple)
        #expect(try f.submit(try TransactionSigner.sign(zero, with: alice.keys)).result == .tesSUCCESS)
        #expect(f.core.openState.account(alice.address)?.ownerCount == 0)
        #expect(f.core.openState.trustLineCount(of: alice.address) == 0)
    }

    @Test func reserveLimitsOwnedObjects() throws {
        var f = try SimFixture()
        let (issuer, poor) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([issuer])
        try f.fund([poor], xrp: 1)  // not fresh any more: a real payment of exactly the base reserve
        #expect(f.core.validatedState.account(poor.address)?.balance == 1_000_000)
        // Two objects are free of owner reserve; the third needs 1.6 XRP.
        for c in ["AAA", "BBB"] {
            let limit = Amount.issued(value: try IssuedValue(parsing: "1"), currency: try CurrencyCode(c), issuer: issuer.address)
            #expect(try f.submit(poor, .trustSet(limit: limit)).result == .tesSUCCESS)
        }
        let third = Amount.issued(value: try IssuedValue(parsing: "1"), currency: try CurrencyCode("CCC"), issuer: issuer.address)
        #expect(try f.submit(poor, .trustSet(limit: third)).result == .tecNO_LINE_INSUF_RESERVE)
        // XRP above the reserve cannot be sent either.
        #expect(try f.submit(poor, .payment(destination: issuer.address, amount: .drops(10))).result == .tecUNFUNDED_PAYMENT)
    }

    @Test func offersAreOwnedObjects() throws {
        var f = try SimFixture()
        let (issuer, maker) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([issuer, maker])
        let s = try #require(f.sequence(maker))
        #expect(try f.submit(maker, .offerCreate(takerPays: try Self.usd("1", issuer), takerGets: .drops(1_000_000))).result == .tesSUCCESS)
        #expect(f.core.openState.offerCount(of: maker.address) == 1)
        // Holding none of TakerGets: unfunded.
        #expect(try f.submit(maker, .offerCreate(takerPays: .drops(5), takerGets: try Self.usd("1", issuer))).result == .tecUNFUNDED_OFFER)
        #expect(try f.submit(maker, .offerCreate(takerPays: .drops(5), takerGets: .drops(5))).result == .temBAD_OFFER)
        #expect(try f.submit(maker, .offerCancel(offerSequence: s)).result == .tesSUCCESS)
        #expect(f.core.openState.offerCount(of: maker.address) == 0)
        #expect(f.core.openState.account(maker.address)?.ownerCount == 0)
        // Fill-or-kill with no crossing is killed, still consuming the sequence.
        let fok = try f.sign(maker, .offerCreate(takerPays: try Self.usd("1", issuer), takerGets: .drops(1_000_000)))
        var tx = try Transaction(blob: fok.blob)
        tx.flags = TransactionFlags.OfferCreate.fillOrKill
        #expect(try f.submit(try TransactionSigner.sign(tx, with: maker.keys)).result == .tecKILLED)
        #expect(f.core.openState.offerCount(of: maker.address) == 0)
    }

    @Test func escrowTimeConditions() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        f.close()
        let parent = f.core.validated.closeTime
        // Already past: no permission.
        #expect(try f.submit(a, .escrowCreate(destination: a.address, amount: .drops(1_000), finishAfter: parent - 1)).result == .tecNO_PERMISSION)
        let seq = try #require(f.sequence(a))
        let create = try f.submit(a, .escrowCreate(destination: a.address, amount: .drops(5_000_000), finishAfter: parent + 30, cancelAfter: parent + 300))
        #expect(create.result == .tesSUCCESS)
        f.close()
        #expect(f.core.validatedState.escrowCount(of: a.address) == 1)
        // Too early, wrong target, then after FinishAfter from the same account (ADR-013 flow).
        #expect(try f.submit(a, .escrowFinish(owner: a.address, offerSequence: seq)).result == .tecNO_PERMISSION)
        #expect(try f.submit(a, .escrowFinish(owner: a.address, offerSequence: seq + 100)).result == .tecNO_TARGET)
        f.close(after: 40)
        f.close(after: 1)
        let before = try #require(f.core.openState.account(a.address)).balance
        #expect(try f.submit(a, .escrowFinish(owner: a.address, offerSequence: seq)).result == .tesSUCCESS)
        #expect(f.core.openState.account(a.address)?.balance == before - 10 + 5_000_000)
        #expect(f.core.openState.escrowCount(of: a.address) == 0)
        #expect(f.core.openState.account(a.address)?.ownerCount == 0)
    }

    @Test func accountSetFlagsAndDestinationTags() throws {
        var f = try SimFixture()
        let (a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([a, b])
        #expect(try f.submit(b, .accountSet(setFlag: .requireDest)).result == .tesSUCCESS)
        #expect(try f.submit(a, .payment(destination: b.address, amount: .drops(1_000))).result == .tecDST_TAG_NEEDED)
        #expect(try f.submit(a, .payment(destination: b.address, amount: .drops(1_000), destinationTag: 7)).result == .tesSUCCESS)
        #expect(try f.submit(b, .accountSet(clearFlag: .requireDest)).result == .tesSUCCESS)
        #expect(try f.submit(a, .payment(destination: b.address, amount: .drops(1_000))).result == .tesSUCCESS)
        #expect(try f.submit(a, .accountSet(setFlag: .disableMaster)).result.token == "tecNO_ALTERNATIVE_KEY")
    }

    /// Every asf value rippled defines is accepted (`SetAccount`), the DisallowIncoming and
    /// clawback ones set their lsf bits, and a value rippled does not define is a no-op, never a
    /// refusal — client suites set these flags in shared fixtures.
    @Test func accountSetAcceptsEveryRippledFlagAndIgnoresUnknownOnes() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let bits: [(AccountSetFlag, UInt32)] = [
            (.disallowIncomingNFTokenOffer, 0x0400_0000), (.disallowIncomingCheck, 0x0800_0000),
            (.disallowIncomingPayChan, 0x1000_0000), (.disallowIncomingTrustline, 0x2000_0000),
            (.allowTrustLineClawback, 0x8000_0000), (.allowTrustLineLocking, 0x4000_0000),
        ]
        for (flag, _) in bits { #expect(try f.submit(a, .accountSet(setFlag: flag)).result == .tesSUCCESS, "SetFlag \(flag.rawValue)") }
        // SetAccount::preflight: the minter flag needs an NFTokenMinter field.
        #expect(try f.submit(a, .accountSet(setFlag: .authorizedNFTokenMinter)).result == .temMALFORMED)
        for undefined: UInt32 in [11, 18, 99] {
            #expect(try f.submit(a, .accountSet(setFlag: AccountSetFlag(rawValue: undefined))).result == .tesSUCCESS, "SetFlag \(undefined)")
        }
        f.close()
        let flags = try #require(f.core.validatedState.account(a.address)?.flags)
        for (flag, bit) in bits { #expect(flags & bit == bit, "SetFlag \(flag.rawValue) sets \(String(bit, radix: 16))") }
        // account_info's account_flags names each of them, as rippled's doAccountInfo does.
        let named = try #require(f.core.validatedState.account(a.address)?.accountFlags.objectValue)
        for name in ["disallowIncomingNFTokenOffer", "disallowIncomingCheck", "disallowIncomingPayChan", "disallowIncomingTrustline",
                     "allowTrustLineClawback", "allowTrustLineLocking"] {
            #expect(named[name] == .bool(true), "account_flags.\(name)")
        }
        #expect(named["defaultRipple"] == .bool(false))
        // Clearing: DisallowIncomingCheck clears; AllowTrustLineClawback, once set, stays.
        #expect(try f.submit(a, .accountSet(clearFlag: .disallowIncomingCheck)).result == .tesSUCCESS)
        #expect(try f.submit(a, .accountSet(clearFlag: .allowTrustLineClawback)).result == .tesSUCCESS)
        f.close()
        let after = try #require(f.core.validatedState.account(a.address)?.flags)
        #expect(after & 0x0800_0000 == 0 && after & 0x8000_0000 != 0)
        // The binary form a client sends parses to the same flag, undefined values included.
        for v: UInt32 in [15, 99] {
            let signed = try f.sign(a, .accountSet(setFlag: AccountSetFlag(rawValue: v)))
            let tx = try Transaction(json: try BinaryCodec.decode(signed.blob))
            #expect(tx.body == .accountSet(setFlag: AccountSetFlag(rawValue: v)))
        }
    }

    @Test func networkIDRules() throws {
        var f = try SimFixture(config: SimFixture.config { $0.networkID = 21_337 })
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        #expect(try f.submit(a, .noOp).result == .telREQUIRES_NETWORK_ID)
        var tx = Transaction(account: a.address, body: .noOp, sequence: f.sequence(a)!, networkID: 1)
        #expect(try f.submit(try TransactionSigner.sign(tx, with: a.keys)).result == .telWRONG_NETWORK)
        tx.networkID = 21_337
        #expect(try f.submit(try TransactionSigner.sign(tx, with: a.keys)).result == .tesSUCCESS)
    }
}
