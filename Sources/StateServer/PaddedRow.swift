import Workload

/// A snapshot row encoded as itself, plus an explicit `null` for each optional field that has
/// no value. Synthesised `Codable` leaves such keys out; clients of the state API (and the shape
/// DESIGN.md promises) expect every key on every row, e.g. `"engine_result": null` before the
/// first reply.
struct PaddedRow<Row: Encodable & Sendable>: Encodable, Sendable {
    let row: Row
    let nullKeys: [String]

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        guard !nullKeys.isEmpty else { return }
        var c = encoder.container(keyedBy: Key.self)
        for key in nullKeys { try c.encodeNil(forKey: Key(stringValue: key)) }
    }
}

extension PaddedRow where Row == PendingRow {
    init(_ r: PendingRow) {
        row = r
        nullKeys = [
            r.engineResult == nil ? "engine_result" : nil,
            r.submittedAtLedger == nil ? "submitted_at_ledger" : nil,
        ].compactMap { $0 }
    }
}

extension PaddedRow where Row == AccountRow {
    init(_ r: AccountRow) {
        row = r
        nullKeys = [
            r.ledgerSeq == nil ? "ledger_seq" : nil,
            r.ledgerSeqCurrent == nil ? "ledger_seq_current" : nil,
            r.sequenceAvailable == nil ? "sequence_available" : nil,
            r.gap == nil ? "gap" : nil,
            r.lastResult == nil ? "last_result" : nil,
            r.divergedFor == nil ? "diverged_for_s" : nil,
            r.waitingLedgers == nil ? "waiting_ledgers" : nil,
            r.underlying == nil ? "underlying" : nil,
        ].compactMap { $0 }
    }
}
