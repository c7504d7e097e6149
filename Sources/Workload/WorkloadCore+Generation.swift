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
        if let reason = otherServer(validated: info.validatedLedger?.seq, networkID: info.networkID) {
            return serverLost(reason, newIndex: info.validatedLedger?.seq)
        }
        if let seq = info.validatedLedger?.seq, validatedIndex == 0 { validatedIndex = seq }
        if phase == .reconciling { return beginReconcileReads() }
        return phase == .starting ? maybeBeginFunding() : []
    }

    /// Funding starts once both the funder's Sequence and the validated ledger are known.
    mutating func maybeBeginFunding() -> [EngineAction] {
        guard phase == .starting, funderSequence != nil, validatedIndex > 0 else { return [] }
        return beginFunding()
    }

    /// A chain for an account read from the ledger: new, or re-bootstrapped after a reset.
    mutating func adopt(_ address: AccountAddress, sequence: UInt32) {
        guard var chain = book.chains[address] else {
            var chain = SequenceChain(address: address, nextSequence: sequence, ledger: validatedIndex)
            chain.ledgerCurrent = sequence
            book.chains[address] = chain
            return
        }
        chain.nextSequence = sequence
        chain.ledgerCurrent = sequence
        chain.lastProgressLedger = validatedIndex
        book.chains[address] = chain
        account(address, .rebootstrapped)
    }

    /// Funds `accounts` (all of them on a first run; after a restart, those the ledger lacks).
    mutating func beginFunding(_ accounts: [AccountAddress]? = nil) -> [EngineAction] {
        phase = .funding
        fundingLeft = accounts ?? ([issuerAddress] + accountOrder)
        fundingTotal = fundingLeft.count
        fundingFrom = book.chains[funderAddress]?.ledgerValidated ?? funderSequence
        log(.bootstrap, "funding \(fundingLeft.count) accounts from \(short(funderAddress))")
        return fundMore()
    }

    /// Funding payments validated (the funder's Sequence moved past them), of those to send.
    var fundingProgress: (done: Int, total: Int)? {
        guard let from = fundingFrom, let now = book.chains[funderAddress]?.ledgerValidated else { return nil }
        return (min(fundingTotal, Int(now &- from)), fundingTotal)
    }

    mutating func fundMore() -> [EngineAction] {
        var actions: [EngineAction] = []
        while !fundingLeft.isEmpty, canAllocate(funderAddress) {
            let address = fundingLeft.removeFirst()
            actions += send(.payment(destination: address.text, amount: .drops(config.fundingDrops)), from: funderAddress)
        }
        if fundingLeft.isEmpty, book.chains[funderAddress]?.live.isEmpty == true {
            actions += beginDiscovery()
        }
        return actions
    }

    mutating func beginDiscovery() -> [EngineAction] {
        phase = .discovering
        discoverLeft = [issuerAddress] + accountOrder
        log(.bootstrap, "reading \(discoverLeft.count) accounts")
        return discoverLeft.map { read(.discover($0), account: $0, queue: false) }
    }

    mutating func discovered(_ address: AccountAddress, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard case .success(.accountInfo(let r)) = result else {
            // Not on the ledger while nothing the funder sent is still in flight: its funding
            // payment will never apply (a tel* refusal the funder's heal replaced with a no-op).
            // Fund it again, at most once every three ledgers.
            if case .failure(let f) = result, f.token == "actNotFound", phase == .discovering,
               book.chains[funderAddress]?.live.isEmpty == true,
               refundedAt[address].map({ validatedIndex >= $0 + 3 }) ?? true
            {
                refundedAt[address] = validatedIndex
                log(.bootstrap, "\(short(address)) is not on the ledger and no funding payment for it is in flight: funding it again")
                return send(.payment(destination: address.text, amount: .drops(config.fundingDrops)), from: funderAddress)
                    + [read(.discover(address), account: address, queue: false)]
            }
            // Not funded yet (a funding payment that has not validated): ask again.
            return [read(.discover(address), account: address, queue: false)]
        }
        if book.chains[address] == nil || book.chains[address]?.status == .reset {
            adopt(address, sequence: r.accountData.sequence)
        }
        discoverLeft.removeAll { $0 == address }
        if discoverLeft.isEmpty, phase == .discovering {
            phase = .running
            generator.begin()
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
            let address = generator.nextAccount()
            tried += 1
            guard canAllocate(address) else { continue }
            tried = 0
            actions += send(generator.nextBody(for: address, ledgerTime: ledgerTime), from: address)
            made += 1
            // The issuer's side of issued payments rides along.
            if made < count, let payment = generator.issuerPayment(to: address), canAllocate(issuerAddress) {
                actions += send(payment, from: issuerAddress)
                made += 1
            }
        }
        if generator.buildFailures > loggedBuildFailures {
            loggedBuildFailures = generator.buildFailures
            log(.error, "cannot build an issued amount \(generator.lastBuildFailure ?? "?"); transaction skipped (\(loggedBuildFailures) so far)")
        }
        return actions
    }
}

