import XRPL

/// The rippled `ApplyFlags` that change an outcome in the simulator.
struct ApplyFlags: OptionSet, Sendable {
    let rawValue: UInt8

    /// `tapFAIL_HARD`: never queued or held, and a tec must not do anything — neither the fee
    /// nor the Sequence is taken (`Transactor::operator()` discards the whole change).
    static let failHard = ApplyFlags(rawValue: 1)
    /// `tapRETRY`: a retry pass while a ledger is built. `isTecClaimHardFail` is false under it,
    /// so a tec is not applied and the transaction is tried again in a later pass.
    static let retry = ApplyFlags(rawValue: 2)
    /// `tapUNLIMITED`: an admin submit, which pays the normal fee until the local load reaches
    /// four times normal (`scaleFeeLoad`). Kept with a queued transaction (TxQ keeps its
    /// flags); the server's own retries of held and local transactions run without it.
    static let unlimited = ApplyFlags(rawValue: 4)
}

extension Transactor {
    /// `Transactor::operator()` under `flags`: with tapFAIL_HARD or tapRETRY a tec result is
    /// discarded whole and reported as not applied. Every type's doApply checks its failures
    /// before its first write, so the only change to undo is the fee and the Sequence.
    static func apply(
        _ c: Candidate, view: inout ApplyView, ctx: ApplyContext, flags: ApplyFlags, transactionIndex: Int = 0,
        isDuplicate: Bool = false
    ) -> (outcome: AppliedOutcome, applied: Bool) {
        guard !flags.isDisjoint(with: [.failHard, .retry]) else {
            let o = apply(c, view: &view, ctx: ctx, transactionIndex: transactionIndex, isDuplicate: isDuplicate)
            return (o, o.applied)
        }
        let account = view.state.accounts[c.account]
        let coins = view.state.totalCoins
        let o = apply(c, view: &view, ctx: ctx, transactionIndex: transactionIndex, isDuplicate: isDuplicate)
        guard o.result.resultClass == .tec else { return (o, o.applied) }
        if let account { view.state.putAccount(account) }
        view.state.totalCoins = coins
        return (o, false)
    }
}
