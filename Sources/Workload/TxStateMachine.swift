import XRPL

/// What can happen to a tracked transaction.
public enum TxEvent: Sendable, Equatable {
    /// Sent (or re-sent) to the server.
    case submitted
    /// The server answered the submit with this engine result.
    case replied(ResultCode)
    /// The submit's reply never came (timeout, connection lost mid-request).
    case noReply
    /// A validated ledger holds it with this result (tes or tec).
    case validated(ResultCode)
    /// A validated ledger passed its LastLedgerSequence and it is in none: never applied.
    case lastLedgerPassed
    /// Another transaction took its Sequence in a validated ledger.
    case sequenceTaken
    /// The engine believed the server held it (HELD, QUEUED) and the server no longer does: it
    /// must be sent again while its LastLedgerSequence is open, or its Sequence filled.
    case markedRetryable
    /// Abandoned: replaced by a gap filler or dropped by a resync, its Sequence reused.
    case abandoned
}

/// The engine's transaction state machine, in one place with one transition function
/// (issue: CREATED → SUBMITTED → QUEUED | HELD | RETRYABLE | FAILED_NET → VALIDATED | REJECTED |
/// EXPIRED). Everything that moves a transaction goes through `transition`, so the rules can be
/// read, tested and changed here alone.
public enum TxStateMachine {
    /// The next state, or nil when the event does not apply in this state (ignored, counted).
    public static func transition(_ state: TxState, _ event: TxEvent) -> TxState? {
        // Final states never move.
        if state.isFinal { return nil }
        switch event {
        case .submitted:
            return .submitted
        case .replied(let r):
            // A reply can arrive after the ledger already told us more (validated): ignore it then.
            guard state == .submitted else { return nil }
            return replyState(r)
        case .noReply:
            return state == .submitted ? .failedNet : nil
        case .validated:
            return .validated
        case .lastLedgerPassed:
            return .expired
        case .sequenceTaken:
            return .rejected
        case .markedRetryable:
            return state == .held || state == .queued || state == .submitted ? .retryable : nil
        case .abandoned:
            return .abandoned
        }
    }

    /// Where a submit result leaves a transaction (XRPL-PROTOCOL.md §2 and §7).
    public static func replyState(_ r: ResultCode) -> TxState {
        switch r.clientAction {
        case .advance:
            // Applied provisionally (tes or tec): only a validated ledger makes it final.
            return .submitted
        case .waitInQueue:
            return .queued
        case .fillGap, .waitForServer:
            // terPRE_SEQ and other ter results: the server holds it and may apply it later.
            return .held
        case .lookUpAndResync, .trackOriginal, .resignWithNewLastLedger, .raiseFeeOrBackOff:
            return .retryable
        case .fixAndResign:
            // tem is final; other tef/tel leave the Sequence unused and need a decision.
            return r.resultClass == .tem ? .rejected : .retryable
        }
    }
}
