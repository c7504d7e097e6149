import XRPL

/// ping, version, server_definitions and tx_history.
extension SimAPI {
    /// rippled's `doPing`: the simulator serves a standalone node's local clients, which rippled
    /// treats as admin (its default `admin = 127.0.0.1`), so every connection reads as admin;
    /// `unlimited` is reported only where rippled can report it, on a session (WebSocket or
    /// in-process), not over JSON-RPC.
    static func ping(hasSession: Bool) -> Reply {
        var o: [String: JSONValue] = ["role": "admin"]
        if hasSession { o["unlimited"] = true }
        return .success(.object(o))
    }

    /// rippled's `version` (`setVersion`, ApiVersion.h): API v1 callers get the old semantic
    /// triple, v2 callers the supported range as numbers.
    static func version(apiVersion: Int) -> Reply {
        if apiVersion < 2 {
            return .success(["version": ["first": "1.0.0", "good": "1.0.0", "last": "1.0.0"]])
        }
        return .success(["version": ["first": 1, "last": 2]])
    }

    /// rippled's `doServerDefinitions`: the definitions, or only the hash when the caller
    /// already has them (`hash` equal to ours).
    static func serverDefinitions(_ params: Params) -> Reply {
        if let h = params["hash"] {
            guard let text = h.stringValue, text.utf8.count == 64 else { return .failure(RPCParams.invalid("hash")) }
            if text.uppercased() == Definitions.serverDefinitionsHash { return .success(["hash": .string(Definitions.serverDefinitionsHash)]) }
        }
        return .success(Definitions.serverDefinitions)
    }

    /// rippled's `doTxHistory` (API v1 only; the handler table stops it at v1, so a v2 call is
    /// `unknownCmd`): 20 transactions, newest first, skipping `start`. rippled lets admins go
    /// past 10,000; the simulator never does, so one request walks at most its history.
    static func txHistory(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        guard apiVersion < 2 else { return .failure(RPCError(.unknownCmd)) }
        guard let s = params["start"] else { return .failure(RPCError(.invalidParams)) }
        guard let start = s.uint64Value.flatMap({ Int(exactly: $0) }) ?? (s.int64Value.map { Int($0) }).flatMap({ $0 >= 0 ? $0 : nil }),
            s.stringValue == nil
        else { return .failure(RPCError(.invalidParams)) }
        guard start <= 10_000 else { return .failure(RPCError(.noPermission)) }
        var skip = start
        var txs: [JSONValue] = []
        var i = core.validated.index
        while txs.count < 20, i >= core.oldestLedgerIndex, let l = core.ledger(i) {
            let n = l.transactionCount
            if skip >= n {
                skip -= n
            } else {
                // Newest first, decoding only the transactions returned (an archived ledger
                // may hold thousands).
                for position in stride(from: n - 1 - skip, through: 0, by: -1) {
                    guard txs.count < 20, let t = l.transaction(at: position) else { break }
                    var o = t.candidate.json.objectValue ?? [:]
                    o["hash"] = .string(t.candidate.hash)
                    o["inLedger"] = .int(Int64(l.index))
                    o["ledger_index"] = .int(Int64(l.index))
                    o["date"] = .int(Int64(l.closeTime))
                    txs.append(.object(o))
                }
                skip = 0
            }
            guard i > 0 else { break }
            i -= 1
        }
        return .success(["index": .int(Int64(start)), "txs": .array(txs)])
    }
}
