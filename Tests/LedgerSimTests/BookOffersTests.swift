import Testing
import XRPL
@testable import LedgerSim

/// book_offers as rippled's `doBookOffers` + `NetworkOPsImp::getBookPage` answer it: best
/// quality first, oldest first within a quality, owner_funds on an owner's first offer,
/// funded amounts when the owner's funds run out down the page.
@Suite struct BookOffersTests {
    let usdBook: (SimFixture, Wallet) throws -> [String: JSONValue] = { _, g in
        ["taker_gets": ["currency": "USD", "issuer": .string(g.address)], "taker_pays": ["currency": "XRP"]]
    }

    @Test func orderQualityAndFunding() throws {
        var f = try SimFixture()
        let (g, a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([g, a, b])
        try f.issue(g, to: [a, b], held: "100")
        try f.submit(a, .offerCreate(takerPays: .drops(20_000_000), takerGets: try SimFixture.amount("10", g)))  // 2 XRP/USD
        try f.submit(b, .offerCreate(takerPays: .drops(10_000_000), takerGets: try SimFixture.amount("10", g)))  // 1 XRP/USD
        try f.submit(a, .offerCreate(takerPays: .drops(400_000_000), takerGets: try SimFixture.amount("200", g)))  // 2, unfunded past 90
        let r = try f.ok("book_offers", try usdBook(f, g))
        let offers = try #require(r["offers"]?.arrayValue)
        #expect(offers.map { $0["Account"]?.stringValue } == [b.address, a.address, a.address])
        #expect(offers.map { $0["quality"] } == ["1000000", "2000000", "2000000"])
        #expect(offers[0]["owner_funds"] == "100" && offers[1]["owner_funds"] == "100" && offers[2]["owner_funds"] == nil)
        #expect(offers[0]["taker_gets_funded"] == nil && offers[1]["taker_gets_funded"] == nil)
        #expect(offers[2]["taker_gets_funded"] == ["currency": "USD", "issuer": .string(g.address), "value": "90"])
        #expect(offers[2]["taker_pays_funded"] == "180000000")
        #expect(offers[0]["LedgerEntryType"] == "Offer" && offers[0]["index"] != nil)
        let dir = try #require(offers[0]["BookDirectory"]?.stringValue)
        #expect(dir.hasSuffix("5B038D7EA4C68000"), "the quality 1e6 in the directory's last 64 bits")
        #expect(r["ledger_current_index"] != nil)

        var limited = try usdBook(f, g)
        limited["limit"] = 1
        #expect(try f.ok("book_offers", limited)["offers"]?.arrayValue?.count == 1)
        // The taker's own offers read as fully funded.
        var asA = try usdBook(f, g)
        asA["taker"] = .string(a.address)
        #expect(try f.ok("book_offers", asA)["offers"]?[2]?["taker_gets_funded"] == nil)
        // The other direction is another book.
        let reverse: [String: JSONValue] = ["taker_pays": ["currency": "USD", "issuer": .string(g.address)], "taker_gets": ["currency": "XRP"]]
        #expect(try f.ok("book_offers", reverse)["offers"] == .array([]))
    }

    @Test func theBookFollowsCancelsAndNewOffers() throws {
        var f = try SimFixture()
        let (g, a) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([g, a])
        try f.issue(g, to: [a], held: "100")
        let first = try #require(f.sequence(a))
        try f.submit(a, .offerCreate(takerPays: .drops(10_000_000), takerGets: try SimFixture.amount("10", g)))
        try f.submit(a, .offerCreate(takerPays: .drops(30_000_000), takerGets: try SimFixture.amount("10", g)))
        // Replacing the first offer (OfferSequence) moves the account's price.
        try f.submit(a, .offerCreate(takerPays: .drops(50_000_000), takerGets: try SimFixture.amount("10", g), offerSequence: first))
        f.close()
        let q = try f.ok("book_offers", try usdBook(f, g))["offers"]?.arrayValue?.map { $0["quality"] }
        #expect(q == ["3000000", "5000000"])
        #expect(f.core.openState.offerCount(of: a.address) == 2)
    }

    @Test func badBooksInRippledTokens() throws {
        var f = try SimFixture()
        let g = try SimFixture.wallet(1)
        try f.fund([g])
        let usd: JSONValue = ["currency": "USD", "issuer": .string(g.address)]
        let cases: [([String: JSONValue], String)] = [
            (["taker_gets": usd], "invalidParams"),
            (["taker_pays": ["currency": "XRP"]], "invalidParams"),
            (["taker_pays": "XRP", "taker_gets": usd], "invalidParams"),
            (["taker_pays": [:], "taker_gets": usd], "invalidParams"),
            (["taker_pays": ["currency": "NOTACURRENCY"], "taker_gets": usd], "srcCurMalformed"),
            (["taker_pays": ["currency": "XRP"], "taker_gets": ["currency": "$$$$"]], "dstAmtMalformed"),
            (["taker_pays": ["currency": "XRP", "issuer": .string(g.address)], "taker_gets": usd], "srcIsrMalformed"),
            (["taker_pays": ["currency": "XRP"], "taker_gets": ["currency": "USD"]], "dstIsrMalformed"),
            (["taker_pays": ["currency": "XRP"], "taker_gets": ["currency": "USD", "issuer": "rBad"]], "dstIsrMalformed"),
            (["taker_pays": usd, "taker_gets": usd], "badMarket"),
            (["taker_pays": ["currency": "XRP"], "taker_gets": usd, "taker": "rBad"], "invalidParams"),
            (["taker_pays": ["currency": "XRP"], "taker_gets": usd, "limit": "x"], "invalidParams"),
        ]
        for (params, token) in cases {
            #expect(errorToken(f.rpc("book_offers", params)) == token, "\(params)")
        }
    }
}
