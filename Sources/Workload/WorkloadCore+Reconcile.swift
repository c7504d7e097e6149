import XRPL

/// Restart reconciliation (issue 12): on a state directory whose journal left transactions open,
/// read the server's ledger and every account, look each transaction up, settle it from what the
/// ledger shows, resubmit what is still valid and missing, and only then allocate anything new.
extension WorkloadCore {
    /// Progress of reconciliation (nil when not reconciling): reads answered of reads needed.
    public var reconcileProgress: (done: Int, total: Int)? {
        reconciliation.map { ($0.done, $0.total) }
    }

    /// Begins reconciliation once the validated ledger is known (server_info).
    mutating func beginReconcileReads() -> [EngineAction] {
        guard var r = reconciliation, !r.started, validatedIndex > 0, let restart = config.restart else { return [] }
        if let last = restart.lastLedger, validatedIndex + 2 < last {
            return serverForgot("its validated ledger is \(validatedIndex), the journal saw \(last)")
        }
        r.started = true
        reconciliation = r
        log(.bootstrap, "reconciling \(restart.unsettled.count) unsettled journal transactions and \(r.accounts.count) accounts against ledger \(validatedIndex)")
        var actions: [EngineAction] = []
        for a in accountOrder + [issuerAddress] { actions.append(read(.reconcileAccount(a), account: a)) }
        return actions + moreLookups()
    }

    /// `tx` lookups, at most `Reconciliation.maxOutstanding` at a time.
    mutating func moreLookups() -> [EngineAction] {
        guard var r = reconciliation else { return [] }
        var actions: [EngineAction] = []
        while r.txOutstanding < Reconciliation.maxOutstanding, let hash = r.txLeft.popLast() {
            r.txOutstanding += 1
            actions.append(request(.tx(hash: hash), for: .reconcileTx(hash)))
        }
        reconciliation = r
        return actions
    }

    mutating func reconcileLookedUp(_ hash: String, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard reconciliation != nil else { return [] }
        switch result {
        case .success(.tx(let t)):
            if t.validated, let token = t.finalResult, let code = ResultCode.named(token) {
                reconciliation?.noteLookup(hash, .validated(code, ledger: t.ledgerIndex))
            } else {
                reconciliation?.noteLookup(hash, .known)
            }
        case .failure(let f) where f.token == "txnNotFound":
            reconciliation?.noteLookup(hash, .notFound)
        default:
            // A transient failure: ask again (the answer decides whether a blob is resent).
            reconciliation?.txOutstanding -= 1
            reconciliation?.txLeft.insert(hash, at: 0)
        }
        return moreLookups() + finishReconcileIfDone()
    }

    mutating func reconcileAccountRead(_ a: AccountAddress, _ result: Result<ServerReply, RequestFailure>) -> [EngineAction] {
        guard reconciliation != nil else { return [] }
        switch result {
        case .success(.accountInfo(let info)):
            adopt(a, sequence: info.accountData.sequence)
            updateFromAccountInfo(a, info)
            account(a, .reconcileStarted)
            reconciliation?.noteAccount(a, sequence: info.accountData.sequence)
        case .failure(let f) where f.token == "actNotFound":
            reconciliation?.noteAccount(a, sequence: nil)
        default:
            return [read(.reconcileAccount(a), account: a)]
        }
        return finishReconcileIfDone()
    }

    /// Every read is in (and the funder's Sequence): settle, resubmit, then fund what is missing.
    mutating func finishReconcileIfDone() -> [EngineAction] {
        guard let r = reconciliation, r.complete, funderSequence != nil, let restart = config.restart else { return [] }
        let missing = (accountOrder + [issuerAddress]).filter { r.sequences[$0] == .some(nil) }
        if restart.funded, !missing.isEmpty, !restart.refund {
            return serverForgot("\(missing.count) of \(r.accounts.count) accounts the journal funded are not on the ledger")
        }
        reconciliation = nil
        let verdicts = r.verdicts(validated: validatedIndex)
        var actions: [EngineAction] = []
        var tally: [String: Int] = [:]
        // Released first, so what the verdicts find (a foreign spend) shows on the account.
        for a in accountOrder + [issuerAddress] { account(a, .reconciled) }
        for u in r.entries {
            let e = u.entry
            let account = AccountAddress(e.account)
            guard let verdict = verdicts[e.hash] else { continue }
            if r.sequences[account] == .some(nil) {
                // A funded account the server no longer has (re-funded on --refund): its
                // transactions went with the server's state.
                journal.append(.transition(hash: e.hash, state: .abandoned, result: nil, ledger: validatedIndex, note: "lost with the server's state"))
                tally["lost", default: 0] += 1
                continue
            }
            switch verdict {
            case .validated(let code, let ledger):
                journal.append(.transition(hash: e.hash, state: .validated, result: code.token, ledger: ledger ?? validatedIndex, note: "found validated after a restart"))
                counters.reconciled(.validated)
                tally["validated", default: 0] += 1
            case .expired:
                journal.append(.transition(hash: e.hash, state: .expired, result: nil, ledger: validatedIndex, note: "in no validated ledger; past its LastLedgerSequence"))
                counters.reconciled(.expired)
                tally["expired", default: 0] += 1
            case .sequenceSpent(let foreign):
                let note = foreign ? "its Sequence was spent by a transaction the journal does not know" : "its Sequence went to another journalled transaction"
                journal.append(.transition(hash: e.hash, state: .rejected, result: ResultCode.tefPAST_SEQ.token, ledger: validatedIndex, note: note))
                counters.reconciled(.rejected)
                if foreign {
                    book.chains[account]?.foreignSequences += 1
                    self.account(account, .foreignSpend)
                    log(.foreign, "\(short(account)) seq \(e.sequence) spent by a transaction SeqWatch did not send (found on restart)")
                }
                tally[foreign ? "foreign" : "replaced", default: 0] += 1
            case .pending, .resubmit:
                guard let id = retrack(e) else {
                    tally["unreadable", default: 0] += 1
                    continue
                }
                if verdict == .resubmit {
                    actions += submit(id)
                    tally["resubmitted", default: 0] += 1
                } else {
                    // The server has it: tracked as sent, settled by the ledger like any other.
                    move(id, .submitted)
                    book.txs[id]?.submittedAtLedger = validatedIndex
                    book.txs[id]?.lastSubmitLedger = validatedIndex
                    tally["pending", default: 0] += 1
                }
            case .watchAbandoned:
                book.rememberAbandoned(hash: e.hash, sequence: e.sequence, lastLedger: e.lastLedgerSequence)
                tally["still abandoned", default: 0] += 1
            }
        }
        let summary = tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        log(.bootstrap, "reconciled \(r.entries.count) journal transactions\(summary.isEmpty ? "" : ": " + summary)")
        if !missing.isEmpty {
            if restart.funded { log(.reset, "re-funding \(missing.count) accounts the server no longer has (--refund)") }
            return actions + beginFunding(missing)
        }
        return actions + beginDiscovery()
    }

    /// Tracks a journalled blob again at its Sequence (the chain's cache moves past it).
    mutating func retrack(_ e: JournalEntry) -> TrackedTransaction.ID? {
        let account = AccountAddress(e.account)
        guard let body = try? Transaction(blob: e.blob).body,
            let (id, _) = book.track(
                account: account, sequence: e.sequence, body: body, fee: e.fee, lastLedgerSequence: e.lastLedgerSequence,
                blob: e.blob, hash: e.hash, injected: false)
        else { return nil }
        if let next = book.chains[account]?.nextSequence, next <= e.sequence { book.chains[account]?.nextSequence = e.sequence + 1 }
        return id
    }

    /// The server is not the ledger the journal knew: stop and say so, unless `--refund`.
    mutating func serverForgot(_ why: String) -> [EngineAction] {
        guard config.restart?.refund == true else {
            fatal = "the server lost its state (\(why)); start with --refund to fund the accounts again, or give another --state-dir"
            return []
        }
        if config.restart?.ledgerStartsOver == true {
            log(.bootstrap, "the embedded simulator starts a new ledger every run (\(why)): funding the accounts again")
        } else {
            log(.reset, "the server lost its state (\(why)); re-funding (--refund)")
        }
        reconciliation = nil
        for u in config.restart?.unsettled ?? [] {
            journal.append(.transition(hash: u.entry.hash, state: .abandoned, result: nil, ledger: validatedIndex, note: "lost with the server's state"))
        }
        config.restart = nil
        phase = .starting
        return maybeBeginFunding()
    }
}
