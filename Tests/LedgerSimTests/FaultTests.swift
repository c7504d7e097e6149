import Testing
import XRPL
@testable import LedgerSim

/// Every injectable fault does what an operator expects, and is counted.
@Suite struct FaultTests {
    @Test func parsing() throws {
        #expect(try SimFault(parsing: "drop=0.25") == .dropSubmits(share: 0.25))
        #expect(try SimFault(parsing: "tel=1") == .localError(share: 1, code: "telLOCAL_ERROR"))
        #expect(try SimFault(parsing: "tel=0.5:telCAN_NOT_QUEUE_FULL") == .localError(share: 0.5, code: "telCAN_NOT_QUEUE_FULL"))
        #expect(try SimFault(parsing: "tel=0.2:telINSUF_FEE_P:drop") == .localError(share: 0.2, code: "telINSUF_FEE_P", drop: true))
        #expect(try SimFault(parsing: "tel=0.2:drop") == .localError(share: 0.2, code: "telLOCAL_ERROR", drop: true))
        #expect(SimFault.localError(share: 0.2, code: "telINSUF_FEE_P", drop: true).description == "tel=0.2:telINSUF_FEE_P:drop")
        #expect(try SimFault(parsing: "surge=100") == .feeSurge(perLedger: 100))
        #expect(try SimFault(parsing: "stall=5") == .stall(seconds: 5))
        #expect(try SimFault(parsing: "restart") == .restart)
        for bad in ["drop=2", "tel=0.1:tesSUCCESS", "tel=0.1:telLOCAL_ERROR:keep", "tel=0.1:telLOCAL_ERROR:drop:drop", "surge=x", "stall=-1", "foreign=nope", "explode", "restart=1"] {
            #expect(throws: SimFaultError.self) { try SimFault(parsing: bad) }
        }
    }

    @Test func droppedReplyStillApplies() throws {
        var f = try SimFixture()
        f.core.inject(.dropSubmits(share: 1), at: f.time)
        let r = try f.submit(f.genesis, .noOp)
        #expect(r.replyDropped)
        #expect(r.result == .tesSUCCESS)
        #expect(f.sequence(f.genesis) == 2)
        #expect(f.core.faultCounts["drop-hits"] == 1)
        // Through the API the reply is swallowed.
        var core = f.core
        let api = SimAPI.handle(method: "submit", params: ["tx_blob": .string(try f.sign(f.genesis, .noOp).blobHex)], apiVersion: 2, core: &core, now: f.time)
        guard case .failure(let e) = api else { Issue.record("reply not dropped"); return }
        #expect(e.token == SimAPI.droppedToken)
    }

    /// The worst case, asked for explicitly (`tel=SHARE:CODE:drop`): refused before the server
    /// keeps anything, so the Sequence stays unused.
    @Test func telFaultInDropModeKeepsNothing() throws {
        var f = try SimFixture()
        f.core.inject(.localError(share: 1, code: "telCAN_NOT_QUEUE_FULL", drop: true), at: f.time)
        let r = try f.submit(f.genesis, .noOp)
        #expect(r.result == .telCAN_NOT_QUEUE_FULL)
        #expect(!r.kept && !r.applied)
        f.core.inject(.clear, at: f.time)
        f.close()
        #expect(f.validatedSequence(f.genesis) == 1)
        #expect(try f.submit(f.genesis, .noOp).result == .tesSUCCESS)
    }

    /// The default mirrors `NetworkOPsImp::apply`: a local client's tel result (`isTelLocal`)
    /// is held and kept in LocalTxs, so the server's retry at the next close
    /// (`LedgerMaster::applyHeldTransactions`) uses the Sequence after all.
    @Test func telFaultIsHeldAndRetriedAtClose() throws {
        var f = try SimFixture()
        f.core.inject(.localError(share: 1, code: "telINSUF_FEE_P"), at: f.time)
        let r = try f.submit(f.genesis, .noOp)
        #expect(r.result == .telINSUF_FEE_P)
        #expect(r.kept && !r.applied)
        #expect(f.sequence(f.genesis) == 1)
        #expect(f.core.heldCount == 1 && f.core.localCount == 1)
        f.core.inject(.clear, at: f.time)
        f.close()
        #expect(f.validatedSequence(f.genesis) == 2)
        // A client that took the tel at its word and reused the Sequence is now too late.
        #expect(try f.submit(f.genesis, .noOp, seq: 1).result == .tefPAST_SEQ)
    }

    @Test func feeSurgeEscalatesTheOpenLedger() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 8))
        f.close()
        f.core.inject(.feeSurge(perLedger: 30), at: f.time)
        #expect(f.core.openLedgerCount >= 9)
        #expect(f.core.openLedgerLevel > FeeEscalation.baseLevel)
        #expect(try f.submit(f.genesis, .noOp).result == .terQUEUED)
        f.close()
        #expect(f.core.validated.transactions.count >= 9)
    }

    @Test func stallPostponesClosesThenCountsAsTimeLeap() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 4) { $0.closeInterval = 1 })
        let before = f.core.validated.index
        f.core.inject(.stall(seconds: 5), at: f.time)
        #expect(!f.core.closeDue(at: f.time + 3))
        #expect(f.core.closeDue(at: f.time + 6))
        #expect(f.core.isStalled)
        f.close(after: 6)
        #expect(f.core.validated.index == before + 1)
        #expect(!f.core.isStalled)
    }

    @Test func foreignTransactionSpendsTheNextSequence() throws {
        var f = try SimFixture()
        let a = try SimFixture.wallet(1)
        try f.fund([a])
        let s = try #require(f.sequence(a))
        let mine = try f.sign(a, .noOp, seq: s)
        f.core.inject(.foreignTransaction(account: a.address), at: f.time)
        #expect(f.sequence(a) == s + 1)
        #expect(try f.submit(mine).result == .tefPAST_SEQ)
        let closed = f.close()
        #expect(closed.transactions.count == 1)
        #expect(f.validatedSequence(a) == s + 1)
    }

    @Test func restartLosesOpenQueueAndHeldButKeepsHistory() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 1))
        let ws = try (1...4).map(SimFixture.wallet)
        try f.fund(ws)
        for w in ws[0..<2] { try f.submit(w, .noOp) }
        #expect(try f.submit(ws[2], .noOp).result == .terQUEUED)
        #expect(try f.submit(ws[3], .noOp, seq: 5).result == .terPRE_SEQ)
        let validated = f.core.validated.index
        f.core.inject(.restart, at: f.time)
        #expect(f.core.openLedgerCount == 0)
        #expect(f.core.queueCount == 0)
        #expect(f.core.heldCount == 0)
        #expect(f.core.validated.index == validated)
        #expect(f.sequence(ws[0]) == 1)
        #expect(f.core.faultCounts["restart"] == 1)
    }
}
