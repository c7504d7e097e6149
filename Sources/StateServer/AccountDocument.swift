import Workload

/// `GET /state/account/{address}`: one account's sequence chain, the transactions it tracks and
/// the heal plan the engine would run now — what the console's detail overlay (Enter) shows, in
/// the API's own snake_case shape. Public and decodable: `seqwatch console --attach` reads it back
/// into the console's model at the edge.
public struct AccountDocument: Codable, Sendable, Equatable {
    public struct Transaction: Codable, Sendable, Equatable {
        public let sequence: UInt32
        public let state: TxState
        public let hash: String
        public let engineResult: String?
        public let lastLedgerSequence: UInt32
        public let attempts: Int
        public let type: String

        enum CodingKeys: String, CodingKey {
            case sequence, state, hash, attempts, type
            case engineResult = "engine_result", lastLedgerSequence = "last_ledger_sequence"
        }
    }

    public let address: String
    public let nextSequence: UInt32
    public let ledgerSeq: UInt32?
    public let ledgerSeqCurrent: UInt32?
    public let status: AccountStatus
    public let generation: Int
    public let transactions: [Transaction]
    public let healPlan: [HealPlanItem]
    /// The last transactions with the states they went through, heals and resyncs marked (from
    /// the journal when the engine keeps one).
    public var timeline: [TimelineEntry]?

    enum CodingKeys: String, CodingKey {
        case address, status, generation, transactions, timeline
        case nextSequence = "next_sequence", ledgerSeq = "ledger_seq", ledgerSeqCurrent = "ledger_seq_current"
        case healPlan = "heal_plan"
    }

    init(chain: SequenceChain, transactions: [TrackedTransaction], plan: [HealPlanItem]) {
        address = chain.address.text
        nextSequence = chain.nextSequence
        ledgerSeq = chain.ledgerValidated
        ledgerSeqCurrent = chain.ledgerCurrent
        status = chain.status
        generation = chain.generation
        self.transactions = transactions.map {
            Transaction(
                sequence: $0.sequence, state: $0.state, hash: $0.hash, engineResult: $0.lastResult?.token,
                lastLedgerSequence: $0.lastLedgerSequence, attempts: $0.attempts, type: $0.kind)
        }
        healPlan = plan
    }
}
