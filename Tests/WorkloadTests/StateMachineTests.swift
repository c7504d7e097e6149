import Testing
import XRPL
@testable import Workload

/// The two state machines as tables: every (state, event) pair that moves, and the ones that
/// must not.
@Suite struct AccountStateMachineTests {
    typealias Row = (from: AccountStatus, event: AccountEvent, to: AccountStatus?)

    static let table: [Row] = [
        (.ok, .gapSeen, .diverged),
        (.ok, .inStep, nil),
        (.ok, .foreignSpend, .foreign),
        (.ok, .healStarted, .healing),
        (.ok, .healReleased, nil),
        (.ok, .held, .frozen),
        (.ok, .released, nil),
        (.ok, .noProgress, .stuck),
        (.ok, .progressed, nil),
        (.ok, .serverLost, .reset),
        (.ok, .rebootstrapped, nil),
        (.diverged, .gapSeen, nil),
        (.diverged, .inStep, .ok),
        (.diverged, .foreignSpend, .foreign),
        (.diverged, .healStarted, .healing),
        (.diverged, .held, .frozen),
        (.diverged, .noProgress, .stuck),
        (.diverged, .serverLost, .reset),
        (.foreign, .inStep, .ok),
        (.foreign, .gapSeen, nil),
        (.foreign, .healStarted, .healing),
        (.foreign, .held, .frozen),
        (.healing, .gapSeen, nil),
        (.healing, .inStep, nil),
        (.healing, .held, nil),
        (.healing, .healStarted, nil),
        (.healing, .healReleased, .ok),
        (.healing, .noProgress, .stuck),
        (.healing, .serverLost, .reset),
        (.frozen, .released, .ok),
        (.frozen, .healStarted, .healing),
        (.frozen, .gapSeen, nil),
        (.frozen, .inStep, nil),
        (.frozen, .noProgress, .stuck),
        (.reset, .gapSeen, nil),
        (.reset, .healStarted, nil),
        (.reset, .held, nil),
        (.reset, .noProgress, nil),
        (.reset, .serverLost, nil),
        (.reset, .rebootstrapped, .ok),
        (.ok, .reconcileStarted, .reconciling),
        (.diverged, .reconcileStarted, nil),
        (.reconciling, .reconciled, .ok),
        (.reconciling, .gapSeen, nil),
        (.reconciling, .inStep, nil),
        (.reconciling, .healStarted, nil),
        (.reconciling, .held, nil),
        (.reconciling, .noProgress, nil),
        (.reconciling, .foreignSpend, nil),
        (.reconciling, .serverLost, .reset),
        (.ok, .reconciled, nil),
    ]

    @Test func everyRowOfTheTable() {
        for row in Self.table {
            let next = AccountStateMachine.transition(AccountState(row.from), row.event)
            #expect(next?.status == row.to, "\(row.from) + \(row.event)")
        }
    }

    /// Every status × event is either in the table or deliberately covered by the STUCK rows.
    @Test func tableCoversTheStatusesThatMatter() {
        let covered = Set(Self.table.map(\.from))
        #expect(covered == Set(AccountStatus.allCases).subtracting([.stuck]))
    }

    /// STUCK is an overlay: events move the status underneath, progress lifts it back there.
    @Test func stuckKeepsTheStatusUnderneath() throws {
        var s = try #require(AccountStateMachine.transition(AccountState(.healing), .noProgress))
        #expect(s.status == .stuck && s.underlying == .healing)
        #expect(!s.allowsAllocation, "a stuck heal still owns the account")
        #expect(AccountStateMachine.transition(s, .noProgress) == nil)
        s = try #require(AccountStateMachine.transition(s, .healReleased))
        #expect(s.status == .stuck && s.underlying == .ok, "released underneath, still stuck until it moves")
        #expect(s.allowsAllocation)
        #expect(AccountStateMachine.transition(s, .healReleased) == nil, "not healing underneath any more")
        s = try #require(AccountStateMachine.transition(s, .gapSeen))
        #expect(s.underlying == .diverged)
        s = try #require(AccountStateMachine.transition(s, .progressed))
        #expect(s == AccountState(.diverged))
        let lost = try #require(AccountStateMachine.transition(AccountStateMachine.transition(AccountState(), .noProgress)!, .serverLost))
        #expect(lost == AccountState(.reset))
    }

    @Test func allocationFollowsTheStatus() {
        #expect(AccountState(.ok).allowsAllocation)
        #expect(AccountState(.diverged).allowsAllocation, "the naive cache keeps sending: that is its failure")
        #expect(AccountState(.foreign).allowsAllocation)
        #expect(!AccountState(.healing).allowsAllocation)
        #expect(!AccountState(.frozen).allowsAllocation)
        #expect(!AccountState(.reset).allowsAllocation)
    }
}

@Suite struct TxStateMachineTests {
    static let nonFinal: [TxState] = [.created, .submitted, .queued, .held, .retryable, .failedNet]

    @Test func finalStatesNeverMove() {
        let events: [TxEvent] = [.submitted, .replied(.tesSUCCESS), .noReply, .validated(.tesSUCCESS), .lastLedgerPassed, .sequenceTaken, .markedRetryable, .abandoned]
        for s in TxState.allCases where s.isFinal {
            for e in events { #expect(TxStateMachine.transition(s, e) == nil, "\(s) + \(e)") }
        }
    }

    /// The finality rule holds in every state: a passed LastLedgerSequence expires anything.
    @Test func lastLedgerPassedExpiresEveryNonFinalState() {
        for s in Self.nonFinal { #expect(TxStateMachine.transition(s, .lastLedgerPassed) == .expired, "\(s)") }
    }

    @Test func repliesMoveOnlySubmitted() {
        #expect(TxStateMachine.transition(.submitted, .replied(.terQUEUED)) == .queued)
        #expect(TxStateMachine.transition(.submitted, .replied(.terPRE_SEQ)) == .held)
        #expect(TxStateMachine.transition(.submitted, .replied(.tesSUCCESS)) == .submitted)
        #expect(TxStateMachine.transition(.submitted, .replied(.telINSUF_FEE_P)) == .retryable)
        #expect(TxStateMachine.transition(.submitted, .replied(.temMALFORMED)) == .rejected)
        #expect(TxStateMachine.transition(.queued, .replied(.tesSUCCESS)) == nil, "a late reply after the ledger spoke")
        #expect(TxStateMachine.transition(.submitted, .noReply) == .failedNet)
        #expect(TxStateMachine.transition(.held, .noReply) == nil)
    }

    /// A refuted belief: only what the engine thought the server holds can be marked retryable.
    @Test func markedRetryableOnlyFromBeliefs() {
        #expect(TxStateMachine.transition(.held, .markedRetryable) == .retryable)
        #expect(TxStateMachine.transition(.queued, .markedRetryable) == .retryable)
        #expect(TxStateMachine.transition(.submitted, .markedRetryable) == .retryable)
        #expect(TxStateMachine.transition(.created, .markedRetryable) == nil)
        #expect(TxStateMachine.transition(.failedNet, .markedRetryable) == nil)
    }

    /// The engine's give-ups are its own final state, not the server's REJECTED.
    @Test func abandonedIsNotRejected() {
        for s in Self.nonFinal { #expect(TxStateMachine.transition(s, .abandoned) == .abandoned) }
        #expect(TxStateMachine.transition(.held, .sequenceTaken) == .rejected)
        #expect(TxState.abandoned.isFinal)
    }
}
