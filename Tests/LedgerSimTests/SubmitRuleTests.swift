import Testing
import XRPL
@testable import LedgerSim

/// What a submit answers and what the server keeps, after rippled's `NetworkOPsImp::apply`
/// and `TxQ::getTxRequiredFeeAndSeq` (issue 11 §2, items 1 and 8).
@Suite struct SubmitRuleTests {
    /// `NetworkOPsImp::apply` reads `account_sequence_next` / `_available`
    /// (`getTxRequiredFeeAndSeq`) before the held successors `popAcctTransaction` hands back
    /// run in a later batch: the reply names the Sequence right after this transaction, not
    /// where the popped ones took the account.
    @Test func replyIsReadBeforePoppedHeldSuccessorsRun() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .terPRE_SEQ)
        #expect(try f.submit(a, .noOp, seq: s + 2).result == .terPRE_SEQ)
        let r = try f.submit(a, .noOp, seq: s)
        #expect(r.result == .tesSUCCESS)
        #expect(r.accountSequenceNext == s + 1)
        #expect(r.accountSequenceAvailable == s + 1)
        // The popped successors did run, right after.
        #expect(f.sequence(a) == s + 3)
        #expect(f.core.heldCount == 0)
    }

    /// `getTxRequiredFeeAndSeq` answers 0 and 0 for an account the open ledger lacks; the
    /// fields are there, not omitted.
    @Test func replyForAMissingAccountSaysZero() throws {
        var f = try SimFixture()
        let stranger = try SimFixture.wallet(7)
        let r = try f.submit(stranger, .noOp, seq: 1)
        #expect(r.result == .terNO_ACCOUNT)
        #expect(r.accountSequenceNext == 0)
        #expect(r.accountSequenceAvailable == 0)
        var core = f.core
        let api = SimAPI.handle(
            method: "submit", params: ["tx_blob": .string(try f.sign(stranger, .noOp, seq: 2).blobHex)], apiVersion: 2, core: &core,
            now: f.time)
        let o = try #require(try api.get().objectValue)
        #expect(o["account_sequence_next"] == .int(0))
        #expect(o["account_sequence_available"] == .int(0))
    }

    /// `Transactor::operator()` under tapFAIL_HARD: a tec must not do anything — neither the
    /// fee nor the Sequence is taken — and `NetworkOPsImp::apply` neither keeps nor relays it.
    @Test func failHardTecTakesNeitherFeeNorSequence() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        let nobody = try SimFixture.wallet(9)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        let balance = try #require(f.core.openState.account(a.address)?.balance)
        let line = TransactionBody.trustSet(
            limit: .issued(value: try IssuedValue(parsing: "10"), currency: try CurrencyCode("USD"), issuer: nobody.address))
        let hard = try f.submit(try f.sign(a, line, seq: s), failHard: true)
        #expect(hard.result == .tecNO_DST)
        #expect(!hard.applied && !hard.kept && !hard.broadcast)
        #expect(f.sequence(a) == s)
        #expect(f.core.openState.account(a.address)?.balance == balance)
        #expect(f.core.localCount == 0 && f.core.heldCount == 0)
        // Without fail_hard the same tec claims its fee and Sequence.
        let soft = try f.submit(a, line, seq: s)
        #expect(soft.result == .tecNO_DST && soft.applied)
        #expect(f.sequence(a) == s + 1)
        #expect(f.core.openState.account(a.address)?.balance == balance - 10)
    }

    /// `TxQ::apply` with tapFAIL_HARD checks the Sequence and preclaims before `canBeHeld`
    /// refuses to queue: terPRE_SEQ, tefPAST_SEQ and telINSUF_FEE_P come back as themselves, and
    /// only a transaction that would have queued gets telCAN_NOT_QUEUE. None is held or kept.
    @Test func failHardReturnsTheRealResultAndKeepsNothing() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2))
        let a = try SimFixture.wallet(1)
        let b = try SimFixture.wallet(2)
        try f.fund([a, b])
        let s = try #require(f.sequence(a))
        #expect(try f.submit(try f.sign(a, .noOp, seq: s + 5), failHard: true).result == .terPRE_SEQ)
        #expect(try f.submit(a, .noOp, seq: s).result == .tesSUCCESS)
        #expect(try f.submit(try f.sign(a, .noOp, seq: s), failHard: true).result == .tefPAST_SEQ)
        #expect(try f.submit(try f.sign(a, .noOp, seq: s + 1, fee: 5), failHard: true).result == .telINSUF_FEE_P)
        #expect(f.core.heldCount == 0 && f.core.localCount == 1)
        // Fill the open ledger past its target: a base-fee transaction would now queue.
        #expect(try f.submit(a, .noOp, seq: s + 1).result == .tesSUCCESS)
        #expect(try f.submit(b, .noOp).result == .tesSUCCESS)
        #expect(try f.submit(try f.sign(a, .noOp, seq: s + 2), failHard: true).result == .telCAN_NOT_QUEUE)
        #expect(f.core.queueCount == 0)
    }
}
