import XRPL

/// One ledger's state and the fields every reply about it carries (`ledger_current_index` for
/// the open ledger; `ledger_hash`, `ledger_index` for a closed one; `validated`).
///
/// Taking one costs a few retains (the state is a persistent tree), so the simulator's actor
/// takes it and the state-walking methods (`SimReads`) run on the caller's task: a page of
/// account_lines or ledger_data never holds the actor while it walks.
struct LedgerSnapshot: Sendable {
    let state: LedgerState
    let header: [String: JSONValue]
    let ledgerIndex: UInt32
    /// The closed ledger, when the request named one (ledger_data shows its header).
    let closed: ClosedLedger?
    let config: SimConfig
    /// The base fee scaled by the server's load (noripple_check's suggested transactions).
    let loadScaledFee: UInt64

    /// Resolves `ledger_index` / `ledger_hash` (default: the open ledger, as rippled's
    /// `lookupLedger`). A closed ledger old enough to have been archived has no state here.
    static func take(_ params: [String: JSONValue], core: SimulatorCore) -> Result<LedgerSnapshot, RPCError> {
        let fee = FeeEscalation.mulDiv(core.config.baseFee, core.loadFactor, FeeEscalation.baseLevel)
        switch SimAPI.target(params, core: core) {
        case .failure(let e):
            return .failure(e)
        case .success(.open):
            return .success(LedgerSnapshot(
                state: core.openState, header: ["ledger_current_index": .int(Int64(core.openLedgerIndex)), "validated": false],
                ledgerIndex: core.openLedgerIndex, closed: nil, config: core.config, loadScaledFee: fee))
        case .success(.closed(let l)):
            guard let state = l.state else { return .failure(RPCError(.lgrNotFound, message: "ledgerNotFound")) }
            return .success(LedgerSnapshot(
                state: state, header: ["ledger_hash": .string(l.hash), "ledger_index": .int(Int64(l.index)), "validated": true],
                ledgerIndex: l.index, closed: l, config: core.config, loadScaledFee: fee))
        }
    }

    /// The reply object: the ledger fields plus the method's own.
    func reply(_ fields: [String: JSONValue]) -> Result<JSONValue, RPCError> {
        .success(.object(header.merging(fields) { _, new in new }))
    }
}
