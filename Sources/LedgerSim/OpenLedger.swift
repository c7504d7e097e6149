import XRPL

/// One transaction in a ledger, with its outcome.
public struct LedgerTransaction: Sendable {
    public let candidate: Candidate
    public let result: ResultCode
    /// Metadata; built when the ledger closes (open-ledger entries carry none).
    public let meta: JSONValue?
}

/// The ledger being built: a copy of the last closed state plus the transactions applied to it
/// provisionally since. Submits apply here; at close its transaction set is re-applied to the
/// parent state in canonical order to form the closed ledger, as consensus would.
struct OpenLedger {
    let index: UInt32
    let parentHash: String
    let parentCloseTime: UInt32
    var state: LedgerState
    private(set) var transactions: [LedgerTransaction] = []
    private(set) var hashes: Set<String> = []

    init(index: UInt32, parentHash: String, parentCloseTime: UInt32, state: LedgerState) {
        self.index = index
        self.parentHash = parentHash
        self.parentCloseTime = parentCloseTime
        self.state = state
    }

    var count: Int { transactions.count }

    func context(config: SimConfig, loadFactor: UInt64) -> ApplyContext {
        ApplyContext(ledgerIndex: index, parentCloseTime: parentCloseTime, config: config, loadFactor: loadFactor)
    }

    /// Full application (preclaim with the sequence check, then doApply). tes/tec results join
    /// the ledger; anything else leaves it untouched.
    mutating func apply(_ c: Candidate, ctx: ApplyContext) -> ResultCode {
        var view = ApplyView(state: LedgerState(), txHash: c.hash, ledgerIndex: index, recordsMeta: false)
        swap(&view.state, &state)
        let outcome = Transactor.apply(c, view: &view, ctx: ctx, isDuplicate: hashes.contains(c.hash))
        swap(&view.state, &state)
        if outcome.applied {
            transactions.append(LedgerTransaction(candidate: c, result: outcome.result, meta: nil))
            hashes.insert(c.hash)
        }
        return outcome.result
    }

    func contains(_ hash: String) -> Bool { hashes.contains(hash) }
}
