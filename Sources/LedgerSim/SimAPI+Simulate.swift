import XRPL

/// simulate.
extension SimAPI {
    static func txSigned() -> RPCError { RPCError(token: "txSigned", code: 96, message: "Transaction should not be signed.") }
    static let srcActNotFound = RPCError(token: "srcActNotFound", code: 67, message: "Source account not found.")
    static let srcActMalformed = RPCError(token: "srcActMalformed", code: 65, message: "Invalid field 'tx_json.Account'.")

    /// rippled's `doSimulate` (Simulate.cpp): the unsigned transaction, autofilled (Fee,
    /// Sequence, SigningPubKey, NetworkID above 1024), applied to a copy of the open ledger
    /// with metadata. Nothing the simulator holds changes, so `applied` is always false.
    static func simulate(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        let hasBlob = params["tx_blob"] != nil
        let hasJSON = params["tx_json"] != nil
        if hasBlob, hasJSON { return .failure(RPCError(.invalidParams, message: "Can only include one of `tx_blob` and `tx_json`.")) }
        guard hasBlob || hasJSON else { return .failure(RPCError(.invalidParams, message: "Neither `tx_blob` nor `tx_json` included.")) }
        for f in ["secret", "seed", "seed_hex", "passphrase"] where params[f] != nil { return .failure(RPCParams.invalid(f)) }
        if let b = params["binary"], b.boolValue == nil { return .failure(RPCParams.invalid("binary")) }
        let binary = params["binary"]?.boolValue ?? false
        var o: [String: JSONValue]
        if hasBlob {
            guard let hex = params["tx_blob"]?.stringValue, hex.utf8.count <= 2 * BinaryCodec.maxBlobBytes, let bytes = try? Hex.decode(hex),
                case .object(let decoded)? = try? BinaryCodec.decode(bytes)
            else { return .failure(RPCParams.invalid("tx_blob")) }
            o = decoded
        } else {
            guard case .object(let j)? = params["tx_json"] else { return .failure(RPCParams.expected("tx_json", "object")) }
            o = j
        }
        guard o["TransactionType"] != nil else { return .failure(RPCParams.missing("tx_json.TransactionType")) }
        guard let account = o["Account"] else { return .failure(RPCParams.missing("tx_json.Account")) }
        guard let address = account.stringValue, address.utf8.count <= 64, AddressCodec.isValidClassicAddress(address) else {
            return .failure(srcActMalformed)
        }
        if let sig = o["TxnSignature"]?.stringValue, !sig.isEmpty { return .failure(txSigned()) }
        if let pub = o["SigningPubKey"]?.stringValue, !pub.isEmpty { return .failure(txSigned()) }
        if o["Signers"] != nil { return .failure(txSigned()) }
        o["SigningPubKey"] = ""
        if o["Fee"] == nil { o["Fee"] = .string(String(core.openLedgerCost())) }
        if o["Sequence"] == nil {
            guard let seq = core.sequenceAvailable(address) else { return .failure(srcActNotFound) }
            o["Sequence"] = .int(Int64(seq))
        }
        if o["NetworkID"] == nil, core.config.networkID > 1024 { o["NetworkID"] = .int(Int64(core.config.networkID)) }
        let json = JSONValue.object(o)
        let c: Candidate
        let blob: [UInt8]
        do {
            blob = try BinaryCodec.encode(json)
        } catch {
            return .failure(RPCError(.invalidParams, message: "Invalid field 'tx_json': \(error)"))
        }
        switch TransactionTemplate.candidateTransaction(json) {
        case .failure(let e):
            return .failure(e)
        case .success(let (tx, disabled)):
            c = Candidate(
                tx: tx, blob: blob, hash: TransactionHash.compute(blob: blob), json: json, baseFee: core.config.baseFee, failHard: false,
                trusted: true, disabledBecause: disabled)
        }
        var result = Transactor.preflight(c, config: core.config)
        var meta: JSONValue?
        if result == .tesSUCCESS {
            var view = ApplyView(state: core.openState, txHash: c.hash, ledgerIndex: core.openLedgerIndex, recordsMeta: true)
            let out = Transactor.apply(
                c, view: &view, ctx: core.open.context(config: core.config, load: core.load, flags: core.config.submitsAreAdmin ? .unlimited : []),
                transactionIndex: core.openLedgerCount, isDuplicate: core.open.contains(c.hash))
            result = out.result
            if out.applied { meta = out.meta }
        }
        var r: [String: JSONValue] = [
            "applied": false, "engine_result": .string(result.token), "engine_result_code": .int(Int64(result.number)),
            "engine_result_message": .string(result.message), "ledger_index": .int(Int64(core.openLedgerIndex)),
        ]
        if binary {
            r["tx_blob"] = .string(Hex.encode(c.blob))
            if let meta, let m = try? BinaryCodec.encode(meta) { r["meta_blob"] = .string(Hex.encode(m)) }
        } else {
            var tx = o
            tx["hash"] = .string(c.hash)
            r["tx_json"] = .object(tx)
            if let meta { r["meta"] = meta }
        }
        return .success(.object(r))
    }
}
