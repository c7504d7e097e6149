import Workload

/// `GET /state/tx/{hash}`: one tracked transaction with rippled's field names. The fee is a
/// string of drops, as rippled writes amounts. The signed blob stays out: it is no secret, but
/// it is bulk nobody reading this endpoint asked for.
struct TransactionDocument: Encodable, Sendable {
    let hash: String
    let account: String
    let sequence: UInt32
    let state: TxState
    let final: Bool
    let engineResult: String?
    let lastLedgerSequence: UInt32
    let submittedAtLedger: UInt32?
    let validatedAtLedger: UInt32?
    let attempts: Int
    let type: String
    let fee: String
    let generation: Int

    init(_ t: TrackedTransaction) {
        hash = t.hash
        account = t.account.text
        sequence = t.sequence
        state = t.state
        final = t.state.isFinal
        engineResult = t.lastResult?.token
        lastLedgerSequence = t.lastLedgerSequence
        submittedAtLedger = t.submittedAtLedger
        validatedAtLedger = t.validatedAtLedger
        attempts = t.attempts
        type = t.kind
        fee = String(t.fee)
        generation = t.generation
    }

    enum CodingKeys: String, CodingKey {
        case hash, account, sequence, state, final, attempts, type, fee, generation
        case engineResult = "engine_result", lastLedgerSequence = "last_ledger_sequence"
        case submittedAtLedger = "submitted_at_ledger", validatedAtLedger = "validated_at_ledger"
    }

    /// Always writes every key (null when unknown), so clients can rely on the shape.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hash, forKey: .hash)
        try c.encode(account, forKey: .account)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(state, forKey: .state)
        try c.encode(final, forKey: .final)
        try c.encode(engineResult, forKey: .engineResult)
        try c.encode(lastLedgerSequence, forKey: .lastLedgerSequence)
        try c.encode(submittedAtLedger, forKey: .submittedAtLedger)
        try c.encode(validatedAtLedger, forKey: .validatedAtLedger)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(type, forKey: .type)
        try c.encode(fee, forKey: .fee)
        try c.encode(generation, forKey: .generation)
    }
}
