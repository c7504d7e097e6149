import Testing
import XRPL
@testable import Workload

/// A hand-built engine state for strategies to read: strategies see only `StrategyView`, so
/// each can be tested as a value, decision by decision, with no engine or simulator.
struct FakeView: StrategyView {
    var phase: WorkloadCore.Phase = .running
    var validatedIndex: UInt32 = 100_000
    var now: Double = 50
    var fees = FeePolicy(cap: 1_000_000)
    var funderAddress: AccountAddress = "rFunder"
    var issuerAddress: AccountAddress = "rIssuer"
    var accountOrder: [AccountAddress] = ["rA", "rB", "rC"]
    var replacementIsNoOp = true
    var chains: [AccountAddress: SequenceChain] = [:]
    var txs: [TrackedTransaction.ID: TrackedTransaction] = [:]
    var lasting: Set<AccountAddress> = []

    init() {
        for a in allAccounts {
            var c = SequenceChain(address: a, nextSequence: 10, ledger: validatedIndex)
            c.ledgerValidated = 10
            c.ledgerCurrent = 10
            chains[a] = c
        }
    }

    func chain(_ address: AccountAddress) -> SequenceChain? { chains[address] }
    func transaction(_ id: TrackedTransaction.ID) -> TrackedTransaction? { txs[id] }
    func gaps(of address: AccountAddress) -> [UInt32] { [] }
    func hasLastingGap(_ address: AccountAddress) -> Bool { lasting.contains(address) }
    /// A fee refusal needs a new signature; anything else may resend while the window is open.
    func canResubmit(_ t: TrackedTransaction) -> Bool {
        t.lastLedgerSequence >= validatedIndex + 3 && t.lastResult?.clientAction != .raiseFeeOrBackOff
    }
    func short(_ address: AccountAddress) -> String { address.text }

    /// Tracks a transaction at the account's next Sequence, in `state`.
    @discardableResult
    mutating func track(_ a: AccountAddress, _ state: TxState, result: ResultCode? = nil, lls: UInt32? = nil) -> TrackedTransaction {
        let seq = chains[a]!.nextSequence
        let id = TrackedTransaction.ID(txs.count + 1)
        var t = TrackedTransaction(
            id: id, account: a, sequence: seq, generation: 0, body: .payment(destination: "rB", amount: .xrp(drops: 1)), fee: 12,
            lastLedgerSequence: lls ?? validatedIndex + 20, blob: [], hash: "H\(id)")
        t.state = state
        t.lastResult = result
        txs[id] = t
        chains[a]!.live[seq] = id
        chains[a]!.nextSequence = seq + 1
        return t
    }

    static func info(_ a: AccountAddress, sequence: UInt32, queued: [UInt32] = []) -> AccountInfoResponse {
        let q = queued.isEmpty ? nil : QueueData(txnCount: UInt32(queued.count), transactions: queued.map { QueuedTransaction(seq: $0, feeLevel: "256", fee: "12", maxSpendDrops: "12") })
        return AccountInfoResponse(accountData: AccountRoot(account: a.text, balance: "1000000000", sequence: sequence), ledgerCurrentIndex: 100_001, validated: false, queueData: q)
    }
}

@Suite struct StrategyDecisionTests {
    @Test func healStartsOnTerPreSeqAndFillsTheGapWithANoOp() throws {
        var v = FakeView()
        let lost = v.track("rA", .retryable, result: .telINSUF_FEE_P)
        let later = v.track("rA", .held, result: .terPRE_SEQ)
        var s = HealStrategy()
        let started = s.onReply(later, result: .terPRE_SEQ, view: v)
        #expect(started.first == .account("rA", .healStarted))
        #expect(started.last == .read("rA", .heal("rA")))
        #expect(s.healer.owns("rA"))
        // The ledger is at 10: seq 10 is the gap (refused for fee: replaced), 11 is held (kept).
        let fill = s.onRead(.heal("rA"), info: FakeView.info("rA", sequence: 10), view: v)
        guard case .sign(let body, let from, let seq, let fee)? = fill.last else {
            Issue.record("no filler signed: \(fill)")
            return
        }
        #expect(body == .noOp && from == "rA" && seq == lost.sequence && fee >= v.fees.fee)
        #expect(s.healer.heals["rA"]?.plan.map(\.action) == [.replace, .keepHeld])
        // The filler's tesSUCCESS releases the account.
        var filler = lost
        filler.state = .submitted
        let done = s.onReply(filler, result: .tesSUCCESS, view: v)
        #expect(done.first == .account("rA", .healReleased))
        #expect(!s.healer.owns("rA"))
    }

    @Test func healResubmitsAStillValidBlobInsteadOfReplacing() {
        var v = FakeView()
        let dropped = v.track("rB", .failedNet)
        var s = HealStrategy()
        _ = s.onReply(dropped, result: nil, view: v)
        let fill = s.onRead(.heal("rB"), info: FakeView.info("rB", sequence: 10), view: v)
        #expect(fill.last == .resubmit(dropped.id))
    }

    @Test func aFailedHealReadBacksOffAndRereadsNextLedger() {
        var v = FakeView()
        v.chains["rC"]!.state = AccountState(.diverged)
        var s = HealStrategy()
        let started = s.onLedger(view: v)
        #expect(started.contains(.read("rC", .heal("rC"))))
        #expect(s.onRead(.heal("rC"), info: nil, view: v).isEmpty)
        #expect(s.onLedger(view: v) == [.read("rC", .heal("rC"))])
    }

    @Test func naiveRepairsNothingButTheFunder() {
        var v = FakeView()
        let a = v.track("rA", .retryable, result: .telINSUF_FEE_P)
        let f = v.track("rFunder", .retryable, result: .telINSUF_FEE_P)
        var s = NaiveStrategy()
        #expect(s.onReply(a, result: .telINSUF_FEE_P, view: v).isEmpty)
        #expect(s.onLost(account: "rA", transactions: [a.id], view: v).isEmpty)
        #expect(s.onReply(f, result: .telINSUF_FEE_P, view: v).contains(.read("rFunder", .heal("rFunder"))))
    }

    @Test func globalPausesEveryAccountAndResendsAfterTheLastRead() {
        var v = FakeView()
        let refused = v.track("rA", .retryable, result: .telINSUF_FEE_P)
        let held = v.track("rA", .held, result: .terPRE_SEQ)
        var s = GlobalResyncStrategy()
        let begun = s.onReply(held, result: .terPRE_SEQ, view: v)
        #expect(begun.first == .globalPause(trigger: "rA got terPRE_SEQ at seq 11", accounts: 4))
        #expect(begun.filter { if case .read = $0 { true } else { false } }.count == 4)
        #expect(!s.allowsAllocation("rB"), "nothing allocates during the pause")
        #expect(s.onReply(held, result: .terPRE_SEQ, view: v).isEmpty, "one pause at a time")
        var v2 = v
        v2.chains["rA"]!.sequenceAvailable = 10
        var out: [StrategyDecision] = []
        for a in v.workloadAndIssuer { out += s.onRead(.globalResync(a), info: FakeView.info(a, sequence: 10), view: v2) }
        guard case .realign(let r)? = out.first(where: { if case .realign(let r) = $0 { r.account == "rA" } else { false } }) else {
            Issue.record("rA not realigned: \(out)")
            return
        }
        #expect(r.nextSequence == 10 && r.abandon == [refused.id, held.id])
        #expect(r.resend == [refused.body], "the held one may still apply: its body is not sent twice")
        #expect(out.last == .send(refused.body, from: "rA"))
        #expect(s.allowsAllocation("rB"))
    }

    @Test func globalHandsOverAPauseReleasingEveryAccount() {
        var v = FakeView()
        let held = v.track("rA", .held, result: .terPRE_SEQ)
        var s = GlobalResyncStrategy()
        _ = s.onReply(held, result: .terPRE_SEQ, view: v)
        let handed = s.handOver(view: v)
        for a in v.workloadAndIssuer { #expect(handed.contains(.account(a, .released)), "\(a) left frozen") }
        #expect(s.pause == nil && s.allowsAllocation("rA"))
    }

    @Test func autofillReadsOnceAndSignsAboveWhatTheServerHolds() {
        var v = FakeView()
        v.track("rA", .held, result: .terPRE_SEQ)  // seq 10: held by the server
        var s = AutofillStrategy()
        let body = TransactionBody.noOp
        #expect(s.allocate(body, from: "rA", view: v) == [.read("rA", .autofill("rA"))])
        #expect(s.allocate(body, from: "rA", view: v) == [], "one read per account at a time")
        #expect(!s.allowsAllocation("rA"))
        #expect(s.allocate(body, from: "rFunder", view: v) == nil, "the funder signs from its cache")
        v.chains["rA"]!.sequenceAvailable = 10
        let signed = s.onRead(.autofill("rA"), info: FakeView.info("rA", sequence: 10), view: v)
        #expect(signed == [.moveCache("rA", to: 13), .sign(body, from: "rA", sequence: 11, fee: v.fees.fee), .sign(body, from: "rA", sequence: 12, fee: v.fees.fee)])
        #expect(s.allowsAllocation("rA"))
    }

    @Test func autofillHandsItsWaitingBodiesToTheNextStrategy() {
        let v = FakeView()
        var s = AutofillStrategy()
        _ = s.allocate(.noOp, from: "rB", view: v)
        _ = s.allocate(.noOp, from: "rA", view: v)
        #expect(s.handOver(view: v) == [.send(.noOp, from: "rA"), .send(.noOp, from: "rB")])
        #expect(s.waiting.isEmpty && s.reading.isEmpty)
    }

    @Test(arguments: [StrategyKind.none, .global, .autofill])
    func operatorHealsProgressUnderEveryStrategy(kind: StrategyKind) {
        var v = FakeView()
        let refused = v.track("rB", .retryable, result: .telINSUF_FEE_P)
        var s = makeStrategy(kind)
        _ = s.healer.start("rB", reason: "operator", view: v)
        let fill = s.onRead(.heal("rB"), info: FakeView.info("rB", sequence: 10), view: v)
        #expect(fill.last == .sign(.noOp, from: "rB", sequence: refused.sequence, fee: v.fees.retryFee(previous: 12, failures: 0)))
        var filler = refused
        filler.state = .submitted
        #expect(s.onReply(filler, result: .tesSUCCESS, view: v).first == .account("rB", .healReleased))
        v.validatedIndex += 5
        #expect(s.onLedger(view: v).allSatisfy { if case .read("rB", _) = $0 { false } else { true } })
    }
}
