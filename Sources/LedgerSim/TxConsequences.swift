import XRPL

/// rippled's `TxConsequences` category for the modelled types: which transactions are
/// blockers — they change how the account authorises, so nothing may queue behind them.
enum TxConsequences {
    /// `tfRequireAuth` | `tfOptionalAuth`, AccountSet's legacy transaction flags.
    static let authFlags: UInt32 = 0x0004_0000 | 0x0008_0000

    /// `AccountSet::makeTxConsequences`: setting or clearing RequireAuth, DisableMaster or
    /// AccountTxnID, or either legacy RequireAuth flag. (SetRegularKey and SignerListSet are
    /// blockers too; the simulator does not model them.)
    static func isBlocker(_ tx: Transaction) -> Bool {
        guard case .accountSet(let set, let clear, _, _) = tx.body else { return false }
        if (tx.flags ?? 0) & authFlags != 0 { return true }
        let blocking: Set<AccountSetFlag> = [.requireAuth, .disableMaster, .accountTxnID]
        return set.map(blocking.contains) == true || clear.map(blocking.contains) == true
    }
}
