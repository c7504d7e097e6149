import Workload
import XRPL

/// One account's sequence chain as the detail overlay shows it: built on the engine side from
/// `Engine.chain(_:)` and `healPlan(account:)`, so the console never touches engine internals.
public struct AccountDetail: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var sequence: UInt32
        public var state: TxState
        public var hash: String
        public var result: String?
        public var lastLedgerSequence: UInt32
        public var attempts: Int
        public var type: String

        public init(sequence: UInt32, state: TxState, hash: String, result: String?, lastLedgerSequence: UInt32, attempts: Int, type: String) {
            self.sequence = sequence
            self.state = state
            self.hash = hash
            self.result = result
            self.lastLedgerSequence = lastLedgerSequence
            self.attempts = attempts
            self.type = type
        }
    }

    public var address: String
    public var nextSequence: UInt32
    public var ledgerValidated: UInt32?
    public var ledgerCurrent: UInt32?
    public var status: AccountStatus
    public var generation: Int
    public var entries: [Entry]
    public var plan: [HealPlanItem]
    /// The last transactions with the states they went through, heals and resyncs marked.
    public var timeline: [TimelineEntry] = []

    public init(
        address: String, nextSequence: UInt32, ledgerValidated: UInt32?, ledgerCurrent: UInt32?, status: AccountStatus,
        generation: Int, entries: [Entry], plan: [HealPlanItem]
    ) {
        self.address = address
        self.nextSequence = nextSequence
        self.ledgerValidated = ledgerValidated
        self.ledgerCurrent = ledgerCurrent
        self.status = status
        self.generation = generation
        self.entries = entries
        self.plan = plan
    }

    public init(chain: SequenceChain, transactions: [TrackedTransaction], plan: [HealPlanItem]) {
        self.init(
            address: chain.address.text, nextSequence: chain.nextSequence, ledgerValidated: chain.ledgerValidated,
            ledgerCurrent: chain.ledgerCurrent, status: chain.status, generation: chain.generation,
            entries: transactions.map {
                Entry(
                    sequence: $0.sequence, state: $0.state, hash: $0.hash, result: $0.lastResult?.token,
                    lastLedgerSequence: $0.lastLedgerSequence, attempts: $0.attempts, type: $0.kind)
            },
            plan: plan)
    }
}
