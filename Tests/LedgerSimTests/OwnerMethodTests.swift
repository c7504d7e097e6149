import Testing
import XRPL
@testable import LedgerSim

/// account_lines, account_objects, account_offers, account_currencies: reply shapes as
/// rippled's handlers write them (AccountLines.cpp `addLine`, AccountObjects.cpp,
/// AccountOffers.cpp `appendOfferJson`, AccountCurrenciesHandler.cpp), paging, limits and errors.
@Suite struct OwnerMethodTests {
    @Test func accountLinesFromBothSides() throws {
        var f = try SimFixture()
        let (g, a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([g, a, b])
        try f.issue(g, to: [a, b], held: "10")
        let mine = try f.ok("account_lines", ["account": .string(a.address)])
        #expect(mine["account"]?.stringValue == a.address)
        #expect(mine["ledger_current_index"] != nil && mine["validated"] == false)
        #expect(mine["marker"] == nil && mine["limit"] == nil)
        let line = try #require(mine["lines"]?.arrayValue?.first)
        // trustCreate put NoRipple on the issuer's side (it has no DefaultRipple); both flags
        // show because getDefaultRipple() is false on this line.
        #expect(line == [
            "account": .string(g.address), "balance": "10", "currency": "USD", "limit": "1000", "limit_peer": "0", "quality_in": 0,
            "quality_out": 0, "no_ripple": false, "no_ripple_peer": true,
        ])
        let issuer = try f.ok("account_lines", ["account": .string(g.address), "ledger_index": "validated"])
        #expect(issuer["validated"] == true && issuer["ledger_index"] != nil)
        let lines = try #require(issuer["lines"]?.arrayValue)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0["balance"] == "-10" && $0["limit"] == "0" && $0["limit_peer"] == "1000" })
        let peer = try f.ok("account_lines", ["account": .string(g.address), "peer": .string(b.address)])
        #expect(peer["lines"]?.arrayValue?.map { $0["account"] } == [.string(b.address)])
        // ignore_default: the gateway reserves neither line, so both are skipped.
        #expect(try f.ok("account_lines", ["account": .string(g.address), "ignore_default": true])["lines"] == .array([]))
    }

    @Test func accountLinesPageThroughEveryLineOnce() throws {
        var f = try SimFixture()
        let g = try SimFixture.wallet(1)
        let users = try (0..<23).map { try SimFixture.wallet(10 + $0) }
        try f.fund([g] + users)
        try f.issue(g, to: users, held: "0")
        var seen: [String] = []
        var marker: JSONValue?
        var pages = 0
        repeat {
            var p: [String: JSONValue] = ["account": .string(g.address), "limit": 10]
            if let marker { p["marker"] = marker }
            let r = try f.ok("account_lines", p)
            seen += r["lines"]?.arrayValue?.compactMap { $0["account"]?.stringValue } ?? []
            marker = r["marker"]
            if marker != nil { #expect(r["limit"] == 10) }
            pages += 1
        } while marker != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.count == 23 && Set(seen) == Set(users.map(\.address)))
        // A limit below rippled's minimum is raised to it (Tuning::accountLines 10…400).
        #expect(try f.ok("account_lines", ["account": .string(g.address), "limit": 1])["lines"]?.arrayValue?.count == 10)
        #expect(try f.ok("account_lines", ["account": .string(g.address), "limit": 1_000_000])["lines"]?.arrayValue?.count == 23)
    }

    @Test func hostileParamsAreRefusedInRippledTokens() throws {
        var f = try SimFixture()
        let (g, a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([g, a, b])
        try f.issue(g, to: [a, b], held: "0")
        let stranger = try SimFixture.wallet(99)
        for method in ["account_lines", "account_objects", "account_offers", "account_currencies", "gateway_balances"] {
            #expect(errorToken(f.rpc(method, [:])) == "invalidParams", "\(method)")
            #expect(errorToken(f.rpc(method, ["account": 7])) == "invalidParams", "\(method)")
            #expect(errorToken(f.rpc(method, ["account": "rNotAnAccount"])) == "actMalformed", "\(method)")
            #expect(errorToken(f.rpc(method, ["account": .string(stranger.address)])) == "actNotFound", "\(method)")
            #expect(errorToken(f.rpc(method, ["account": .string(g.address), "ledger_index": 99_999_999])) == "lgrNotFound", "\(method)")
        }
        // The index of B's line, which A is not party to.
        let bLine = try #require(f.ok("account_objects", ["account": .string(b.address)])["account_objects"]?[0]?["index"]?.stringValue)
        let markers: [JSONValue] = [
            7, "", "zz", "ABC,0", .string(bLine), .string("\(bLine),0"), .string("\(String(repeating: "0", count: 64)),0"),
            .string("\(bLine),x"), .string(String(repeating: "F", count: 100_000)), .array([]),
        ]
        for m in markers {
            for method in ["account_lines", "account_objects", "account_offers"] {
                #expect(errorToken(f.rpc(method, ["account": .string(a.address), "marker": m])) == "invalidParams", "\(method) \(m)")
            }
        }
        for l: JSONValue in [-1, "10", 1.5, true] {
            #expect(errorToken(f.rpc("account_lines", ["account": .string(a.address), "limit": l])) == "invalidParams")
        }
        #expect(errorToken(f.rpc("account_lines", ["account": .string(a.address), "peer": "rNope"])) == "actMalformed")
        #expect(errorToken(f.rpc("account_objects", ["account": .string(a.address), "type": "account"])) == "invalidParams")
        #expect(errorToken(f.rpc("account_objects", ["account": .string(a.address), "type": "bogus"])) == "invalidParams")
    }

    @Test func accountObjectsOffersAndCurrencies() throws {
        var f = try SimFixture()
        let (g, a, b) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([g, a, b])
        try f.issue(g, to: [a], held: "50")
        let offerSeq = try #require(f.sequence(a))
        try f.submit(a, .offerCreate(takerPays: .drops(20_000_000), takerGets: try SimFixture.amount("10", g)))
        let escrowSeq = try #require(f.sequence(a))
        try f.submit(a, .escrowCreate(destination: b.address, amount: .drops(1_000_000), finishAfter: UInt32(f.time) + 2))
        f.close()
        let all = try #require(f.ok("account_objects", ["account": .string(a.address)])["account_objects"]?.arrayValue)
        #expect(Set(all.compactMap { $0["LedgerEntryType"]?.stringValue }) == ["RippleState", "Offer", "Escrow"])
        let offer = try #require(f.ok("account_objects", ["account": .string(a.address), "type": "offer"])["account_objects"]?[0])
        #expect(offer["Sequence"] == .int(Int64(offerSeq)) && offer["BookDirectory"] != nil && offer["OwnerNode"] == "0")
        let escrows = try f.ok("account_objects", ["account": .string(b.address), "type": "escrow"])["account_objects"]?.arrayValue
        #expect(escrows?.count == 1, "listed under its destination too")
        #expect(escrows?.first?["Sequence"] == nil, "rippled's Escrow has no Sequence field")
        #expect(try f.ok("account_objects", ["account": .string(a.address), "type": "check"])["account_objects"] == .array([]))
        let blockers = try #require(f.ok("account_objects", ["account": .string(a.address), "deletion_blockers_only": true])["account_objects"]?.arrayValue)
        #expect(Set(blockers.compactMap { $0["LedgerEntryType"]?.stringValue }) == ["RippleState", "Escrow"], "offers do not block AccountDelete")

        let offers = try #require(f.ok("account_offers", ["account": .string(a.address)])["offers"]?.arrayValue)
        #expect(offers == [[
            "taker_pays": "20000000", "taker_gets": try SimFixture.amount("10", g).json, "seq": .int(Int64(offerSeq)), "flags": 0,
            "quality": "2000000",
        ]])

        let currencies = try f.ok("account_currencies", ["account": .string(a.address)])
        #expect(currencies["receive_currencies"] == ["USD"] && currencies["send_currencies"] == ["USD"])
        let gc = try f.ok("account_currencies", ["account": .string(g.address)])
        // The issuer can take its IOUs back (balance -50 < limit 0) and issue more.
        #expect(gc["receive_currencies"] == ["USD"] && gc["send_currencies"] == ["USD"])

        // Cancel and finish: the objects leave every index.
        try f.submit(a, .offerCancel(offerSequence: offerSeq))
        f.close(after: 30)
        f.close(after: 30)
        try f.submit(b, .escrowFinish(owner: a.address, offerSequence: escrowSeq))
        f.close()
        let left = try #require(f.ok("account_objects", ["account": .string(a.address)])["account_objects"]?.arrayValue)
        #expect(left.map { $0["LedgerEntryType"] } == ["RippleState"])
        #expect(try f.ok("account_objects", ["account": .string(b.address)])["account_objects"] == .array([]))
        #expect(try f.ok("account_offers", ["account": .string(a.address)])["offers"] == .array([]))
    }
}
