import XRPL

/// gateway_balances, noripple_check and deposit_authorized.
extension SimReads {
    /// rippled's `doGatewayBalances` (GatewayBalances.cpp): each line of the account, seen from
    /// the account, goes to `balances` (a hot wallet's), `assets` (the account holds the
    /// peer's IOUs), `frozen_balances` (an obligation the account froze on its side) or
    /// `obligations` (summed per currency). Every line of one account is walked; that is
    /// bounded by the account's lines and runs off the actor.
    static func gatewayBalances(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        let me: AccountEntry
        switch existingAccount(params, s) {
        case .failure(let e): return .failure(e)
        case .success(let a): me = a
        }
        var hot = Set<String>()
        if let h = params["hotwallet"] {
            let list = h.arrayValue ?? [h]
            guard list.count <= 400 else { return .failure(invalidHotWallet) }
            for item in list {
                guard let a = item.stringValue, a.utf8.count <= 64, AddressCodec.isValidClassicAddress(a) else {
                    return .failure(invalidHotWallet)
                }
                hot.insert(a)
            }
        }
        var sums: [String: IssuedValue] = [:]
        var hotBalances: [String: [JSONValue]] = [:]
        var assets: [String: [JSONValue]] = [:]
        var frozen: [String: [JSONValue]] = [:]
        for line in s.state.lines(of: me.address) {
            let peer = line.low == me.address ? line.high : line.low
            let balance = line.holding(of: me.address)
            let currency = line.currency.description
            func entry(_ v: IssuedValue) -> JSONValue { .object(["currency": .string(currency), "value": .string(v.description)]) }
            if hot.contains(peer) {
                hotBalances[peer, default: []].append(entry(balance.negated))
            } else if balance.signum > 0 {
                assets[peer, default: []].append(entry(balance))
            } else if line.has(.freeze, on: me.address) {
                frozen[peer, default: []].append(entry(balance.negated))
            } else {
                // An overflowing sum stays at its last value, as rippled keeps the largest.
                let sum = (try? (sums[currency] ?? .zero) + balance.negated) ?? sums[currency] ?? .zero
                sums[currency] = sum
            }
        }
        var out: [String: JSONValue] = ["account": .string(me.address)]
        if !sums.isEmpty { out["obligations"] = .object(sums.mapValues { .string($0.description) }) }
        if !hotBalances.isEmpty { out["balances"] = .object(hotBalances.mapValues(JSONValue.array)) }
        if !assets.isEmpty { out["assets"] = .object(assets.mapValues(JSONValue.array)) }
        if !frozen.isEmpty { out["frozen_balances"] = .object(frozen.mapValues(JSONValue.array)) }
        return s.reply(out)
    }

    static let invalidHotWallet = RPCError(token: "invalidHotWallet", code: 30, message: "Invalid hotwallet.")

    static let tfSetNoRipple: UInt32 = 0x0002_0000
    static let tfClearNoRipple: UInt32 = 0x0004_0000

    /// rippled's `doNoRippleCheck` (NoRippleCheck.cpp): a gateway should clear NoRipple on its
    /// side of every line, a user set it; each problem comes with the TrustSet that fixes it,
    /// and only lines needing a fix count toward `limit`.
    static func noRippleCheck(_ params: Params, apiVersion: Int, _ s: LedgerSnapshot) -> Reply {
        guard params["account"] != nil else { return .failure(RPCParams.missing("account")) }
        guard let role = params["role"] else { return .failure(RPCParams.missing("role")) }
        guard params["account"]?.stringValue != nil else { return .failure(RPCParams.invalid("account")) }
        let gateway: Bool
        switch role.stringValue {
        case "gateway": gateway = true
        case "user": gateway = false
        default: return .failure(RPCParams.invalid("role"))
        }
        let limit: Int
        switch RPCParams.limit(params, .noRippleCheck) {
        case .failure(let e): return .failure(e)
        case .success(let l): limit = l
        }
        // API v2 refuses a non-boolean `transactions`; v1 reads it as rippled's asBool does.
        if apiVersion > 1, let t = params["transactions"], t.boolValue == nil { return .failure(RPCParams.invalid("transactions")) }
        let wantsTxs = params["transactions"].map(looseBool) ?? false
        let me: AccountEntry
        switch existingAccount(params, s) {
        case .failure(let e): return .failure(e)
        case .success(let a): me = a
        }
        var seq = me.sequence
        var problems: [JSONValue] = []
        var txs: [JSONValue] = []
        func fill(_ tx: [String: JSONValue]) {
            var tx = tx
            tx["Sequence"] = .int(Int64(seq))
            tx["Account"] = .string(me.address)
            tx["Fee"] = .int(Int64(clamping: s.loadScaledFee))
            seq &+= 1
            txs.append(.object(tx))
        }
        let defaultRipple = me.flags & AccountRootFlag.defaultRipple != 0
        if defaultRipple, !gateway {
            problems.append(
                "You appear to have set your default ripple flag even though you are not a gateway. This is not recommended unless you are experimenting")
        } else if gateway, !defaultRipple {
            problems.append("You should immediately set your default ripple flag")
            fill(["TransactionType": "AccountSet", "SetFlag": 8])
        }
        var found = 0
        s.state.walkOwned(me.address, after: nil) { o in
            guard found < limit else { return false }
            guard case .line(let key) = o.key, let line = s.state.lines[key] else { return true }
            let noRipple = line.has(.noRipple, on: me.address)
            guard noRipple == gateway else { return true }
            found += 1
            let peer = line.low == me.address ? line.high : line.low
            let advice = gateway ? "You should clear the no ripple flag on your" : "You should probably set the no ripple flag on your"
            problems.append(.string("\(advice) \(line.currency) line to \(peer)"))
            let limitAmount: JSONValue = [
                "currency": .string(line.currency.description), "issuer": .string(peer),
                "value": .string(line.limit(of: me.address).description),
            ]
            fill(["TransactionType": "TrustSet", "LimitAmount": limitAmount, "Flags": .int(Int64(noRipple ? tfClearNoRipple : tfSetNoRipple))])
            return true
        }
        var out: [String: JSONValue] = ["problems": .array(problems)]
        if wantsTxs { out["transactions"] = .array(txs) }
        return s.reply(out)
    }

    /// Json::Value::asBool: numbers are true when non-zero, strings when non-empty.
    static func looseBool(_ v: JSONValue) -> Bool {
        switch v {
        case .bool(let b): b
        case .int(let i): i != 0
        case .uint(let u): u != 0
        case .double(let d): d != 0
        case .string(let t): !t.isEmpty
        case .null: false
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        }
    }

    /// rippled's `doDepositAuthorized` (DepositAuthorized.cpp), without credentials or
    /// DepositPreauth objects (neither modelled): authorised when sending to oneself or when
    /// the destination has not set DepositAuth.
    static func depositAuthorized(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        let source: String
        switch RPCParams.account(params, "source_account") {
        case .failure(let e): return .failure(e.kind == .invalidParams && params["source_account"] != nil ? RPCParams.expected("source_account", "string") : e)
        case .success(let a): source = a
        }
        let destination: String
        switch RPCParams.account(params, "destination_account") {
        case .failure(let e):
            return .failure(e.kind == .invalidParams && params["destination_account"] != nil ? RPCParams.expected("destination_account", "string") : e)
        case .success(let a): destination = a
        }
        if params["credentials"] != nil {
            return .failure(RPCError(.invalidParams, message: "Credentials are not modelled by the simulator."))
        }
        guard s.state.account(source) != nil else {
            return .failure(RPCError(token: "srcActNotFound", code: 67, message: "Source account not found."))
        }
        guard let dest = s.state.account(destination) else {
            return .failure(RPCError(token: "dstActNotFound", code: 50, message: "Destination account not found."))
        }
        let authorized = source == destination || dest.flags & AccountRootFlag.depositAuth == 0
        return s.reply([
            "source_account": .string(source), "destination_account": .string(destination), "deposit_authorized": .bool(authorized),
        ])
    }
}
