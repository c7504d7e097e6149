import XRPL

/// Bootstrap (fund, discover) and the continuous transaction mix.
extension WorkloadCore {
    // MARK: bootstrap

    /// server_info answered: the validated ledger every LastLedgerSequence is based on, and the
    /// network (a different one than before means a different server).
    mutating func serverInfoRead(_ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard case .success(.serverInfo(let info)) = result else {
            log(.read, "server_info failed: \(failureText(result))")
            return []
        }
        if let n = info.networkID {
            if let known = networkID, known != n, phase != .starting {
                networkID = n
                return serverLost("the network id changed from \(known) to \(n)", newIndex: info.validatedLedger?.seq)
            }
            networkID = n
        }
        if let seq = info.validatedLedger?.seq {
            if seq + 2 < validatedIndex, phase != .starting {
                return serverLost("the validated ledger went back from \(validatedIndex) to \(seq)", newIndex: seq)
            }
            if validatedIndex == 0 { validatedIndex = seq }
        }
        return phase == .starting ? maybeBeginFunding() : []
    }

    /// Funding starts once both the funder's Sequence and the validated ledger are known.
    mutating func maybeBeginFunding() -> [EngineAction] {
        guard phase == .starting, funderSequence != nil, validatedIndex > 0 else { return [] }
        return beginFunding()
    }

    /// A chain for an account read from the ledger: new, or re-bootstrapped after a reset.
    mutating func adopt(_ address: String, sequence: UInt32) {
        guard var chain = chains[address] else {
            var chain = SequenceChain(address: address, nextSequence: sequence, ledger: validatedIndex)
            chain.ledgerCurrent = sequence
            chains[address] = chain
            return
        }
        chain.nextSequence = sequence
        chain.ledgerCurrent = sequence
        chain.lastProgressLedger = validatedIndex
        chains[address] = chain
        account(address, .rebootstrapped)
    }

    mutating func beginFunding() -> [EngineAction] {
        phase = .funding
        fundingLeft = [issuer.address] + accountOrder
        log(.bootstrap, "funding \(fundingLeft.count) accounts from \(short(funder.address))")
        return fundMore()
    }

    mutating func fundMore() -> [EngineAction] {
        var actions: [EngineAction] = []
        while !fundingLeft.isEmpty, canAllocate(funder.address) {
            let address = fundingLeft.removeFirst()
            actions += send(.payment(destination: address, amount: .drops(config.fundingDrops)), from: funder.address)
        }
        if fundingLeft.isEmpty, chains[funder.address]?.live.isEmpty == true {
            actions += beginDiscovery()
        }
        return actions
    }

    mutating func beginDiscovery() -> [EngineAction] {
        phase = .discovering
        discoverLeft = [issuer.address] + accountOrder
        log(.bootstrap, "reading \(discoverLeft.count) accounts")
        return discoverLeft.map { read(.discover($0), account: $0, queue: false) }
    }

    mutating func discovered(_ address: String, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard case .success(.accountInfo(let r)) = result else {
            // Not funded yet (a funding payment that has not validated): ask again.
            return [read(.discover(address), account: address, queue: false)]
        }
        if chains[address] == nil || chains[address]?.status == .reset {
            adopt(address, sequence: r.accountData.sequence)
        }
        discoverLeft.removeAll { $0 == address }
        if discoverLeft.isEmpty, phase == .discovering {
            phase = .running
            for a in accountOrder { initTrustSetsLeft[a] = config.initTrustLines }
            log(.bootstrap, "running: \(accountOrder.count) accounts, \(config.initTrustLines) TrustSets each in the init burst")
        }
        return []
    }

    // MARK: generation

    /// Up to `count` new transactions, round-robin over the accounts that may take one.
    mutating func generate(count: Int) -> [EngineAction] {
        var actions: [EngineAction] = []
        var made = 0
        var tried = 0
        let n = accountOrder.count
        while made < count, tried < n {
            let address = accountOrder[roundRobin % n]
            roundRobin &+= 1
            tried += 1
            guard canAllocate(address) else { continue }
            tried = 0
            actions += send(nextBody(for: address), from: address)
            made += 1
            // The issuer's side of issued payments rides along.
            if made < count, !issuedFunded.contains(address) || rng.below(100) < config.mix.issuedPayment / 3,
                initTrustSetsLeft[address] == 0, canAllocate(issuer.address), let line = trustLines[address]?.sorted().first,
                let amount = issued("1", line)
            {
                actions += send(.payment(destination: address, amount: amount), from: issuer.address)
                made += 1
            }
        }
        return actions
    }

    /// The next transaction for an account: its init TrustSets first, then the weighted mix.
    mutating func nextBody(for address: String) -> TransactionBody {
        if let left = initTrustSetsLeft[address], left > 0 {
            initTrustSetsLeft[address] = left - 1
            let currency = WorkloadConfig.currencies[(config.initTrustLines - left) % WorkloadConfig.currencies.count]
            trustLines[address, default: []].insert(currency)
            return trustSet(currency, limit: "1000000")
        }
        let mix = config.mix
        var pick = rng.below(max(1, mix.total))
        if pick < mix.xrpPayment {
            let others = accountOrder.count
            let i = accountIndex[address] ?? 0
            let dest = accountOrder[(i + 1 + rng.below(max(1, others - 1))) % others]
            if dest != address { return .payment(destination: dest, amount: .drops(1_000 + UInt64(rng.below(1_000)))) }
            return .noOp
        }
        pick -= mix.xrpPayment
        if pick < mix.issuedPayment {
            // Holder to holder through the issuer, when both hold the currency.
            // A few random picks, not a scan: O(1) per transaction at 20,000 accounts.
            if issuedFunded.contains(address), let currency = trustLines[address]?.sorted().first {
                for _ in 0..<4 {
                    let dest = accountOrder[rng.below(accountOrder.count)]
                    if dest != address, trustLines[dest]?.contains(currency) == true, let amount = issued("0.01", currency) {
                        return .payment(destination: dest, amount: amount)
                    }
                }
            }
            return .noOp
        }
        pick -= mix.issuedPayment
        if pick < mix.accountSet { return .noOp }
        pick -= mix.accountSet
        if pick < mix.trustSet {
            let currency = trustLines[address]?.sorted().first ?? WorkloadConfig.currencies[0]
            trustLines[address, default: []].insert(currency)
            return trustSet(currency, limit: String(1_000_000 + rng.below(1_000)))
        }
        pick -= mix.trustSet
        if pick < mix.offer {
            // Cancel only offers whose create validated; never more than two open per account.
            if var list = offers[address], list.count >= 2 {
                let seq = list.removeFirst()
                offers[address] = list
                return .offerCancel(offerSequence: seq)
            }
            if (offers[address]?.count ?? 0) + (offerCreatesInFlight[address] ?? 0) < 2, let pays = issued("1", "USD") {
                offerCreatesInFlight[address, default: 0] += 1
                return .offerCreate(takerPays: pays, takerGets: .drops(1_000_000 + UInt64(rng.below(1000))))
            }
        }
        do {
            // EscrowCreate now; EscrowFinish from the same account once the create has validated
            // (a create refused and filled with a no-op has nothing to finish) and FinishAfter
            // has passed.
            if let ready = escrows[address]?.firstIndex(where: { $0.finishAfter + 1 < ledgerTime }) {
                let e = escrows[address]!.remove(at: ready)
                return .escrowFinish(owner: address, offerSequence: e.seq)
            }
            if (escrows[address]?.count ?? 0) + (escrowCreatesInFlight[address] ?? 0) < 2, ledgerTime > 0 {
                escrowCreatesInFlight[address, default: 0] += 1
                return .escrowCreate(destination: address, amount: .drops(10_000), finishAfter: ledgerTime + 5, cancelAfter: ledgerTime + 3_600)
            }
        }
        return .noOp
    }

    func trustSet(_ currency: String, limit: String) -> TransactionBody {
        // The currencies and limits are the engine's own constants; one that fails to build is a
        // defect, reported by `issued` — here the TrustSet degrades to a no-op, never to XRP.
        guard let amount = issuedAmount(limit, currency) else { return .noOp }
        return .trustSet(limit: amount)
    }

    /// An issued amount of the workload's issuer, or nil (counted and logged) if it cannot be
    /// built: never silently XRP.
    mutating func issued(_ value: String, _ currency: String) -> Amount? {
        if let a = issuedAmount(value, currency) { return a }
        buildFailures += 1
        log(.error, "cannot build an issued amount \(value) \(currency); transaction skipped")
        return nil
    }

    func issuedAmount(_ value: String, _ currency: String) -> Amount? {
        guard let v = try? IssuedValue(parsing: value), let c = try? CurrencyCode(currency), c != .xrp else { return nil }
        return .issued(value: v, currency: c, issuer: issuer.address)
    }

    /// When a create becomes final, its follow-ups become possible (or never will).
    mutating func followUps(of t: TrackedTransaction) {
        let ok = t.state == .validated && t.lastResult == .tesSUCCESS
        switch t.body {
        case .escrowCreate(_, _, let finishAfter, _, _, _):
            escrowCreatesInFlight[t.account, default: 1] -= 1
            if ok, let finishAfter { escrows[t.account, default: []].append((t.sequence, finishAfter)) }
        case .offerCreate:
            offerCreatesInFlight[t.account, default: 1] -= 1
            if ok { offers[t.account, default: []].append(t.sequence) }
        default:
            break
        }
    }
}
