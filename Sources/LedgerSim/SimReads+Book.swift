import XRPL

/// book_offers, answered from the book index (best quality first, oldest first within one).
extension SimReads {
    /// rippled's `doBookOffers` (BookOffers.cpp) and `NetworkOPsImp::getBookPage`: each offer
    /// as its ledger object plus `quality`; `owner_funds` on an owner's first offer in the
    /// page; `taker_gets_funded` / `taker_pays_funded` when the owner cannot cover the offer,
    /// the owner's funds being used up offer by offer down the page. No transfer rates (not
    /// modelled) and no marker (rippled's getBookPage does not return one either).
    static func bookOffers(_ params: Params, _ s: LedgerSnapshot) -> Reply {
        let pays: BookAsset
        switch bookSide(params, "taker_pays", badCurrency: ("srcCurMalformed", 69), badIssuer: ("srcIsrMalformed", 70)) {
        case .failure(let e): return .failure(e)
        case .success(let a): pays = a
        }
        let gets: BookAsset
        switch bookSide(params, "taker_gets", badCurrency: ("dstAmtMalformed", 51), badIssuer: ("dstIsrMalformed", 53)) {
        case .failure(let e): return .failure(e)
        case .success(let a): gets = a
        }
        var taker: String?
        if let t = params["taker"] {
            guard let text = t.stringValue else { return .failure(RPCParams.expected("taker", "string")) }
            guard text.utf8.count <= 64, AddressCodec.isValidClassicAddress(text) else { return .failure(RPCParams.invalid("taker")) }
            taker = text
        }
        guard pays != gets else { return .failure(RPCError(token: "badMarket", code: 42, message: "No such market.")) }
        let limit: Int
        switch RPCParams.limit(params, .bookOffers) {
        case .failure(let e): return .failure(e)
        case .success(let l): limit = l
        }
        var remaining: [String: IssuedValue] = [:]
        var offers: [JSONValue] = []
        for (offer, quality) in s.state.offers(in: Book(pays: pays, gets: gets), limit: limit) {
            guard case .object(var o) = objectJSON(.offer(offer), state: s.state) else { continue }
            let gets = value(offer.takerGets)
            let firstOfOwner = remaining[offer.owner] == nil
            let funds: IssuedValue
            if offer.owner == taker || offer.owner == gets.issuer {
                funds = gets.value
            } else {
                funds = remaining[offer.owner] ?? ownerFunds(offer.owner, offer.takerGets, s)
            }
            if firstOfOwner { o["owner_funds"] = .string(offer.takerGets.drops != nil ? String(wholeDrops(funds)) : funds.description) }
            var fundedGets = gets.value
            if funds < gets.value {
                fundedGets = funds
                o["taker_gets_funded"] = amount(funds, like: offer.takerGets)
                let pays = value(offer.takerPays).value
                let paysFunded = multiply(funds, BookQuality.value(quality))
                o["taker_pays_funded"] = amount(paysFunded < pays ? paysFunded : pays, like: offer.takerPays)
            }
            remaining[offer.owner] = (try? funds - fundedGets) ?? .zero
            o["quality"] = .string(BookQuality.text(quality))
            offers.append(.object(o))
        }
        return s.reply(["offers": .array(offers)])
    }

    /// One side of the book request, checked as `doBookOffers` checks it.
    private static func bookSide(
        _ params: Params, _ field: String, badCurrency: (String, Int), badIssuer: (String, Int)
    ) -> Result<BookAsset, RPCError> {
        guard let side = params[field] else { return .failure(RPCParams.missing(field)) }
        guard case .object(let o) = side else { return .failure(RPCError(.invalidParams, message: "Invalid field '\(field)', not object.")) }
        guard let c = o["currency"] else { return .failure(RPCParams.missing("\(field).currency")) }
        guard let text = c.stringValue else { return .failure(RPCParams.expected("\(field).currency", "string")) }
        guard text.utf8.count <= 40, let currency = try? CurrencyCode(text) else {
            return .failure(RPCError(token: badCurrency.0, code: badCurrency.1, message: "Invalid field '\(field).currency', bad currency."))
        }
        func issuerError(_ m: String) -> RPCError { RPCError(token: badIssuer.0, code: badIssuer.1, message: m) }
        var issuer: String?
        if let i = o["issuer"] {
            guard let text = i.stringValue else { return .failure(RPCParams.expected("\(field).issuer", "string")) }
            guard text.utf8.count <= 64, AddressCodec.isValidClassicAddress(text) else {
                return .failure(issuerError("Invalid field '\(field).issuer', bad issuer."))
            }
            if text == "rrrrrrrrrrrrrrrrrrrn5RM1rHd" { return .failure(issuerError("Invalid field '\(field).issuer', bad issuer account one.")) }
            issuer = text == "rrrrrrrrrrrrrrrrrrrrrhoLvTp" ? nil : text
        }
        if currency.isXRP, issuer != nil {
            return .failure(issuerError("Unneeded field '\(field).issuer' for XRP currency specification."))
        }
        if !currency.isXRP, issuer == nil {
            return .failure(issuerError("Invalid field '\(field).issuer', expected non-XRP issuer."))
        }
        return .success(currency.isXRP ? .xrp : BookAsset(currency: currency, issuer: issuer))
    }

    /// What the owner holds of the asset an offer gives (`accountHolds`, frozen lines reading as
    /// zero): XRP above the reserve, or the line's balance; never negative.
    private static func ownerFunds(_ owner: String, _ gets: Amount, _ s: LedgerSnapshot) -> IssuedValue {
        switch gets {
        case .xrp:
            guard let a = s.state.account(owner) else { return .zero }
            let reserve = s.config.accountReserve(ownerCount: a.ownerCount)
            return drops(a.balance > reserve ? a.balance - reserve : 0)
        case .issued(_, let currency, let issuer):
            let held = s.state.line(owner, issuer, currency: currency)?.holding(of: owner) ?? .zero
            return held.signum > 0 ? held : .zero
        case .mpt:
            return .zero
        }
    }

    /// An amount's value as a decimal (drops as an integer value) and its issuer.
    private static func value(_ a: Amount) -> (value: IssuedValue, issuer: String?) {
        switch a {
        case .xrp(let d): (drops(d), nil)
        case .issued(let v, _, let i): (v, i)
        case .mpt: (.zero, nil)
        }
    }

    private static func drops(_ d: UInt64) -> IssuedValue { (try? IssuedValue(mantissa: Int128(d), exponent: 0)) ?? .zero }

    /// `v` in the same asset as `like`: whole drops for XRP (truncated), an issued amount else.
    private static func amount(_ v: IssuedValue, like: Amount) -> JSONValue {
        switch like {
        case .xrp: .string(String(wholeDrops(v)))
        case .issued(_, let c, let i): Amount.issued(value: v, currency: c, issuer: i).json
        case .mpt: like.json
        }
    }

    private static func wholeDrops(_ v: IssuedValue) -> UInt64 { OfferCrossing.wholeDrops(v) }

    /// a × b, truncated to 16 digits (STAmount's `multiply` without its rounding step).
    static func multiply(_ a: IssuedValue, _ b: IssuedValue) -> IssuedValue {
        guard !a.isZero, !b.isZero else { return .zero }
        var m = UInt128(a.mantissa) * UInt128(b.mantissa)
        var e = a.exponent + b.exponent
        while m > UInt128(IssuedValue.maxMantissa) {
            m /= 10
            e += 1
        }
        let negative = a.isNegative != b.isNegative
        return (try? IssuedValue(mantissa: Int128(m) * (negative ? -1 : 1), exponent: e)) ?? .zero
    }
}
