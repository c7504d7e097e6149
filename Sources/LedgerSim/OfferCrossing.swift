import XRPL

/// An OfferCreate crossing the opposite side of its own book, after rippled's `CreateOffer`
/// with `flowCross` over one BookStep: direct books only (XRP/IOU and IOU/IOU, no
/// auto-bridging through XRP, no paths, no transfer rates). Offers are taken best quality
/// first, oldest first within a quality, while their quality is no worse than the taker's;
/// expired and unfunded offers met on the way are removed, as `OfferStream` removes them.
///
/// The crossing is first planned without writing (so a fill-or-kill that cannot fill changes
/// nothing, as rippled discards its sandbox), then applied.
struct OfferCrossing {
    /// rippled's flow step limit on offers one crossing may consume (`maxOffersToConsume`).
    static let maxOffersVisited = 1000

    struct Fill {
        let offer: Offer
        /// Of the offer's TakerGets asset: what the taker receives.
        let take: IssuedValue
        /// Of the offer's TakerPays asset: what the taker pays.
        let pay: IssuedValue
    }

    /// What the planner found: fills in order, offers to remove (expired or unfunded), and the
    /// totals the taker receives and pays.
    struct Plan {
        var fills: [Fill] = []
        var stale: [Offer] = []
        var received: IssuedValue = .zero
        var paid: IssuedValue = .zero
        var crossed: Bool { !fills.isEmpty }
    }

    let taker: String
    /// What the taker wants (the transaction's TakerPays) and gives (its TakerGets).
    let wants: Amount
    let gives: Amount
    let sell: Bool
    /// tfPassive: only strictly better offers cross, never one at the taker's own quality.
    let passive: Bool

    func plan(state: LedgerState, config: SimConfig, parentCloseTime: UInt32) -> Plan {
        var plan = Plan()
        guard let wantsAsset = BookAsset(wants), let givesAsset = BookAsset(gives),
            let limitQuality = BookQuality.rate(pays: gives, gets: wants)
        else { return plan }
        var remainingWants = Self.value(wants)
        var remainingGives = min(Self.value(gives), Self.funds(of: taker, in: gives, state: state, config: config))
        var ownerFunds: [String: IssuedValue] = [:]
        state.walkOffers(in: Book(pays: givesAsset, gets: wantsAsset), upTo: limitQuality, limit: Self.maxOffersVisited) { offer, quality in
            guard !passive || quality < limitQuality, remainingGives.signum > 0, sell || remainingWants.signum > 0 else { return false }
            // The taker's own offers are left alone (rippled never lets a taker cross itself for profit).
            if offer.owner == taker { return true }
            if let e = offer.expiration, e <= parentCloseTime {
                plan.stale.append(offer)
                return true
            }
            let funds = ownerFunds[offer.owner] ?? Self.funds(of: offer.owner, in: offer.takerGets, state: state, config: config)
            if funds.signum <= 0 {
                plan.stale.append(offer)
                return true
            }
            let offerGets = Self.value(offer.takerGets)
            let offerPays = Self.value(offer.takerPays)
            let rate = BookQuality.value(quality)
            // What the offer can give now: its size or its owner's funds.
            var take = min(offerGets, funds)
            var pay = take == offerGets ? offerPays : Self.round(Self.multiply(take, rate), like: offer.takerPays, up: true)
            if !sell, remainingWants < take {
                take = remainingWants
                pay = Self.round(Self.multiply(take, rate), like: offer.takerPays, up: true)
            }
            if remainingGives < pay {
                pay = remainingGives
                take = Self.round(Self.divide(pay, rate), like: offer.takerGets, up: false)
            }
            guard take.signum > 0, pay.signum > 0 else { return false }
            plan.fills.append(Fill(offer: offer, take: take, pay: pay))
            ownerFunds[offer.owner] = (try? funds - take) ?? .zero
            plan.received = (try? plan.received + take) ?? plan.received
            plan.paid = (try? plan.paid + pay) ?? plan.paid
            remainingGives = (try? remainingGives - pay) ?? .zero
            if !sell { remainingWants = (try? remainingWants - take) ?? .zero }
            return true
        }
        return plan
    }

    /// Whether the plan fills the whole offer (tfSell: gives everything; else: gets everything).
    func fills(_ plan: Plan) -> Bool {
        sell ? !(plan.paid < Self.value(gives)) : !(plan.received < Self.value(wants))
    }

    /// The part of the offer still to place, at the offer's own rate (flowCross's `afterCross`):
    /// nil when nothing worth placing is left.
    func remainder(after plan: Plan) -> (wants: Amount, gives: Amount)? {
        guard plan.crossed else { return (wants, gives) }
        let rate = Self.divide(Self.value(gives), Self.value(wants))
        let restWants: IssuedValue
        let restGives: IssuedValue
        if sell {
            guard let g = try? Self.value(gives) - plan.paid, g.signum > 0 else { return nil }
            restGives = g
            restWants = Self.round(Self.divide(g, rate), like: wants, up: false)
        } else {
            guard let w = try? Self.value(wants) - plan.received, w.signum > 0 else { return nil }
            restWants = w
            restGives = Self.round(Self.multiply(w, rate), like: gives, up: true)
        }
        guard restWants.signum > 0, restGives.signum > 0 else { return nil }
        return (Self.amount(restWants, like: wants), Self.amount(restGives, like: gives))
    }

    /// Writes the plan: stale offers removed, each fill's two transfers, consumed offers
    /// deleted and partly consumed ones reduced in place.
    func apply(_ plan: Plan, view: inout ApplyView) {
        for offer in plan.stale { Self.delete(offer, view: &view) }
        for fill in plan.fills {
            let offer = fill.offer
            Self.transfer(fill.pay, of: offer.takerPays, from: taker, to: offer.owner, view: &view)
            Self.transfer(fill.take, of: offer.takerGets, from: offer.owner, to: taker, view: &view)
            let restGets = (try? Self.value(offer.takerGets) - fill.take) ?? .zero
            let restPays = (try? Self.value(offer.takerPays) - fill.pay) ?? .zero
            if restGets.signum <= 0 || restPays.signum <= 0 {
                Self.delete(offer, view: &view)
            } else {
                var reduced = offer
                reduced.takerGets = Self.amount(restGets, like: offer.takerGets)
                reduced.takerPays = Self.amount(restPays, like: offer.takerPays)
                view.put(reduced)
            }
        }
    }

    static func delete(_ offer: Offer, view: inout ApplyView) {
        view.remove(offer)
        Transactor.adjustOwnerCount(offer.owner, by: -1, view: &view)
    }

    /// Moves `value` of `like`'s asset from one account to another: XRP between balances; an
    /// issued currency by issuing, redeeming, or both lines through the issuer. A receiving
    /// holder without a line gets one (offer crossing creates it, as rippled's does).
    static func transfer(_ value: IssuedValue, of like: Amount, from: String, to: String, view: inout ApplyView) {
        guard from != to, value.signum > 0 else { return }
        switch like {
        case .xrp:
            let drops = wholeDrops(value)
            guard var a = view.state.accounts[from], var b = view.state.accounts[to] else { return }
            a.balance -= min(drops, a.balance)
            view.put(a)
            b = view.state.accounts[to] ?? b
            b.balance += drops
            view.put(b)
        case .issued(_, let currency, let issuer):
            if from != issuer, var line = view.state.line(from, issuer, currency: currency) {
                let held = (try? line.holding(of: from) - value) ?? .zero
                line.balance = from == line.low ? held : held.negated
                view.put(line)
            }
            guard to != issuer else { return }
            var line: TrustLine
            if let existing = view.state.line(to, issuer, currency: currency) {
                line = existing
            } else {
                guard let toID = view.state.accountID(to), let issuerID = view.state.accountID(issuer) else { return }
                let key = LedgerState.lineKey(to, toID, issuer, issuerID, currency: currency)
                let toIsLow = key.low == to
                line = TrustLine(
                    low: key.low, high: key.high, currency: currency,
                    index: Keylet.line(low: toIsLow ? toID : issuerID, high: toIsLow ? issuerID : toID, currency: currency))
                if toIsLow { line.lowReserve = true } else { line.highReserve = true }
                // trustCreate as rippleCredit calls it: each side without DefaultRipple gets NoRipple.
                func defaultRipple(_ a: String) -> Bool { (view.state.accounts[a]?.flags ?? 0) & AccountRootFlag.defaultRipple != 0 }
                if !defaultRipple(to) { line.flags |= LineFlag.noRipple.bit(low: toIsLow) }
                if !defaultRipple(issuer) { line.flags |= LineFlag.noRipple.bit(low: !toIsLow) }
                Transactor.adjustOwnerCount(to, by: 1, view: &view)
            }
            let held = (try? line.holding(of: to) + value) ?? line.holding(of: to)
            line.balance = to == line.low ? held : held.negated
            view.put(line)
        case .mpt:
            return
        }
    }

    /// `accountFunds(…, fhZERO_IF_FROZEN)`: XRP above the reserve, an issuer's own currency
    /// without bound, else the positive holding of an unfrozen line.
    static func funds(of account: String, in like: Amount, state: LedgerState, config: SimConfig) -> IssuedValue {
        switch like {
        case .xrp:
            guard let a = state.accounts[account] else { return .zero }
            let reserve = config.accountReserve(ownerCount: a.ownerCount)
            return drops(a.balance > reserve ? a.balance - reserve : 0)
        case .issued(_, let currency, let issuer):
            if account == issuer { return (try? IssuedValue(mantissa: Int128(IssuedValue.maxMantissa), exponent: IssuedValue.maxExponent)) ?? .zero }
            if Transactor.holdingFrozen(account, issuer: issuer, currency: currency, state: state) { return .zero }
            let held = state.line(account, issuer, currency: currency)?.holding(of: account) ?? .zero
            return held.signum > 0 ? held : .zero
        case .mpt:
            return .zero
        }
    }

    // MARK: decimal arithmetic on amounts (drops as integer values)

    static func value(_ a: Amount) -> IssuedValue {
        switch a {
        case .xrp(let d): drops(d)
        case .issued(let v, _, _): v
        case .mpt: .zero
        }
    }

    static func drops(_ d: UInt64) -> IssuedValue { (try? IssuedValue(mantissa: Int128(d), exponent: 0)) ?? .zero }

    static func amount(_ v: IssuedValue, like: Amount) -> Amount {
        switch like {
        case .xrp: .xrp(drops: wholeDrops(v))
        case .issued(_, let c, let i): .issued(value: v, currency: c, issuer: i)
        case .mpt: like
        }
    }

    /// Whole drops for XRP (up or down), the value unchanged for an issued currency.
    static func round(_ v: IssuedValue, like: Amount, up: Bool) -> IssuedValue {
        guard case .xrp = like else { return v }
        let down = wholeDrops(v)
        let exact = !(drops(down) < v)
        return drops(up && !exact ? down + 1 : down)
    }

    static func wholeDrops(_ v: IssuedValue) -> UInt64 {
        guard v.signum > 0 else { return 0 }
        var m = UInt128(v.mantissa)
        var e = v.exponent
        while e < 0, m > 0 {
            m /= 10
            e += 1
        }
        while e > 0, m <= UInt128(Amount.maxDrops) {
            m *= 10
            e -= 1
        }
        return UInt64(min(m, UInt128(Amount.maxDrops)))
    }

    static func multiply(_ a: IssuedValue, _ b: IssuedValue) -> IssuedValue { SimReads.multiply(a, b) }

    /// a ÷ b to 16 digits, truncated (STAmount's `divide` without its rounding step).
    static func divide(_ a: IssuedValue, _ b: IssuedValue) -> IssuedValue {
        guard !a.isZero, !b.isZero else { return .zero }
        let q = UInt128(a.mantissa) * UInt128(100_000_000_000_000_000) / UInt128(b.mantissa)
        let negative = a.isNegative != b.isNegative
        return (try? IssuedValue(mantissa: Int128(q) * (negative ? -1 : 1), exponent: a.exponent - b.exponent - 17)) ?? .zero
    }
}

private func min(_ a: IssuedValue, _ b: IssuedValue) -> IssuedValue { b < a ? b : a }
