import XRPL

/// What the workload sends next, and the state that decides it: the weighted mix, each
/// account's init TrustSets, its trust lines, and the creates whose follow-ups (OfferCancel,
/// EscrowFinish) wait for them to validate. Its own type, apart from the sequence bookkeeping:
/// it chooses bodies; the core allocates sequences, signs and tracks.
struct TransactionGenerator: Sendable {
    let mix: TransactionMix
    let initTrustLines: Int
    let accountOrder: [AccountAddress]
    /// Position of each workload account in `accountOrder`.
    let accountIndex: [AccountAddress: Int]
    let issuer: String

    var rng: WorkloadRandom
    var roundRobin = 0
    var initTrustSetsLeft: [AccountAddress: Int] = [:]
    var trustLines: [AccountAddress: Set<String>] = [:]
    /// Offers and escrows whose create validated, per account.
    var offers: [AccountAddress: [UInt32]] = [:]
    var escrows: [AccountAddress: [(seq: UInt32, finishAfter: UInt32)]] = [:]
    /// Creates not yet final, per account.
    var escrowCreatesInFlight: [AccountAddress: Int] = [:]
    var offerCreatesInFlight: [AccountAddress: Int] = [:]
    /// Accounts the issuer has paid (so holder-to-holder issued payments can flow).
    var issuedFunded: Set<AccountAddress> = []
    private(set) var buildFailures = 0
    private(set) var lastBuildFailure: String?

    init(config: WorkloadConfig, accountOrder: [AccountAddress], issuer: String) {
        mix = config.mix
        initTrustLines = config.initTrustLines
        self.accountOrder = accountOrder
        accountIndex = Dictionary(uniqueKeysWithValues: accountOrder.enumerated().map { ($1, $0) })
        self.issuer = issuer
        rng = WorkloadRandom(seed: config.seed)
    }

    /// The running phase begins: every account owes its init burst.
    mutating func begin() {
        for a in accountOrder { initTrustSetsLeft[a] = initTrustLines }
    }

    /// A new server: nothing the old one held (lines, offers, escrows) exists there.
    mutating func forgetLedgerState() {
        initTrustSetsLeft = [:]
        trustLines = [:]
        offers = [:]
        escrows = [:]
        escrowCreatesInFlight = [:]
        offerCreatesInFlight = [:]
        issuedFunded = []
    }

    /// The next account in round-robin order.
    mutating func nextAccount() -> AccountAddress {
        let a = accountOrder[roundRobin % accountOrder.count]
        roundRobin &+= 1
        return a
    }

    /// The issuer's side of issued payments, riding along with `address`'s transaction: until
    /// the account holds some, then now and then.
    mutating func issuerPayment(to address: AccountAddress) -> TransactionBody? {
        guard !issuedFunded.contains(address) || rng.below(100) < mix.issuedPayment / 3,
            initTrustSetsLeft[address] == 0, let line = trustLines[address]?.sorted().first, let amount = issued("1", line)
        else { return nil }
        return .payment(destination: address.text, amount: amount)
    }

    mutating func noteIssuedPaymentValidated(to address: AccountAddress) { issuedFunded.insert(address) }

    /// The next transaction for an account: its init TrustSets first, then the weighted mix.
    mutating func nextBody(for address: AccountAddress, ledgerTime: UInt32) -> TransactionBody {
        if let left = initTrustSetsLeft[address], left > 0 {
            initTrustSetsLeft[address] = left - 1
            let currency = WorkloadConfig.currencies[(initTrustLines - left) % WorkloadConfig.currencies.count]
            trustLines[address, default: []].insert(currency)
            return trustSet(currency, limit: "1000000")
        }
        let mix = self.mix
        var pick = rng.below(max(1, mix.total))
        if pick < mix.xrpPayment {
            let others = accountOrder.count
            let i = accountIndex[address] ?? 0
            let dest = accountOrder[(i + 1 + rng.below(max(1, others - 1))) % others]
            if dest != address { return .payment(destination: dest.text, amount: .drops(1_000 + UInt64(rng.below(1_000)))) }
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
                        return .payment(destination: dest.text, amount: amount)
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
                return .escrowFinish(owner: address.text, offerSequence: e.seq)
            }
            if (escrows[address]?.count ?? 0) + (escrowCreatesInFlight[address] ?? 0) < 2, ledgerTime > 0 {
                escrowCreatesInFlight[address, default: 0] += 1
                return .escrowCreate(destination: address.text, amount: .drops(10_000), finishAfter: ledgerTime + 5, cancelAfter: ledgerTime + 3_600)
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

    /// An issued amount of the workload's issuer, or nil (counted, and logged by the core) if
    /// it cannot be built: never silently XRP.
    mutating func issued(_ value: String, _ currency: String) -> Amount? {
        if let a = issuedAmount(value, currency) { return a }
        buildFailures += 1
        lastBuildFailure = "\(value) \(currency)"
        return nil
    }

    func issuedAmount(_ value: String, _ currency: String) -> Amount? {
        guard let v = try? IssuedValue(parsing: value), let c = try? CurrencyCode(currency), c != .xrp else { return nil }
        return .issued(value: v, currency: c, issuer: issuer)
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
