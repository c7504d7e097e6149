import XRPL

/// A resync of every account, from the request to the last account's read: what the summary
/// line needs ("resynced 22 accounts, 2 were diverged") once every read has answered.
struct BulkResync: Sendable {
    struct Done: Equatable {
        var accounts: Int
        var diverged: Int
        var failed: Int
        var reason: String
        var ledger: UInt32
    }

    private var pending: Set<AccountAddress> = []
    private var accounts = 0
    private var diverged = 0
    private var failed = 0
    private var reason = ""
    private var ledger: UInt32 = 0

    /// Starts one; a resync of all while one runs joins it (one summary for both).
    mutating func begin(_ all: [AccountAddress], reason: String, ledger: UInt32) {
        if pending.isEmpty {
            accounts = 0
            diverged = 0
            failed = 0
            self.reason = reason
            self.ledger = ledger
        }
        for a in all where pending.insert(a).inserted { accounts += 1 }
        if all.isEmpty, accounts == 0 { pending = [] }
    }

    func includes(_ a: AccountAddress) -> Bool { pending.contains(a) }

    /// One account answered (or its read failed); the summary when it was the last.
    mutating func answered(_ a: AccountAddress, wasDiverged: Bool, failed readFailed: Bool = false) -> Done? {
        guard pending.remove(a) != nil else { return nil }
        if wasDiverged { diverged += 1 }
        if readFailed { failed += 1 }
        guard pending.isEmpty else { return nil }
        return Done(accounts: accounts, diverged: diverged, failed: failed, reason: reason, ledger: ledger)
    }
}
