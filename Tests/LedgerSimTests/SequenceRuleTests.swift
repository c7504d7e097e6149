import Testing
import XRPL
@testable import LedgerSim

/// XRPL-PROTOCOL.md §9.2 and §1.10: sequence checks, held transactions, and what consumes a
/// Sequence.
@Suite struct SequenceRuleTests {
    @Test func genesisAndFirstLedgers() throws {
        let f = try SimFixture()
        #expect(f.core.openLedgerIndex == 3)
        #expect(f.core.validated.index == 2)
        let g = try #require(f.core.openState.account(SimulatorCore.genesisAddress))
        #expect(g.sequence == 1)
        #expect(f.core.openState.totalCoins == Amount.maxDrops)
    }

    @Test func newAccountStartsAtTheCreatingLedgerIndex() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        let r = try f.submit(f.genesis, .payment(destination: a.address, amount: .drops(50_000_000)))
        #expect(r.result == .tesSUCCESS)
        #expect(r.accountSequenceNext == 2)
        #expect(f.sequence(a) == 3)
        let closed = f.close()
        #expect(closed.index == 3)
        #expect(f.validatedSequence(a) == 3)
    }

    @Test func pastAndFutureSequences() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        #expect(s == 1)
        #expect(try f.submit(a, .noOp, seq: s).result == .tesSUCCESS)
        #expect(try f.submit(a, .noOp, seq: s).result == .tefPAST_SEQ)
        let ahead = try f.submit(a, .noOp, seq: s + 2)
        #expect(ahead.result == .terPRE_SEQ)
        #expect(!ahead.applied)
        #expect(ahead.kept)
        // account_sequence_next names the first missing Sequence.
        #expect(ahead.accountSequenceNext == s + 1)
        #expect(ahead.accountSequenceAvailable == s + 1)
    }

    /// rippled's RobustTransaction test: a terPRE_SEQ transaction is held and applies by itself as
    /// soon as the gap below it is filled, with no resubmission.
    @Test func heldTransactionAppliesWhenTheGapFills() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        let later = try f.sign(a, .noOp, seq: s + 1)
        #expect(try f.submit(later).result == .terPRE_SEQ)
        #expect(f.core.heldCount == 1)
        #expect(try f.submit(a, .noOp, seq: s).result == .tesSUCCESS)
        #expect(f.sequence(a) == s + 2)
        #expect(f.core.heldCount == 0)
        let closed = f.close()
        #expect(closed.transactions.map(\.candidate.hash).contains(later.hash))
    }

    /// A held transaction whose gap is filled only later is retried at the close.
    @Test func heldTransactionRetriedAtClose() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        let third = try f.sign(a, .noOp, seq: s + 2)
        #expect(try f.submit(third).result == .terPRE_SEQ)
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terPRE_SEQ)
        #expect(try f.submit(a, .noOp, seq: s).result == .tesSUCCESS)
        // s+1 popped at once; s+2 popped after it.
        #expect(f.sequence(a) == s + 3)
        f.close()
        #expect(f.validatedSequence(a) == s + 3)
    }

    @Test func tecConsumesSequenceAndFeeButNothingElse() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a], xrp: 100)
        let s = try #require(f.sequence(a))
        let before = try #require(f.core.openState.account(a.address)).balance
        let r = try f.submit(a, .payment(destination: try SimFixture.wallet(2).address, amount: .drops(100)), fee: 12)
        #expect(r.result == .tecNO_DST_INSUF_XRP)
        #expect(r.applied)
        #expect(f.sequence(a) == s + 1)
        #expect(f.core.openState.account(a.address)?.balance == before - 12)
        #expect(f.core.openState.account(try SimFixture.wallet(2).address) == nil)
        let closed = f.close()
        #expect(closed.transactions.first?.result == .tecNO_DST_INSUF_XRP)
        #expect(closed.transactions.first?.meta?["TransactionResult"]?.stringValue == "tecNO_DST_INSUF_XRP")
    }

    @Test func localFailuresConsumeNothing() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        // temBAD_AMOUNT (preflight) and tefMAX_LEDGER (preclaim) leave the account untouched.
        #expect(try f.submit(a, .payment(destination: f.genesis.address, amount: .drops(0))).result == .temBAD_AMOUNT)
        #expect(try f.submit(a, .noOp, lls: f.core.openLedgerIndex - 1).result == .tefMAX_LEDGER)
        #expect(f.sequence(a) == s)
    }

    @Test func wrongKeyIsNotAuthorised() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        let b = try SimFixture.wallet(2)
        try f.fund([a, b])
        var tx = Transaction(account: a.address, body: .noOp, fee: 10, sequence: f.sequence(a)!)
        tx.signingPubKey = b.keys.publicKey
        let signed = try TransactionSigner.sign(tx, with: b.keys)
        #expect(try f.submit(signed).result.token == "tefBAD_AUTH_MASTER")
    }

    @Test func badSignatureIsAnRPCError() throws {
        var f = try SimFixture()
        var blob = try f.sign(f.genesis, .noOp).blob
        blob[blob.count - 3] ^= 0x01
        switch f.core.submit(blob: blob, at: f.time) {
        case .success(let o): Issue.record("tampered blob accepted: \(o.result)")
        case .failure(let e):
            #expect(e.token == "invalidTransaction")
            #expect(e.exception?.contains("Invalid signature") == true)
        }
    }

    @Test func deterministicReplay() throws {
        func run() throws -> [String] {
            var f = try SimFixture(config: SimFixture.config(ledgerSize: 3))
            let ws = try (1...4).map(SimFixture.wallet)
            try f.fund(ws)
            for round in 0..<3 {
                for w in ws { try f.submit(w, .noOp, fee: UInt64(10 + round)) }
                f.close()
            }
            return (2...f.core.validated.index).compactMap { f.core.ledger($0)?.hash }
        }
        let first = try run()
        #expect(first.count >= 4)
        #expect(try run() == first)
    }
}
