import Foundation
import XRPL

/// rippled's RPC methods answered from a `SimulatorCore`, in rippled's JSON shapes (§3) for API
/// v1 and v2. Synchronous and transport-free: the actor calls it for the in-process transport
/// and the network server alike. Subscriptions live in the actor, which owns sessions.
enum SimAPI {
    typealias Params = [String: JSONValue]
    typealias Reply = Result<JSONValue, RPCError>

    static let rippleEpoch: Double = 946_684_800

    static func handle(
        method: String, params: Params, apiVersion: Int, core: inout SimulatorCore, now: Double,
        verified: Result<Candidate, RPCError>? = nil, hasSession: Bool = false
    ) -> Reply {
        switch method {
        case "ping": return ping(hasSession: hasSession)
        case "version": return version(apiVersion: apiVersion)
        case "server_definitions": return serverDefinitions(params)
        case "tx_history": return txHistory(params, apiVersion: apiVersion, core: core)
        case "simulate": return simulate(params, apiVersion: apiVersion, core: core)
        case "sign": return sign(params, context: SignContext.take(params, core: core))
        case "random": return .success(.object(["random": .string(randomHex(core))]))
        case "server_info": return .success(.object(["info": serverInfo(core, now: now, human: true)]))
        case "server_state": return .success(.object(["state": serverInfo(core, now: now, human: false)]))
        case "fee": return .success(fee(core))
        case "ledger_current": return .success(.object(["ledger_current_index": .int(Int64(core.openLedgerIndex))]))
        case "ledger_closed":
            return .success(.object(["ledger_hash": .string(core.validated.hash), "ledger_index": .int(Int64(core.validated.index))]))
        case "ledger_accept":
            guard core.config.allowsLedgerAccept else { return .failure(RPCError(token: "notStandAlone", message: "Operation valid in debug mode only.")) }
            core.close(at: now)
            return .success(.object(["ledger_current_index": .int(Int64(core.openLedgerIndex))]))
        case "account_info": return accountInfo(params, apiVersion: apiVersion, core: core)
        case "submit": return submit(params, apiVersion: apiVersion, core: &core, now: now, verified: verified)
        case "tx": return tx(params, apiVersion: apiVersion, core: core)
        case "account_tx": return accountTx(params, apiVersion: apiVersion, core: core)
        case "ledger": return ledger(params, apiVersion: apiVersion, core: core)
        case "sim_fault": return simFault(params, core: &core, now: now)
        case "sim_status": return .success(simStatus(core))
        default:
            guard SimReads.methods.contains(method) else { return .failure(RPCError(.unknownCmd)) }
            switch LedgerSnapshot.take(params, core: core) {
            case .failure(let e): return .failure(e)
            case .success(let s): return SimReads.handle(method: method, params: params, apiVersion: apiVersion, snapshot: s)
            }
        }
    }

    // MARK: ledgers

    /// Resolves `ledger_index` / `ledger_hash`; nil ledger means the open one.
    enum Target {
        case open
        case closed(ClosedLedger)
    }

    static func target(_ params: Params, core: SimulatorCore, default def: LedgerSpecifier = .current) -> Result<Target, RPCError> {
        if let h = params["ledger_hash"]?.stringValue {
            guard h.utf8.count == 64 else { return .failure(RPCError(.invalidParams, message: "ledgerHashMalformed")) }
            guard let l = core.ledger(hash: h) else { return .failure(RPCError(.lgrNotFound, message: "ledgerNotFound")) }
            return .success(.closed(l))
        }
        let spec: LedgerSpecifier
        if let raw = params["ledger_index"] {
            guard let s = LedgerSpecifier(json: raw) else { return .failure(RPCError(.invalidParams, message: "ledgerIndexMalformed")) }
            spec = s
        } else {
            spec = def
        }
        switch spec {
        case .current: return .success(.open)
        case .closed, .validated: return .success(.closed(core.validated))
        case .index(let i):
            if i == core.openLedgerIndex { return .success(.open) }
            guard let l = core.ledger(i) else { return .failure(RPCError(.lgrNotFound, message: "ledgerNotFound")) }
            return .success(.closed(l))
        }
    }

    /// "2026-11-30T02:10:51Z". Called for every transaction message, so it formats by hand from
    /// `gmtime_r`: a formatter object per call cost more than the rest of the message.
    static func isoTime(_ rippleTime: UInt32) -> String {
        var t = time_t(Double(rippleTime) + rippleEpoch)
        var c = tm()
        gmtime_r(&t, &c)
        func pad(_ v: Int32, _ width: Int = 2) -> String {
            let d = String(v)
            return d.count >= width ? d : String(repeating: "0", count: width - d.count) + d
        }
        return "\(pad(c.tm_year + 1900, 4))-\(pad(c.tm_mon + 1))-\(pad(c.tm_mday))T\(pad(c.tm_hour)):\(pad(c.tm_min)):\(pad(c.tm_sec))Z"
    }

    static func humanTime(_ rippleTime: UInt32) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MMM-dd HH:mm:ss.SSSSSSSSS"
        return f.string(from: Date(timeIntervalSince1970: Double(rippleTime) + rippleEpoch)) + " UTC"
    }

    // MARK: server

    /// The rippled release whose behaviour the simulator models, reported as `build_version`.
    /// Clients parse it: xrpl.js and xrpl-py add `NetworkID` to transactions only when the
    /// server's version is past 1.11.0 and its network id above 1024, so it must read as a
    /// rippled version, not a name.
    static let modelledRippledVersion = "2.4.0"

    /// `random`: 256 bits, as rippled's (its own generator, never the ledger's deterministic one,
    /// so `--seed` replays are not disturbed by clients asking).
    static func randomHex(_ core: SimulatorCore) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02X", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    static func serverInfo(_ core: SimulatorCore, now: Double, human: Bool) -> JSONValue {
        let v = core.validated
        let age = max(0, Int64(now) - Int64(v.closeTime))
        let escalation = core.openLedgerLevel
        let load = core.loadFactor
        // As `NetworkOPsImp::getServerInfo` answers an admin (localhost) client of a standalone
        // server: no peers, no validator list, a consensus round of 0.1 s.
        var info: [String: JSONValue] = [
            "build_version": .string(modelledRippledVersion), "complete_ledgers": .string(core.completeLedgers),
            "io_latency_ms": 1, "jq_trans_overflow": "0", "peer_disconnects": "0", "peer_disconnects_resources": "0",
            "network_id": .int(Int64(core.config.networkID)), "peers": 0, "pubkey_node": "n9SeqWatchSimulator",
            "pubkey_validator": "none",
            "server_state": core.isStalled ? "syncing" : "full", "server_state_duration_us": "0", "validation_quorum": 0,
            "time": .string(humanTime(UInt32(clamping: Int64(now)))), "uptime": .int(Int64(max(0, now - core.startTime))),
            "state_accounting": .object([:]),
        ]
        if human {
            // hostid, the validator list and the round time in seconds are the human form only.
            info["hostid"] = "SEQWATCH"
            info["last_close"] = ["converge_time_s": .double(0.1), "proposers": 0]
            info["validator_list"] = ["count": 0, "expiration": "unknown", "status": "unknown"]
        } else {
            info["last_close"] = ["converge_time": 100, "proposers": 0]
            info["validator_list_expires"] = 0
        }
        if human {
            info["validated_ledger"] = .object([
                "age": .int(age), "base_fee_xrp": .double(Double(core.config.baseFee) / 1e6), "hash": .string(v.hash),
                "reserve_base_xrp": .double(Double(core.config.reserveBase) / 1e6),
                "reserve_inc_xrp": .double(Double(core.config.reserveIncrement) / 1e6), "seq": .int(Int64(v.index)),
            ])
            info["load_factor"] = .double(Double(max(load, escalation)) / 256)
            if load != LoadFeeTrack.normal { info["load_factor_server"] = .double(Double(load) / 256) }
            if escalation != FeeEscalation.baseLevel { info["load_factor_fee_escalation"] = .double(Double(escalation) / 256) }
            if core.minimumLevel != FeeEscalation.baseLevel { info["load_factor_fee_queue"] = .double(Double(core.minimumLevel) / 256) }
        } else {
            info["validated_ledger"] = .object([
                "base_fee": .int(Int64(core.config.baseFee)), "close_time": .int(Int64(v.closeTime)), "hash": .string(v.hash),
                "reserve_base": .int(Int64(clamping: core.config.reserveBase)), "reserve_inc": .int(Int64(clamping: core.config.reserveIncrement)),
                "seq": .int(Int64(v.index)),
            ])
            info["load_base"] = 256
            info["load_factor"] = .int(Int64(max(load, escalation)))
            info["load_factor_server"] = .int(Int64(load))
            info["load_factor_fee_escalation"] = .int(Int64(escalation))
            info["load_factor_fee_queue"] = .int(Int64(core.minimumLevel))
            info["load_factor_fee_reference"] = 256
        }
        return .object(info)
    }

    /// The `fee` method (§1.8, §3.5, `TxQ::doRPC`): strings for everything but
    /// `ledger_current_index`. `open_ledger_fee` rounds up (a transaction paying it gets in);
    /// `minimum_fee` and `median_fee` are rippled's plain `toDrops`, rounded down.
    static func fee(_ core: SimulatorCore) -> JSONValue {
        let base = core.config.baseFee
        func down(_ level: UInt64) -> JSONValue { .string(String(FeeEscalation.mulDiv(level, base, FeeEscalation.baseLevel))) }
        func drops(_ level: UInt64) -> JSONValue { .string(String(FeeEscalation.drops(forLevel: level, baseFeeDrops: base))) }
        var o: [String: JSONValue] = [
            "current_ledger_size": .string(String(core.openLedgerCount)), "current_queue_size": .string(String(core.queueCount)),
            "expected_ledger_size": .string(String(core.expectedLedgerSize)), "ledger_current_index": .int(Int64(core.openLedgerIndex)),
            "levels": .object([
                "reference_level": "256", "minimum_level": .string(String(core.minimumLevel)),
                "median_level": .string(String(core.escalationMultiplier)), "open_ledger_level": .string(String(core.openLedgerLevel)),
            ]),
            "drops": .object([
                "base_fee": .string(String(base)), "minimum_fee": down(core.minimumLevel), "median_fee": down(core.escalationMultiplier),
                "open_ledger_fee": drops(core.openLedgerLevel),
            ]),
        ]
        if let max = core.queueMaxSize { o["max_queue_size"] = .string(String(max)) }
        return .object(o)
    }

    // MARK: accounts

    static func accountInfo(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        guard let address = (params["account"] ?? params["ident"])?.stringValue else {
            return .failure(RPCError(.invalidParams, message: "Missing field 'account'."))
        }
        guard AddressCodec.isValidClassicAddress(address) else { return .failure(RPCError(.actMalformed, message: "Account malformed.")) }
        let wantsQueue = params["queue"]?.boolValue ?? false
        let target: Target
        switch Self.target(params, core: core) {
        case .failure(let e): return .failure(e)
        case .success(let t): target = t
        }
        var o: [String: JSONValue] = [:]
        let state: LedgerState?
        switch target {
        case .open:
            state = core.openState
            o["ledger_current_index"] = .int(Int64(core.openLedgerIndex))
            o["validated"] = false
        case .closed(let l):
            if wantsQueue { return .failure(RPCError(.invalidParams)) }
            state = l.state
            o["ledger_hash"] = .string(l.hash)
            o["ledger_index"] = .int(Int64(l.index))
            o["validated"] = true
        }
        guard let state else { return .failure(RPCError(.lgrNotFound, message: "ledgerNotFound")) }
        guard let entry = state.account(address) else {
            var extra = o
            extra["account"] = .string(address)
            return .failure(RPCError(.actNotFound, extra: extra))
        }
        o["account_data"] = entry.json
        o["account_flags"] = entry.accountFlags
        if params["signer_lists"]?.boolValue == true {
            // No SignerListSet is modelled, so the list is always empty. rippled's `doAccountInfo`
            // puts it inside account_data for API v1 and beside it from v2 on.
            if apiVersion < 2, case .object(var data) = entry.json {
                data["signer_lists"] = .array([])
                o["account_data"] = .object(data)
            } else {
                o["signer_lists"] = .array([])
            }
        }
        if wantsQueue { o["queue_data"] = queueData(core.queued(account: address)) }
        return .success(.object(o))
    }

    static func queueData(_ txs: [QueuedTransaction]) -> JSONValue {
        var o: [String: JSONValue] = ["txn_count": .int(Int64(txs.count))]
        guard !txs.isEmpty else { return .object(o) }
        o["sequence_count"] = .int(Int64(txs.count))
        o["ticket_count"] = 0
        o["lowest_sequence"] = .int(Int64(txs.first!.sequence))
        o["highest_sequence"] = .int(Int64(txs.last!.sequence))
        o["auth_change_queued"] = .bool(txs.contains { $0.candidate.isBlocker })
        var total: UInt64 = 0
        o["transactions"] = .array(txs.map { q in
            let spend = q.candidate.potentialSpend + q.candidate.tx.fee
            total += spend
            var t: [String: JSONValue] = [
                "seq": .int(Int64(q.sequence)), "fee_level": .string(String(q.feeLevel)), "fee": .string(String(q.candidate.tx.fee)),
                "max_spend_drops": .string(String(spend)), "auth_change": .bool(q.candidate.isBlocker),
            ]
            if let lls = q.candidate.tx.lastLedgerSequence { t["LastLedgerSequence"] = .int(Int64(lls)) }
            return .object(t)
        })
        o["max_spend_drops_total"] = .string(String(total))
        return .object(o)
    }

    // MARK: submit

    /// `verified` is the blob already decoded and signature-checked off the serial path.
    static func submit(_ params: Params, apiVersion: Int, core: inout SimulatorCore, now: Double, verified: Result<Candidate, RPCError>? = nil) -> Reply {
        let failHard = params["fail_hard"]?.boolValue ?? false
        let blob: [UInt8]
        var signAndSubmit = false
        if let verified {
            switch verified {
            case .failure(let e): return .failure(e)
            case .success(let c): return submitReply(core.submit(candidate: c, failHard: failHard, at: now), signAndSubmit: false)
            }
        }
        if let hex = params["tx_blob"]?.stringValue {
            guard let b = try? Hex.decode(hex), !b.isEmpty else { return .failure(RPCError(.invalidParams)) }
            blob = b
        } else if let txJSON = params["tx_json"], let secret = params["secret"]?.stringValue {
            guard core.config.allowsSignAndSubmit else { return .failure(RPCError(.notSupported)) }
            switch signLocally(txJSON, secret: secret, core: core) {
            case .failure(let e): return .failure(e)
            case .success(let b): blob = b
            }
            signAndSubmit = true
        } else {
            return .failure(RPCError(.invalidParams, message: "Missing field 'tx_blob'."))
        }
        switch core.submit(blob: blob, failHard: failHard, at: now) {
        case .failure(let e): return .failure(e)
        case .success(let out): return submitReply(out, signAndSubmit: signAndSubmit)
        }
    }

    static func submitReply(_ out: SubmitOutcome, signAndSubmit: Bool) -> Reply {
            if out.replyDropped { return .failure(RPCError(token: droppedToken)) }
            var o: [String: JSONValue] = [
                "engine_result": .string(out.result.token), "engine_result_code": .int(Int64(out.result.number)),
                "engine_result_message": .string(out.result.message), "tx_blob": .string(out.blobHex), "tx_json": out.txJSON,
            ]
            if !signAndSubmit {
                o["accepted"] = .bool(out.accepted)
                o["applied"] = .bool(out.applied)
                o["broadcast"] = .bool(out.broadcast)
                o["kept"] = .bool(out.kept)
                o["queued"] = .bool(out.queued)
                o["open_ledger_cost"] = .string(String(out.openLedgerCost))
                o["validated_ledger_index"] = .int(Int64(out.validatedLedgerIndex))
                if let n = out.accountSequenceNext { o["account_sequence_next"] = .int(Int64(n)) }
                if let a = out.accountSequenceAvailable { o["account_sequence_available"] = .int(Int64(a)) }
            }
            return .success(.object(o))
    }

    /// Marks a reply the actor must swallow (the dropped-submit fault); never sent to a client.
    static let droppedToken = "__seqwatch_dropped__"

    /// Sign-and-submit for local admin use: autofills Sequence, Fee and SigningPubKey like rippled.
    /// The secret is used and forgotten; errors never repeat it.
    static func signLocally(_ txJSON: JSONValue, secret: String, core: SimulatorCore) -> Result<[UInt8], RPCError> {
        guard case .object(var o) = txJSON else { return .failure(RPCError(.invalidParams, message: "Invalid field 'tx_json', not object.")) }
        let wallet: Wallet
        do {
            wallet = try Wallet(seed: try Seed(encoded: secret))
        } catch {
            return .failure(RPCError(token: "badSeed", code: 44, message: "Disallowed seed."))
        }
        if o["Account"] == nil { o["Account"] = .string(wallet.address) }
        if o["Sequence"] == nil, let address = o["Account"]?.stringValue, let next = core.sequenceAvailable(address) {
            o["Sequence"] = .int(Int64(next))
        }
        if o["Fee"] == nil { o["Fee"] = .string(String(max(core.config.baseFee, core.openLedgerCost()))) }
        do {
            return .success(try TransactionSigner.sign(json: .object(o), with: wallet.keys).blob)
        } catch {
            return .failure(RPCError(.invalidParams, message: "Invalid transaction: \(error)"))
        }
    }

    // MARK: transactions

    /// A transaction in the requested API version's shape, with its ledger context.
    static func transactionObject(
        _ t: LedgerTransaction, ledger: ClosedLedger?, apiVersion: Int, binary: Bool, validated: Bool
    ) -> [String: JSONValue] {
        var o: [String: JSONValue] = [:]
        if binary {
            o["tx_blob"] = .string(Hex.encode(t.candidate.blob))
            if let meta = t.meta, let m = try? BinaryCodec.encode(meta) { o[apiVersion >= 2 ? "meta_blob" : "meta"] = .string(Hex.encode(m)) }
        } else {
            var tx = t.candidate.json.objectValue ?? [:]
            if let ledger { tx["date"] = .int(Int64(ledger.closeTime)) }
            if apiVersion >= 2 {
                if tx["TransactionType"]?.stringValue == "Payment", let amount = tx["Amount"] {
                    tx["DeliverMax"] = amount
                    tx["Amount"] = nil
                }
                o["tx_json"] = .object(tx)
            } else {
                if tx["TransactionType"]?.stringValue == "Payment", let amount = tx["Amount"] { tx["DeliverMax"] = amount }
                for (k, v) in tx { o[k] = v }
            }
            if let meta = t.meta { o["meta"] = meta }
        }
        o["hash"] = .string(t.candidate.hash)
        o["validated"] = .bool(validated)
        if let ledger {
            o["ledger_hash"] = .string(ledger.hash)
            if validated {
                o["ledger_index"] = .int(Int64(ledger.index))
                o["close_time_iso"] = .string(isoTime(ledger.closeTime))
                if apiVersion < 2 { o["inLedger"] = .int(Int64(ledger.index)) }
            }
        }
        return o
    }

    static func tx(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        guard let given = params["transaction"] else { return .failure(RPCError(.invalidParams)) }
        // `doTxJson`: a `transaction` that is not a 256-bit hex ID is rippled's notImpl.
        guard let hash = given.stringValue, hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }) else {
            return .failure(RPCError(token: "notImpl", code: 74, message: "Not implemented."))
        }
        let binary = params["binary"]?.boolValue ?? false
        if let (ledger, t) = core.transaction(hash) {
            var o = transactionObject(t, ledger: ledger, apiVersion: apiVersion, binary: binary, validated: true)
            if let index = t.meta?["TransactionIndex"].flatMap(Lenient32.read),
                let ctid = ctid(ledger: ledger.index, index: index, network: core.config.networkID)
            {
                o["ctid"] = .string(ctid)
            }
            return .success(.object(o))
        }
        if let c = core.pendingCandidate(hash: hash) {
            // Known but in no closed ledger (open, queued or held): success with no meta.
            let t = LedgerTransaction(candidate: c, result: .tesSUCCESS, meta: nil)
            return .success(.object(transactionObject(t, ledger: nil, apiVersion: apiVersion, binary: binary, validated: false)))
        }
        var extra: [String: JSONValue] = [:]
        if let lo = params["min_ledger"].flatMap(Lenient32.read), let hi = params["max_ledger"].flatMap(Lenient32.read) {
            guard hi >= lo else { return .failure(RPCError(.invalidLgrRange)) }
            guard hi - lo <= 1000 else { return .failure(RPCError(.excessiveLgrRange)) }
            let have = core.ledger(lo) != nil && core.ledger(hi) != nil
            extra["searched_all"] = .bool(have)
        }
        return .failure(RPCError(.txnNotFound, extra: extra))
    }

    /// The concise transaction id (XLS-37) `tx` reports for a validated transaction, as
    /// rippled's `RPC::encodeCTID`: 0xC, the ledger index in 28 bits, the transaction's index in
    /// the ledger and the network id in 16 bits each; nil when one does not fit.
    static func ctid(ledger: UInt32, index: UInt32, network: UInt32) -> String? {
        guard ledger < 0x1000_0000, index <= 0xFFFF, network <= 0xFFFF else { return nil }
        let value = (UInt64(0xC000_0000 | ledger) << 32) | (UInt64(index) << 16) | UInt64(network)
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func accountTx(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        guard let account = params["account"]?.stringValue else { return .failure(RPCError(.invalidParams, message: "Missing field 'account'.")) }
        guard AddressCodec.isValidClassicAddress(account) else { return .failure(RPCError(.actMalformed, message: "Account malformed.")) }
        let first = core.oldestLedgerIndex
        var lo = params["ledger_index_min"].flatMap(Lenient32.signed) ?? -1
        var hi = params["ledger_index_max"].flatMap(Lenient32.signed) ?? -1
        if lo < 0 { lo = Int64(first) }
        if hi < 0 { hi = Int64(core.validated.index) }
        if let spec = params["ledger_index"].flatMap(LedgerSpecifier.init(json:)) {
            switch spec {
            case .index(let i): (lo, hi) = (Int64(i), Int64(i))
            default: (lo, hi) = (Int64(core.validated.index), Int64(core.validated.index))
            }
        }
        let forward = params["forward"]?.boolValue ?? false
        let binary = params["binary"]?.boolValue ?? false
        let limit = max(1, min(params["limit"].flatMap(Lenient32.read).map(Int.init) ?? 200, 400))
        var rows = core.accountTransactions(account, min: UInt32(clamping: lo), max: UInt32(clamping: hi))
        if !forward { rows.reverse() }
        let page = rows.prefix(limit)
        let txs: [JSONValue] = page.map { ledger, t in
            var o = transactionObject(t, ledger: ledger, apiVersion: apiVersion, binary: binary, validated: true)
            // API v2 puts the ledger index inside tx_json too.
            if apiVersion >= 2, case .object(var tx)? = o["tx_json"] {
                tx["ledger_index"] = .int(Int64(ledger.index))
                o["tx_json"] = .object(tx)
            }
            if apiVersion < 2, !binary {
                // v1 account_tx nests the transaction under "tx" with "meta" beside it.
                let meta = o.removeValue(forKey: "meta")
                var wrapper: [String: JSONValue] = ["tx": .object(o), "validated": true]
                if let meta { wrapper["meta"] = meta }
                return .object(wrapper)
            }
            return .object(o)
        }
        var result: [String: JSONValue] = [
            "account": .string(account), "ledger_index_min": .int(lo), "ledger_index_max": .int(hi), "limit": .int(Int64(limit)),
            "transactions": .array(txs), "validated": true,
        ]
        if rows.count > limit, let last = page.last {
            result["marker"] = .object(["ledger": .int(Int64(last.0.index)), "seq": .int(0)])
        }
        return .success(.object(result))
    }

    /// The `ledger` method (§3.8).
    static func ledger(_ params: Params, apiVersion: Int, core: SimulatorCore) -> Reply {
        let wantsTxs = params["transactions"]?.boolValue ?? false
        let expand = params["expand"]?.boolValue ?? false
        let binary = params["binary"]?.boolValue ?? false
        let wantsQueue = params["queue"]?.boolValue ?? false
        let target: Target
        switch Self.target(params, core: core, default: .validated) {
        case .failure(let e): return .failure(e)
        case .success(let t): target = t
        }
        switch target {
        case .open:
            var l: [String: JSONValue] = [
                "closed": false, "ledger_index": apiVersion >= 2 ? .int(Int64(core.openLedgerIndex)) : .string(String(core.openLedgerIndex)),
                "parent_hash": .string(core.validated.hash), "parent_close_time": .int(Int64(core.validated.closeTime)),
                "total_coins": .string(String(core.openState.totalCoins)),
            ]
            if wantsTxs { l["transactions"] = .array(core.open.transactions.map { .string($0.candidate.hash) }) }
            var o: [String: JSONValue] = ["ledger": .object(l), "ledger_current_index": .int(Int64(core.openLedgerIndex)), "validated": false]
            if wantsQueue {
                o["queue_data"] = .array(core.allQueued.map { q in
                    .object([
                        "account": .string(q.candidate.account), "fee_level": .string(String(q.feeLevel)),
                        "fee": .string(String(q.candidate.tx.fee)), "retries_remaining": .int(Int64(q.retriesRemaining)),
                        "preflight_result": "tesSUCCESS", "hash": .string(q.candidate.hash),
                        "max_spend_drops": .string(String(q.candidate.potentialSpend + q.candidate.tx.fee)), "auth_change": .bool(q.candidate.isBlocker),
                    ])
                })
            }
            return .success(.object(o))
        case .closed(let ledger):
            if wantsQueue { return .failure(RPCError(.invalidParams)) }
            var l = ledgerHeader(ledger, apiVersion: apiVersion)
            if wantsTxs {
                if expand || binary {
                    l["transactions"] = .array(ledger.transactions.map { t in
                        var o = transactionObject(t, ledger: ledger, apiVersion: apiVersion, binary: binary, validated: true)
                        if apiVersion < 2, !binary, let meta = o.removeValue(forKey: "meta") { o["metaData"] = meta }
                        return .object(o)
                    })
                } else {
                    // Hashes only: an archived ledger need not decode anything.
                    l["transactions"] = .array((0..<ledger.transactionCount).compactMap { ledger.transactionHash(at: $0).map(JSONValue.string) })
                }
            }
            return .success(.object([
                "ledger": .object(l), "ledger_hash": .string(ledger.hash), "ledger_index": .int(Int64(ledger.index)), "validated": true,
            ]))
        }
    }

    static func ledgerHeader(_ l: ClosedLedger, apiVersion: Int) -> [String: JSONValue] {
        [
            "account_hash": .string(l.accountHash), "close_flags": 0, "close_time": .int(Int64(l.closeTime)),
            "close_time_human": .string(humanTime(l.closeTime)), "close_time_iso": .string(isoTime(l.closeTime)),
            "close_time_resolution": .int(Int64(l.closeTimeResolution)), "closed": true, "ledger_hash": .string(l.hash),
            "ledger_index": apiVersion >= 2 ? .int(Int64(l.index)) : .string(String(l.index)),
            "parent_close_time": .int(Int64(l.parentCloseTime)), "parent_hash": .string(l.parentHash),
            "total_coins": .string(String(l.totalCoins)), "transaction_hash": .string(l.transactionHash),
        ]
    }

    // MARK: simulator control

    static func simFault(_ params: Params, core: inout SimulatorCore, now: Double) -> Reply {
        guard let text = params["fault"]?.stringValue else {
            return .failure(RPCError(.invalidParams, message: "Missing field 'fault' (\(SimFault.syntax))."))
        }
        // Every fault spelling is short; a long one is refused before any number in it is parsed.
        guard text.utf8.count <= 200 else { return .failure(RPCError(.invalidParams, message: "Invalid field 'fault'.")) }
        do {
            let fault = try SimFault(parsing: text)
            let line = core.inject(fault, at: now)
            return .success(.object(["fault": .string(fault.description), "logged": .string(line)]))
        } catch {
            return .failure(RPCError(.invalidParams, message: "\(error)"))
        }
    }

    static func simStatus(_ core: SimulatorCore) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for (k, v) in core.faultCounts { counts[k] = .int(Int64(v)) }
        return .object([
            "fault_counts": .object(counts), "drop_share": .double(core.dropShare), "tel_share": .double(core.localErrorShare),
            "tel_code": .string(core.localErrorCode.token), "tel_drop": .bool(core.localErrorDrops), "surge_per_ledger": .int(Int64(core.surgePerLedger)),
            "stalled": .bool(core.isStalled), "held": .int(Int64(core.heldCount)), "local_txs": .int(Int64(core.localCount)),
            "restarts": .int(Int64(core.restarts)), "load_factor": .int(Int64(core.loadFactor)),
            "events": .array(core.events.suffix(50).map { .string("ledger \($0.ledger): \($0.message)") }),
        ])
    }
}

/// Reads ledger numbers leniently (numbers or decimal strings).
enum Lenient32 {
    static func read(_ v: JSONValue) -> UInt32? {
        if let s = v.stringValue { return UInt32(s) }
        return v.uint64Value.flatMap { UInt32(exactly: $0) }
    }
    static func signed(_ v: JSONValue) -> Int64? {
        if let s = v.stringValue { return Int64(s) }
        return v.int64Value
    }
}
