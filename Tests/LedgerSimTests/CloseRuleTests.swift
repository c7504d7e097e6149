import Testing
import XRPL
@testable import LedgerSim

/// What a close does, after rippled's BuildLedger.cpp, CanonicalTXSet and LocalTxs.cpp
/// (issue 11 §2, items 3, 6 and 7).
@Suite struct CloseRuleTests {
    /// `LocalTxs::isExpired(i)` is `i > m_expire` (submit ledger + 5), and `sweep` runs after
    /// the next open ledger took its retries: a transaction submitted while S was open is still
    /// retried into S+7, not into S+8.
    @Test(arguments: [(6, true), (7, false)])
    func localTxsAreRetriedIntoSPlusSeven(fillAt: UInt32, applies: Bool) throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        let submittedIn = f.core.openLedgerIndex
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terPRE_SEQ)
        while f.core.openLedgerIndex < submittedIn + fillAt { f.close() }
        // The gap fills in S+fillAt; only a LocalTxs retry into the next open ledger can bring
        // the held one in (the held set itself was retried once, at the first close, and dropped).
        #expect(try f.submit(a, .noOp, seq: s).result == .tesSUCCESS)
        f.close()
        #expect(f.sequence(a) == (applies ? s + 2 : s + 1))
        #expect(f.core.localCount == 0 || !applies)
    }

    /// `applyTransactions` (BuildLedger.cpp): the first passes run under tapRETRY, where a tec
    /// is not final (`isTecClaimHardFail`), so a TrustSet ordered before the payment that
    /// creates its issuer succeeds in a later pass instead of keeping tecNO_DST.
    @Test func tecIsRetriedInALaterPass() throws {
        var found = false
        for n in 1...40 {
            var f = try SimFixture()
            let holder = try SimFixture.wallet(n)
            let issuer = try SimFixture.wallet(100 + n)
            try f.fund([holder])
            let pay = try f.submit(f.genesis, .payment(destination: issuer.address, amount: .drops(50_000_000)))
            #expect(pay.result == .tesSUCCESS)
            let line = TransactionBody.trustSet(
                limit: .issued(value: try IssuedValue(parsing: "10"), currency: try CurrencyCode("USD"), issuer: issuer.address))
            let trust = try f.submit(holder, line)
            #expect(trust.result == .tesSUCCESS)
            let txs = f.core.openCandidatesForTest
            let ordered = SimulatorCore.canonicalOrder(txs, salt: SimulatorCore.transactionSetHash(txs), state: f.core.openState)
            guard ordered.first?.hash == trust.hash else { continue }
            found = true
            let closed = f.close()
            let results = Dictionary(uniqueKeysWithValues: closed.transactions.map { ($0.candidate.hash, $0.result) })
            #expect(results[trust.hash] == .tesSUCCESS)
            #expect(results[pay.hash] == .tesSUCCESS)
            #expect(f.core.validatedState.trustLineCount(of: holder.address) == 1)
            // Applied in pass order: the payment first, then the retried TrustSet.
            #expect(closed.transactions.map(\.candidate.hash) == [pay.hash, trust.hash])
            break
        }
        #expect(found, "no wallet put the TrustSet first in canonical order")
    }

    /// A tec that stays a tec is applied in the final pass, claiming its fee.
    @Test func tecThatStaysATecIsAppliedInTheFinalPass() throws {
        var f = try SimFixture()
        let holder = try SimFixture.wallet(1)
        let nobody = try SimFixture.wallet(2)
        try f.fund([holder])
        let s = try #require(f.sequence(holder))
        let line = TransactionBody.trustSet(
            limit: .issued(value: try IssuedValue(parsing: "10"), currency: try CurrencyCode("USD"), issuer: nobody.address))
        #expect(try f.submit(holder, line).result == .tecNO_DST)
        let closed = f.close()
        #expect(closed.transactions.map(\.result) == [.tecNO_DST])
        #expect(f.validatedSequence(holder) == s + 1)
    }

    /// `RCLConsensus::Adaptor::doAccept` salts the canonical order with the transaction set's
    /// hash, not the parent ledger's: the order follows the accounts' IDs ⊕ that digest.
    @Test func canonicalOrderIsSaltedByTheTransactionSet() throws {
        var f = try SimFixture()
        let wallets = try (1...8).map(SimFixture.wallet)
        try f.fund(wallets)
        for w in wallets { #expect(try f.submit(w, .noOp).result == .tesSUCCESS) }
        let txs = f.core.openCandidatesForTest
        let salt = UInt64(SimulatorCore.transactionSetHash(txs).prefix(16), radix: 16)!
        // The digest depends on the set alone.
        #expect(SimulatorCore.transactionSetHash(txs.reversed()) == SimulatorCore.transactionSetHash(txs))
        func key(_ address: String) throws -> UInt64 {
            try AddressCodec.decodeClassicAddress(address).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } ^ salt
        }
        let expected = try wallets.map(\.address).sorted { try key($0) < key($1) }
        let closed = f.close()
        #expect(closed.transactions.map(\.candidate.account) == expected)
    }
}

extension SimulatorCore {
    var openCandidatesForTest: [Candidate] { open.transactions.map(\.candidate) }
}
