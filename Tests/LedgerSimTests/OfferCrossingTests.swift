import Testing
import XRPL
@testable import LedgerSim

/// OfferCreate crossing a direct book, after rippled's `CreateOffer::applyGuts` / `flowCross`
/// over one BookStep: partial fills, both parties' balances, consumed and unfunded offers
/// deleted, fill-or-kill, immediate-or-cancel, passive and sell offers, book_offers after.
@Suite struct OfferCrossingTests {
    /// A gateway issuing USD (and EUR) to alice and bob, with alice selling 10 USD for 20 XRP.
    struct Market {
        var f: SimFixture
        let gw: Wallet, alice: Wallet, bob: Wallet
        let aliceOfferSeq: UInt32

        init() throws {
            f = try SimFixture()
            (gw, alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
            try f.fund([gw, alice, bob])
            try f.issue(gw, to: [alice, bob], held: "100")
            try f.issue(gw, to: [alice, bob], held: "100", currency: "EUR")
            aliceOfferSeq = try #require(f.sequence(alice))
            let r = try f.submit(alice, .offerCreate(takerPays: .drops(20_000_000), takerGets: try usd("10")))
            precondition(r.result == .tesSUCCESS)
            f.close()
        }

        func usd(_ v: String) throws -> Amount { try SimFixture.amount(v, gw) }
        func eur(_ v: String) throws -> Amount { try SimFixture.amount(v, gw, "EUR") }
        func held(_ w: Wallet, _ currency: String = "USD") throws -> String {
            f.core.openState.line(w.address, gw.address, currency: try CurrencyCode(currency))?.holding(of: w.address).description ?? "none"
        }
        func xrp(_ w: Wallet) -> UInt64 { f.core.openState.account(w.address)?.balance ?? 0 }
        func offer(_ w: Wallet, _ seq: UInt32) -> Offer? { f.core.openState.offers[OwnedKey(owner: w.address, sequence: seq)] }

        mutating func create(_ w: Wallet, pays: Amount, gets: Amount, flags: UInt32 = 0) throws -> (ResultCode, UInt32) {
            let seq = try #require(f.sequence(w))
            let tx = Transaction(account: w.address, body: .offerCreate(takerPays: pays, takerGets: gets), sequence: seq, flags: flags)
            return (try f.submit(try TransactionSigner.sign(tx, with: w.keys)).result, seq)
        }
    }

    /// A partial fill of the resting offer: the taker gets 4 USD for 8 XRP at the offer's
    /// quality, both balances move, the resting offer shrinks in place, nothing new rests.
    @Test func partialFillReducesTheRestingOffer() throws {
        var m = try Market()
        let (aliceXRP, bobXRP) = (m.xrp(m.alice), m.xrp(m.bob))
        let (r, seq) = try m.create(m.bob, pays: try m.usd("4"), gets: .drops(8_000_000))
        #expect(r == .tesSUCCESS)
        #expect(try m.held(m.bob) == "104")
        #expect(try m.held(m.alice) == "96")
        #expect(m.xrp(m.alice) == aliceXRP + 8_000_000)
        #expect(m.xrp(m.bob) == bobXRP - 8_000_000 - 10)
        #expect(m.offer(m.bob, seq) == nil)
        let resting = try #require(m.offer(m.alice, m.aliceOfferSeq))
        #expect(resting.takerGets == (try m.usd("6")))
        #expect(resting.takerPays == .drops(12_000_000))
        // book_offers answers from the same, reduced book.
        let book = try m.f.ok("book_offers", [
            "taker_gets": ["currency": "USD", "issuer": .string(m.gw.address)], "taker_pays": ["currency": "XRP"], "ledger_index": "current",
        ])
        #expect(book["offers"]?.arrayValue?.count == 1)
        #expect(book["offers"]?[0]?["TakerGets"]?["value"]?.stringValue == "6")
        // Metadata records the crossing once the ledger closes.
        let closed = m.f.close()
        let tx = try #require(closed.transactions.first { $0.candidate.tx.account == m.bob.address })
        let nodes = tx.meta?["AffectedNodes"]?.arrayValue ?? []
        #expect(nodes.contains { $0["ModifiedNode"]?["LedgerEntryType"]?.stringValue == "Offer" })
    }

    /// Taking more than rests: the resting offer is consumed and deleted (its owner's count
    /// drops), and the rest of the taker's offer is placed at its own rate.
    @Test func consumedOfferIsDeletedAndTheRestIsPlaced() throws {
        var m = try Market()
        let aliceOwners = try #require(m.f.core.openState.account(m.alice.address)?.ownerCount)
        let (r, seq) = try m.create(m.bob, pays: try m.usd("25"), gets: .drops(50_000_000))
        #expect(r == .tesSUCCESS)
        #expect(m.offer(m.alice, m.aliceOfferSeq) == nil)
        #expect(m.f.core.openState.account(m.alice.address)?.ownerCount == aliceOwners - 1)
        #expect(try m.held(m.bob) == "110")
        let rest = try #require(m.offer(m.bob, seq))
        #expect(rest.takerPays == (try m.usd("15")))
        #expect(rest.takerGets == .drops(30_000_000))
    }

    /// Worse than the book's best: nothing crosses and the offer rests; a passive offer at the
    /// same quality does not cross either (tfPassive).
    @Test func qualityAndPassiveLimitCrossing() throws {
        var m = try Market()
        let (low, lowSeq) = try m.create(m.bob, pays: try m.usd("5"), gets: .drops(5_000_000))
        #expect(low == .tesSUCCESS && m.offer(m.bob, lowSeq) != nil)
        let (passive, passiveSeq) = try m.create(m.bob, pays: try m.usd("5"), gets: .drops(10_000_000), flags: TransactionFlags.OfferCreate.passive)
        #expect(passive == .tesSUCCESS && m.offer(m.bob, passiveSeq) != nil)
        #expect(m.offer(m.alice, m.aliceOfferSeq)?.takerGets == (try m.usd("10")))
    }

    /// Fill-or-kill is tecKILLED only when it cannot fill, and then changes nothing;
    /// immediate-or-cancel takes what crosses and places nothing, tecKILLED if nothing does.
    @Test func fillOrKillAndImmediateOrCancel() throws {
        var m = try Market()
        typealias F = TransactionFlags.OfferCreate
        let (killed, _) = try m.create(m.bob, pays: try m.usd("20"), gets: .drops(40_000_000), flags: F.fillOrKill)
        #expect(killed == .tecKILLED)
        #expect(m.offer(m.alice, m.aliceOfferSeq)?.takerGets == (try m.usd("10")))
        #expect(try m.held(m.bob) == "100")
        let (filled, fokSeq) = try m.create(m.bob, pays: try m.usd("5"), gets: .drops(10_000_000), flags: F.fillOrKill)
        #expect(filled == .tesSUCCESS)
        #expect(try m.held(m.bob) == "105" && m.offer(m.bob, fokSeq) == nil)
        let (partial, iocSeq) = try m.create(m.bob, pays: try m.usd("20"), gets: .drops(40_000_000), flags: F.immediateOrCancel)
        #expect(partial == .tesSUCCESS)
        #expect(try m.held(m.bob) == "110" && m.offer(m.bob, iocSeq) == nil)
        #expect(m.offer(m.alice, m.aliceOfferSeq) == nil)
        let (none, _) = try m.create(m.bob, pays: try m.usd("1"), gets: .drops(2_000_000), flags: F.immediateOrCancel)
        #expect(none == .tecKILLED)
    }

    /// An offer whose owner no longer holds what it sells is removed when a taker meets it
    /// (OfferStream's unfunded removal), and the taker's offer rests instead.
    @Test func unfundedOfferIsRemovedWhenMet() throws {
        var m = try Market()
        #expect(try m.f.submit(m.alice, .payment(destination: m.gw.address, amount: try m.usd("100"))).result == .tesSUCCESS)
        m.f.close()
        let (r, seq) = try m.create(m.bob, pays: try m.usd("5"), gets: .drops(10_000_000))
        #expect(r == .tesSUCCESS)
        #expect(m.offer(m.alice, m.aliceOfferSeq) == nil)
        #expect(m.offer(m.bob, seq) != nil)
        #expect(try m.held(m.bob) == "100")
    }

    /// A taker with no line for what it buys gets one from the crossing (trustCreate from
    /// rippleCredit: NoRipple on each side without DefaultRipple, the taker's reserve).
    @Test func crossingCreatesTheTakersLine() throws {
        var m = try Market()
        let carol = try SimFixture.wallet(4)
        try m.f.fund([carol])
        let before = try #require(m.f.core.openState.account(carol.address)?.ownerCount)
        let (r, _) = try m.create(carol, pays: try m.usd("2"), gets: .drops(4_000_000))
        #expect(r == .tesSUCCESS)
        #expect(try m.held(carol) == "2")
        #expect(m.f.core.openState.account(carol.address)?.ownerCount == before + 1)
        let line = try #require(m.f.core.openState.line(carol.address, m.gw.address, currency: try CurrencyCode("USD")))
        #expect(line.has(.noRipple, on: carol.address) && line.has(.noRipple, on: m.gw.address))
    }

    /// An IOU/IOU book, and tfSell: the seller gives all it offered and takes the better price.
    @Test func issuedBookAndSellOffers() throws {
        var m = try Market()
        // alice sells 10 EUR for 10 USD; bob sells 12 USD for at least 10 EUR.
        let (a, aSeq) = try m.create(m.alice, pays: try m.usd("10"), gets: try m.eur("10"))
        #expect(a == .tesSUCCESS)
        let (b, bSeq) = try m.create(m.bob, pays: try m.eur("5"), gets: try m.usd("5"), flags: TransactionFlags.OfferCreate.sell)
        #expect(b == .tesSUCCESS)
        #expect(try m.held(m.bob, "EUR") == "105" && m.held(m.bob) == "95")
        #expect(try m.held(m.alice, "EUR") == "95" && m.held(m.alice) == "105")
        #expect(m.offer(m.bob, bSeq) == nil)
        #expect(m.offer(m.alice, aSeq)?.takerGets == (try m.eur("5")))
        // Selling 10 USD where only 5 EUR rest at 1:1 and the seller asked 0.5 EUR per USD:
        // it gives 5 USD for the 5 EUR, and the rest rests at its own rate.
        let (s, sSeq) = try m.create(m.bob, pays: try m.eur("5"), gets: try m.usd("10"), flags: TransactionFlags.OfferCreate.sell)
        #expect(s == .tesSUCCESS)
        #expect(try m.held(m.bob, "EUR") == "110")
        let rest = try #require(m.offer(m.bob, sSeq))
        #expect(rest.takerGets == (try m.usd("5")))
        #expect(rest.takerPays == (try m.eur("2.5")))
    }
}
