import XRPL

/// A transaction as it applied to the open ledger, waiting for the `transactions_proposed` and
/// `accounts_proposed` streams (rippled's `NetworkOPsImp::pubProposedTransaction`, called from
/// `NetworkOPsImp::apply` for every transaction whose apply changed the open ledger).
package struct ProposedTransaction: Sendable {
    let candidate: Candidate
    let result: ResultCode
    /// The open ledger it applied to: the message's `ledger_current_index`.
    let ledgerCurrentIndex: UInt32
}

/// Transactions applied to the open ledger since the streams last took them. Collecting only
/// while someone subscribes to a proposed stream, so a simulator nobody watches (or the
/// benchmark, which drives the core directly) never pays for it; bounded so an outbox nobody
/// drains cannot grow without end.
package struct ProposedOutbox: Sendable {
    package var isCollecting = false
    private(set) var items: [ProposedTransaction] = []
    static let limit = 100_000

    mutating func note(_ c: Candidate, result: ResultCode, ledger: UInt32) {
        guard isCollecting, items.count < Self.limit else { return }
        items.append(ProposedTransaction(candidate: c, result: result, ledgerCurrentIndex: ledger))
    }

    package mutating func drain() -> [ProposedTransaction] {
        defer { items = [] }
        return items
    }
}

/// What rippled's `ServerFeeSummary` compares to decide whether a fee change is worth a
/// `serverStatus` message (`NetworkOPsImp::reportFeeChange`).
package struct ServerFeeSummary: Equatable, Sendable {
    let loadFactorServer: UInt64
    let baseFee: UInt64
    let openLedgerLevel: UInt64
    let minProcessingLevel: UInt64
}

extension SimulatorCore {
    /// rippled's `strOperatingMode`, as `server_info` reports it here.
    var operatingMode: String { isStalled ? "syncing" : "full" }

    package var feeSummary: ServerFeeSummary {
        ServerFeeSummary(loadFactorServer: loadFactor, baseFee: config.baseFee, openLedgerLevel: openLedgerLevel, minProcessingLevel: minimumLevel)
    }

    /// `NetworkOPsImp::subServer`'s additions to the subscribe reply (the `random` value as the
    /// `random` method draws it).
    package func serverSubscribeFields() -> [String: JSONValue] {
        var o: [String: JSONValue] = [
            "random": .string(SimAPI.randomHex(self)), "server_status": .string(operatingMode), "load_base": .int(Int64(LoadFeeTrack.normal)),
            "load_factor": .int(Int64(loadFactor)), "hostid": "SEQWATCH", "pubkey_node": "n9SeqWatchSimulator",
        ]
        if config.standalone { o["stand_alone"] = true }
        return o
    }

    /// `NetworkOPsImp::pubServer`: the serverStatus message, with the fee-escalation fields
    /// rippled adds from the TxQ metrics.
    package func serverStatusMessage() -> JSONValue {
        let load = loadFactor
        let escalated = FeeEscalation.mulDiv(openLedgerLevel, LoadFeeTrack.normal, FeeEscalation.baseLevel)
        return .object([
            "type": "serverStatus", "server_status": .string(operatingMode), "load_base": .int(Int64(LoadFeeTrack.normal)),
            "load_factor_server": .int(Int64(load)), "base_fee": .int(Int64(config.baseFee)),
            "load_factor": .int(Int64(min(max(load, escalated), UInt64(UInt32.max)))),
            "load_factor_fee_escalation": .int(Int64(openLedgerLevel)), "load_factor_fee_queue": .int(Int64(minimumLevel)),
            "load_factor_fee_reference": .int(Int64(FeeEscalation.baseLevel)),
        ])
    }

    /// `NetworkOPsImp::transJson` for a transaction in the open ledger: no meta and no ledger
    /// hash, `validated: false`, `status: "proposed"`, `ledger_current_index`.
    static func proposedMessage(_ p: ProposedTransaction, apiVersion: Int) -> JSONValue {
        var o: [String: JSONValue] = [
            "type": "transaction", "validated": false, "status": "proposed", "engine_result": .string(p.result.token),
            "engine_result_code": .int(Int64(p.result.number)), "engine_result_message": .string(p.result.message),
            "ledger_current_index": .int(Int64(p.ledgerCurrentIndex)),
        ]
        putTransaction(p.candidate.json.objectValue ?? [:], hash: p.candidate.hash, apiVersion: apiVersion, into: &o)
        return .object(o)
    }

    /// transJson's last step: API v2 names the transaction `tx_json` with the hash beside it and
    /// a Payment's Amount as DeliverMax; v1 names it `transaction` with the hash inside.
    static func putTransaction(_ tx: [String: JSONValue], hash: String, apiVersion: Int, into o: inout [String: JSONValue]) {
        var tx = tx
        if apiVersion >= 2 {
            if tx["TransactionType"]?.stringValue == "Payment", let a = tx["Amount"] {
                tx["DeliverMax"] = a
                tx["Amount"] = nil
            }
            o["tx_json"] = .object(tx)
            o["hash"] = .string(hash)
        } else {
            tx["hash"] = .string(hash)
            o["transaction"] = .object(tx)
        }
    }

    /// `STTx::getMentionedAccounts`: every account field of the transaction and every issuer
    /// of an amount in it, which is whom `accounts_proposed` notifies.
    static func mentionedAccounts(_ json: JSONValue) -> Set<String> {
        var out: Set<String> = []
        for (_, v) in json.objectValue ?? [:] {
            if let s = v.stringValue, s.hasPrefix("r"), s.utf8.count <= 35, AddressCodec.isValidClassicAddress(s) { out.insert(s) }
            if let issuer = v["issuer"]?.stringValue { out.insert(issuer) }
        }
        return out
    }
}
