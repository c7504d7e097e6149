import XRPL

/// The mutable view one transaction applies through: the state plus a recorder that turns every
/// write into rippled-shaped metadata (AffectedNodes), and threads PreviousTxnID through each
/// touched object as rippled does.
///
/// Recording is optional: the open ledger only needs results; metadata is built when the
/// closed ledger is assembled, which halves the cost of a submit.
struct ApplyView {
    var state: LedgerState
    let txHash: String
    let ledgerIndex: UInt32
    let recordsMeta: Bool
    /// Whether to list the keys written (only with a `LedgerSink`, which stores just those).
    let tracksKeys: Bool
    /// Every state key written or removed, in write order (repeats possible).
    private(set) var touched: [StateKey] = []
    private var nodes: [String: Node] = [:]

    private struct Node {
        var entryType: String
        var before: [String: JSONValue]?
        var previousTxnID: String?
        var previousTxnLgrSeq: UInt32?
        var after: [String: JSONValue]?
    }

    init(state: LedgerState, txHash: String, ledgerIndex: UInt32, recordsMeta: Bool, tracksKeys: Bool = false) {
        self.state = state
        self.txHash = txHash
        self.ledgerIndex = ledgerIndex
        self.recordsMeta = recordsMeta
        self.tracksKeys = tracksKeys
    }

    private mutating func track(_ key: @autoclosure () -> StateKey) {
        if tracksKeys { touched.append(key()) }
    }

    private mutating func record<E: LedgerEntry>(before: E?, after: E?, index: String, type: String) {
        guard recordsMeta else { return }
        if nodes[index] == nil {
            nodes[index] = Node(
                entryType: type, before: before?.fields, previousTxnID: before?.previousTxnID,
                previousTxnLgrSeq: before?.previousTxnLgrSeq)
        }
        nodes[index]?.after = after?.fields
    }

    private func stamp<E: LedgerEntry>(_ e: E) -> E {
        var e = e
        e.previousTxnID = txHash
        e.previousTxnLgrSeq = ledgerIndex
        return e
    }

    mutating func put(_ account: AccountEntry) {
        let e = stamp(account)
        record(before: state.accounts[e.address], after: e, index: e.index, type: e.entryType)
        state.putAccount(e)
        track(.account(e.address))
    }

    mutating func put(_ line: TrustLine) {
        let e = stamp(line)
        record(before: state.lines[LineKey(low: e.low, high: e.high, currency: e.currency)], after: e, index: e.index, type: e.entryType)
        state.putLine(e)
        track(.line(LineKey(low: e.low, high: e.high, currency: e.currency)))
    }

    mutating func remove(_ line: TrustLine) {
        record(before: line, after: Optional<TrustLine>.none, index: line.index, type: line.entryType)
        state.removeLine(line)
        track(.line(LineKey(low: line.low, high: line.high, currency: line.currency)))
    }

    mutating func put(_ offer: Offer) {
        let e = stamp(offer)
        let key = OwnedKey(owner: e.owner, sequence: e.sequence)
        record(before: state.offers[key], after: e, index: e.index, type: e.entryType)
        state.putOffer(e)
        track(.offer(key))
    }

    mutating func remove(_ offer: Offer) {
        record(before: offer, after: Optional<Offer>.none, index: offer.index, type: offer.entryType)
        state.removeOffer(offer)
        track(.offer(OwnedKey(owner: offer.owner, sequence: offer.sequence)))
    }

    mutating func put(_ escrow: Escrow) {
        let e = stamp(escrow)
        let key = OwnedKey(owner: e.owner, sequence: e.sequence)
        record(before: state.escrows[key], after: e, index: e.index, type: e.entryType)
        state.putEscrow(e)
        track(.escrow(key))
    }

    mutating func remove(_ escrow: Escrow) {
        record(before: escrow, after: Optional<Escrow>.none, index: escrow.index, type: escrow.entryType)
        state.removeEscrow(escrow)
        track(.escrow(OwnedKey(owner: escrow.owner, sequence: escrow.sequence)))
    }

    /// `meta` for this transaction: AffectedNodes sorted by ledger index as rippled emits them.
    func metadata(result: ResultCode, transactionIndex: Int, deliveredAmount: Amount?) -> JSONValue {
        var affected: [JSONValue] = []
        for index in nodes.keys.sorted() {
            let n = nodes[index]!
            var body: [String: JSONValue] = ["LedgerEntryType": .string(n.entryType), "LedgerIndex": .string(index)]
            switch (n.before, n.after) {
            case (nil, let after?):
                body["NewFields"] = .object(after.filter { !Self.isDefault($0.value) })
                affected.append(.object(["CreatedNode": .object(body)]))
            case (let before?, nil):
                body["FinalFields"] = .object(before)
                affected.append(.object(["DeletedNode": .object(body)]))
            case (let before?, let after?):
                body["FinalFields"] = .object(after)
                let changed = before.filter { after[$0.key] != $0.value }
                if !changed.isEmpty { body["PreviousFields"] = .object(changed) }
                if let p = n.previousTxnID { body["PreviousTxnID"] = .string(p) }
                if let p = n.previousTxnLgrSeq { body["PreviousTxnLgrSeq"] = .int(Int64(p)) }
                affected.append(.object(["ModifiedNode": .object(body)]))
            case (nil, nil):
                continue
            }
        }
        var meta: [String: JSONValue] = [
            "AffectedNodes": .array(affected), "TransactionIndex": .int(Int64(transactionIndex)),
            "TransactionResult": .string(result.token),
        ]
        if let deliveredAmount { meta["delivered_amount"] = deliveredAmount.json }
        return .object(meta)
    }

    private static func isDefault(_ v: JSONValue) -> Bool {
        switch v {
        case .int(0), .uint(0): true
        default: false
        }
    }
}
