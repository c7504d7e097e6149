import StateStore
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
    /// Unknown (null) for a transaction only the journal still knows.
    let attempts: Int?
    let type: String
    let fee: String
    let generation: Int
    /// "engine" (tracked now) or "journal" (settled, or from an earlier run).
    let source: String

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
        source = "engine"
    }

    init(_ row: JournalReader.Entry) {
        hash = row.entry.hash
        account = row.entry.account
        sequence = row.entry.sequence
        state = TxState(rawValue: row.state) ?? .submitted
        final = JournalReader.settledStates.contains(row.state)
        engineResult = row.result
        lastLedgerSequence = row.entry.lastLedgerSequence
        submittedAtLedger = row.entry.ledger
        validatedAtLedger = state == .validated ? row.stateLedger : nil
        attempts = nil
        type = row.entry.kind
        fee = String(row.entry.fee)
        generation = row.entry.generation
        source = "journal"
    }

    enum CodingKeys: String, CodingKey {
        case hash, account, sequence, state, final, attempts, type, fee, generation, source
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
        try c.encode(source, forKey: .source)
    }
}
