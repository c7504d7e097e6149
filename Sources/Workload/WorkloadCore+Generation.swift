import XRPL

/// Bootstrap (fund, discover) and the continuous transaction mix.
extension WorkloadCore {
    // MARK: bootstrap

    mutating func beginFunding() -> [EngineAction] {
        phase = .funding
        fundingLeft = [issuer.address] + accountOrder
        log("bootstrap", "funding \(fundingLeft.count) accounts from \(short(funder.address))")
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
        log("bootstrap", "reading \(discoverLeft.count) accounts")
        return discoverLeft.map { read(.discover($0), account: $0, queue: false) }
    }

    mutating func discovered(_ address: String, _ result: Result<JSONValue, RequestFailure>) -> [EngineAction] {
        guard case .success(let r) = result, let seq = r["account_data"]?["Sequence"]?.intValue else {
            // Not funded yet (a funding payment that has not validated): ask again.
            return [read(.discover(address), account: address, queue: false)]
        }
        if chains[address] == nil {
            var chain = SequenceChain(address: address, nextSequence: UInt32(seq))
            chain.ledgerCurrent = UInt32(seq)
            chains[address] = chain
        }
        discoverLeft.removeAll { $0 == address }
        if discoverLeft.isEmpty, phase == .discovering {
            phase = .running
            for a in accountOrder { initTrustSetsLeft[a] = config.initTrustLines }
            log("bootstrap", "running: \(accountOrder.count) accounts, \(config.initTrustLines) TrustSets each in the init burst")
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
                initTrustSetsLeft[address] == 0, canAllocate(issuer.address), let line = trustLines[address]?.sorted().first
            {
                let amount = Amount.issued(value: (try? IssuedValue(parsing: "1")) ?? .zero, currency: (try? CurrencyCode(line)) ?? .xrp, issuer: issuer.address)
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
        let autofill = strategy.readsBeforeSigning
        let nextSeq = chains[address]?.nextSequence ?? 0
        if pick < mix.xrpPayment {
            let others = accountOrder.count
            let i = accountOrder.firstIndex(of: address) ?? 0
            let dest = accountOrder[(i + 1 + rng.below(max(1, others - 1))) % others]
            if dest != address { return .payment(destination: dest, amount: .drops(1_000 + UInt64(rng.below(1_000)))) }
            return .noOp
        }
        pick -= mix.xrpPayment
        if pick < mix.issuedPayment {
            // Holder to holder through the issuer, when both hold the currency.
            if issuedFunded.contains(address), let currency = trustLines[address]?.sorted().first,
                let dest = accountOrder.first(where: { $0 != address && trustLines[$0]?.contains(currency) == true })
            {
                let amount = Amount.issued(value: (try? IssuedValue(parsing: "0.01")) ?? .zero, currency: (try? CurrencyCode(currency)) ?? .xrp, issuer: issuer.address)
                return .payment(destination: dest, amount: amount)
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
        if pick < mix.offer, !autofill {
            if var list = offers[address], list.count >= 2 {
                let seq = list.removeFirst()
                offers[address] = list
                return .offerCancel(offerSequence: seq)
            }
            offers[address, default: []].append(nextSeq)
            let pays = Amount.issued(value: (try? IssuedValue(parsing: "1")) ?? .zero, currency: (try? CurrencyCode("USD")) ?? .xrp, issuer: issuer.address)
            return .offerCreate(takerPays: pays, takerGets: .drops(1_000_000 + UInt64(rng.below(1000))))
        }
        if !autofill {
            // EscrowCreate now, EscrowFinish from the same account once FinishAfter has passed.
            if let ready = escrows[address]?.firstIndex(where: { $0.finishAfter + 1 < ledgerTime }) {
                let e = escrows[address]!.remove(at: ready)
                return .escrowFinish(owner: address, offerSequence: e.seq)
            }
            if (escrows[address]?.count ?? 0) < 2, ledgerTime > 0 {
                let finish = ledgerTime + 5
                escrows[address, default: []].append((nextSeq, finish))
                return .escrowCreate(destination: address, amount: .drops(10_000), finishAfter: finish, cancelAfter: ledgerTime + 3_600)
            }
        }
        return .noOp
    }

    func trustSet(_ currency: String, limit: String) -> TransactionBody {
        .trustSet(limit: .issued(value: (try? IssuedValue(parsing: limit)) ?? .zero, currency: (try? CurrencyCode(currency)) ?? .xrp, issuer: issuer.address))
    }
}
