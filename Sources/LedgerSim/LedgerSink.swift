/// Where validated ledgers go to outlive the process (`SimStore` writes them to SQLite).
///
/// The seam is this narrow so LedgerSim carries no storage code: the core hands over each
/// ledger as it validates it, and a store hands back what it kept (`RestoredLedgers`) when a
/// simulator starts again. Without a sink the simulator is exactly the in-memory one.
public protocol LedgerSink: Sendable {
    /// Called by `SimulatorCore.close` after a ledger is built and before anything can see it:
    /// before history, `validated`, the `ledger` stream or `ledger_accept`'s reply. It must
    /// return only once the ledger is durable, so no client ever sees an index a restart would
    /// lose. It runs on the simulator's actor, so it must be quick: it gets the changed
    /// entries, not the whole state. There is no error path: a sink that cannot write must not
    /// let the simulator run on without it (the SimStore ends the process in one line).
    func ledgerValidated(_ validated: ValidatedLedger)
}

/// A ledger as a sink receives it: the closed ledger (header and transactions with metadata)
/// and the state entries it changed.
public struct ValidatedLedger: Sendable {
    public let ledger: ClosedLedger
    /// Every entry the ledger's transactions wrote or deleted, once each.
    package let changes: [StateChange]

    package init(ledger: ClosedLedger, changes: [StateChange]) {
        self.ledger = ledger
        self.changes = changes
    }
}

/// One entry's fate in a ledger.
package enum StateChange: Sendable, Equatable {
    /// Created or modified: its value after the ledger.
    case put(StateEntry)
    /// Deleted: its ledger index.
    case delete(index: String)
}

/// What a store kept, to continue from: recent ledgers oldest first (their transactions in
/// binary form) and the state after the newest.
public struct RestoredLedgers: Sendable {
    package let ledgers: [ClosedLedger]
    package let state: LedgerState

    package init(ledgers: [ClosedLedger], state: LedgerState) {
        self.ledgers = ledgers
        self.state = state
    }

    /// The newest restored ledger's index.
    public var validatedIndex: UInt32 { ledgers.last?.index ?? 0 }
}
