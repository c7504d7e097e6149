import Testing
import XRPL
@testable import LedgerSim

/// TrustSet's per-side flags after rippled's `SetTrust::preclaim` / `doApply` and `trustCreate`,
/// and what they change: account_lines, noripple_check, gateway_balances, and the freeze rules
/// of payments (`checkFreeze`) and offers (`CreateOffer::preclaim`, `checkAcceptAsset`).
@Suite struct TrustLineFlagTests {
    static let usd = try! CurrencyCode("USD")

    static func trust(_ f: inout SimFixture, _ w: Wallet, _ issuer: Wallet, _ limit: String, flags: UInt32) throws -> ResultCode {
        let tx = Transaction(
            account: w.address, body: .trustSet(limit: try SimFixture.amount(limit, issuer)), fee: 10, sequence: f.sequence(w) ?? 0, flags: flags)
        return try f.submit(try TransactionSigner.sign(tx, with: w.keys)).result
    }

    static func line(_ f: inout SimFixture, _ account: Wallet, peer: Wallet) throws -> JSONValue? {
        let r = try f.ok("account_lines", ["account": .string(account.address), "ledger_index": "current"])
        return r["lines"]?.arrayValue?.first { $0["account"]?.stringValue == peer.address }
    }

    /// trustCreate: "the other side's default is no rippling" — a new line to an issuer
    /// without DefaultRipple carries NoRipple on the issuer's side; with DefaultRipple it does not.
    @Test func newLineTakesThePeersNoRippleDefault() throws {
        var f = try SimFixture()
        let (plain, rippling, alice) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([plain, rippling, alice])
        #expect(try f.submit(rippling, .accountSet(setFlag: .defaultRipple)).result == .tesSUCCESS)
        f.close()
        #expect(try Self.trust(&f, alice, plain, "100", flags: 0) == .tesSUCCESS)
        #expect(try Self.trust(&f, alice, rippling, "100", flags: 0) == .tesSUCCESS)
        let toPlain = try #require(try Self.line(&f, alice, peer: plain))
        #expect(toPlain["no_ripple"]?.boolValue == false)
        #expect(toPlain["no_ripple_peer"]?.boolValue == true)
        let toRippling = try #require(try Self.line(&f, alice, peer: rippling))
        #expect(toRippling["no_ripple_peer"]?.boolValue == false)
        // From the issuer's side the same bit is its own.
        #expect(try Self.line(&f, plain, peer: alice)?["no_ripple"]?.boolValue == true)
    }

    /// tfSetNoRipple / tfClearNoRipple on the sender's side; fix1578 refuses NoRipple on a
    /// negative balance (the issuer's side of a line it issued on); noripple_check then
    /// reports only lines still needing a fix.
    @Test func noRippleFlagIsSetAndCleared() throws {
        var f = try SimFixture()
        let (gw, alice) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([gw, alice])
        try f.issue(gw, to: [alice], held: "10")
        var check = try f.ok("noripple_check", ["account": .string(alice.address), "role": "user", "ledger_index": "current"])
        #expect(check["problems"]?.arrayValue?.count == 1)
        #expect(try Self.trust(&f, alice, gw, "1000", flags: Transactor.TrustSetFlag.setNoRipple) == .tesSUCCESS)
        #expect(try Self.line(&f, alice, peer: gw)?["no_ripple"]?.boolValue == true)
        check = try f.ok("noripple_check", ["account": .string(alice.address), "role": "user", "ledger_index": "current"])
        #expect(check["problems"]?.arrayValue?.isEmpty == true)
        #expect(try Self.trust(&f, alice, gw, "1000", flags: Transactor.TrustSetFlag.clearNoRipple) == .tesSUCCESS)
        #expect(try Self.line(&f, alice, peer: gw)?["no_ripple"]?.boolValue == false)
        // The issuer owes 10 on this line: its balance is negative.
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.setNoRipple) == .tecNO_PERMISSION)
        // A gateway is told to clear NoRipple on its side (set at creation, no DefaultRipple).
        check = try f.ok("noripple_check", ["account": .string(gw.address), "role": "gateway", "transactions": true, "ledger_index": "current"])
        let problems = check["problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(problems.contains { $0.hasPrefix("You should clear the no ripple flag on your USD line to \(alice.address)") })
        #expect(check["transactions"]?.arrayValue?.last?["Flags"]?.int64Value == Int64(Transactor.TrustSetFlag.clearNoRipple))
    }

    /// SetTrust::doApply's reserve rule: a side still differs from its default while its
    /// NoRipple disagrees with its DefaultRipple, so a zero limit alone keeps the line; with
    /// NoRipple set too the line is back at default and deleted.
    @Test func lineIsDeletedOnlyAtTheDefaultState() throws {
        var f = try SimFixture()
        let (gw, alice) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([gw, alice])
        #expect(try Self.trust(&f, alice, gw, "10", flags: 0) == .tesSUCCESS)
        #expect(try Self.trust(&f, alice, gw, "0", flags: 0) == .tesSUCCESS)
        #expect(f.core.openState.trustLineCount(of: alice.address) == 1)
        #expect(f.core.openState.account(alice.address)?.ownerCount == 1)
        #expect(try Self.trust(&f, alice, gw, "0", flags: Transactor.TrustSetFlag.setNoRipple) == .tesSUCCESS)
        #expect(f.core.openState.trustLineCount(of: alice.address) == 0)
        #expect(f.core.openState.account(alice.address)?.ownerCount == 0)
    }

    /// An issuer's freeze: shown as `freeze` / `freeze_peer`, listed in `frozen_balances`;
    /// a payment through the issuer fails checkFreeze (tecPATH_DRY) while redeeming to the
    /// issuer still works; an offer selling the frozen token is unfunded (accountFunds with
    /// fhZERO_IF_FROZEN); clearing the freeze restores payments.
    @Test func issuerFreezeStopsTransfersButNotRedemption() throws {
        var f = try SimFixture()
        let (gw, alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([gw, alice, bob])
        try f.issue(gw, to: [alice, bob], held: "50")
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.setFreeze) == .tesSUCCESS)
        f.close()
        #expect(try Self.line(&f, alice, peer: gw)?["freeze_peer"]?.boolValue == true)
        #expect(try Self.line(&f, gw, peer: alice)?["freeze"]?.boolValue == true)
        let balances = try f.ok("gateway_balances", ["account": .string(gw.address), "ledger_index": "current"])
        #expect(balances["frozen_balances"]?[alice.address]?.arrayValue?.first?["value"]?.stringValue == "50")
        #expect(balances["obligations"]?["USD"]?.stringValue == "50")
        let five = try SimFixture.amount("5", gw)
        #expect(try f.submit(alice, .payment(destination: bob.address, amount: five)).result == .tecPATH_DRY)
        #expect(try f.submit(bob, .payment(destination: alice.address, amount: five)).result == .tesSUCCESS)
        #expect(try f.submit(alice, .payment(destination: gw.address, amount: five)).result == .tesSUCCESS)
        #expect(try f.submit(alice, .offerCreate(takerPays: .drops(1_000_000), takerGets: five)).result == .tecUNFUNDED_OFFER)
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.clearFreeze) == .tesSUCCESS)
        #expect(try f.submit(alice, .payment(destination: bob.address, amount: five)).result == .tesSUCCESS)
    }

    /// SetTrust::preclaim's freeze invariants, and checkAcceptAsset: an offer that would take
    /// in a token on a deep-frozen line is tecFROZEN.
    @Test func deepFreezeNeedsFreezeAndBlocksBuying() throws {
        var f = try SimFixture()
        let (gw, alice, locked) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([gw, alice, locked])
        try f.issue(gw, to: [alice], held: "50")
        let deep = Transactor.TrustSetFlag.setDeepFreeze
        #expect(try Self.trust(&f, gw, alice, "0", flags: deep) == .tecNO_PERMISSION)
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.setFreeze | Transactor.TrustSetFlag.clearDeepFreeze) == .tecNO_PERMISSION)
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.setFreeze | deep) == .tesSUCCESS)
        #expect(try Self.line(&f, alice, peer: gw)?["deep_freeze_peer"]?.boolValue == true)
        // Clearing the freeze while deep frozen would leave a deep freeze alone.
        #expect(try Self.trust(&f, gw, alice, "0", flags: Transactor.TrustSetFlag.clearFreeze) == .tecNO_PERMISSION)
        let usd = try SimFixture.amount("5", gw)
        #expect(try f.submit(alice, .offerCreate(takerPays: usd, takerGets: .drops(1_000_000))).result.token == "tecFROZEN")
        // NoFreeze gives up the power to freeze.
        #expect(try f.submit(locked, .accountSet(setFlag: .noFreeze)).result == .tesSUCCESS)
        #expect(try Self.trust(&f, locked, alice, "10", flags: Transactor.TrustSetFlag.setFreeze) == .tecNO_PERMISSION)
    }
}
