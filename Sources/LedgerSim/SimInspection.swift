import XRPL

/// Where the server still has a transaction that no closed ledger holds yet.
package enum SimPendingPlace: String, Sendable {
    /// Applied to the open ledger (will be in the next close unless the canonical re-apply drops it).
    case open
    /// In the TxQ.
    case queued
    /// In the held set (ter results re-applied at the next close).
    case held
    /// In LocalTxs only: re-applied into every new open ledger until it expires.
    case local
}

/// Read-only views for package tests (invariant checkers): what the server really holds.
/// Nothing here changes the simulator's behaviour.
extension SimulatorCore {
    /// Where the server holds this transaction, or nil when it holds it nowhere (it was never
    /// kept, it expired, it was dropped by a restart, or a closed ledger already has it).
    package func pendingPlace(hash: String) -> SimPendingPlace? {
        let h = hash.uppercased()
        if open.contains(h) { return .open }
        if queue.contains(hash: h) { return .queued }
        if kept.held.values.contains(where: { $0.values.contains { $0.hash == h } }) { return .held }
        if kept.local[h] != nil { return .local }
        return nil
    }
}
