import XRPL

/// What applying a transaction to an open ledger gave: rippled's `ApplyResult` (`ter`,
/// `applied`). A tec is applied, except under tapFAIL_HARD.
struct ApplyResult: Sendable, Equatable {
    let result: ResultCode
    let applied: Bool
}

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

    /// The context a transaction applies in: this ledger, and the load fee it must pay under
    /// `flags` (an admin submit pays less, `scaleFeeLoad`).
    func context(config: SimConfig, load: LoadFeeTrack, flags: ApplyFlags = []) -> ApplyContext {
        ApplyContext(
            ledgerIndex: index, parentCloseTime: parentCloseTime, config: config,
            loadFactor: load.feeFactor(unlimited: flags.contains(.unlimited)))
    }

    /// Full application (preclaim with the sequence check, then doApply). Applied results join
    /// the ledger; anything else (and a tec under tapFAIL_HARD) leaves it untouched.
    mutating func apply(_ c: Candidate, config: SimConfig, load: LoadFeeTrack, flags: ApplyFlags = []) -> ApplyResult {
        let ctx = context(config: config, load: load, flags: flags)
        var view = ApplyView(state: LedgerState(), txHash: c.hash, ledgerIndex: index, recordsMeta: false)
        swap(&view.state, &state)
        let (outcome, applied) = Transactor.apply(c, view: &view, ctx: ctx, flags: flags, isDuplicate: hashes.contains(c.hash))
        swap(&view.state, &state)
        if applied {
            transactions.append(LedgerTransaction(candidate: c, result: outcome.result, meta: nil))
            hashes.insert(c.hash)
        }
        return ApplyResult(result: outcome.result, applied: applied)
    }

    func contains(_ hash: String) -> Bool { hashes.contains(hash) }
}
