import Foundation
import Testing
import XRPL
@testable import LedgerSim

/// The indexes at an issuer's scale: 20,000 lines on one account and 20,000 offers in one book.
/// A write to a state shared with a closed ledger, a page of account_lines and a page of
/// book_offers each stay far below what a scan of the state would cost (bounds generous enough
/// for a debug build on a loaded machine).
@Suite struct LedgerIndexScaleTests {
    static func big() throws -> (LedgerState, issuer: String, holders: [String]) {
        var s = LedgerState()
        let issuer = try SimFixture.wallet(1)
        let issuerID = try AddressCodec.decodeClassicAddress(issuer.address)
        s.putAccount(AccountEntry(address: issuer.address, accountID: issuerID, balance: 1_000_000_000, sequence: 1))
        let usd = try CurrencyCode("USD")
        var holders: [String] = []
        for i in 0..<20_000 {
            // Synthetic account IDs: the indexes only need distinct, valid addresses.
            var id = [UInt8](repeating: 0, count: 20)
            id[0] = 0x5A
            id[1] = UInt8(i >> 8)
            id[2] = UInt8(i & 0xFF)
            let address = try AddressCodec.encodeClassicAddress(id)
            holders.append(address)
            let key = LedgerState.lineKey(address, id, issuer.address, issuerID, currency: usd)
            let lowID = key.low == address ? id : issuerID
            let highID = key.low == address ? issuerID : id
            s.putLine(TrustLine(low: key.low, high: key.high, currency: usd, index: Keylet.line(low: lowID, high: highID, currency: usd)))
            s.putOffer(Offer(
                owner: address, sequence: 1, index: Keylet.offer(id, 1), takerPays: .drops(UInt64(1_000_000 + i % 500)),
                takerGets: .issued(value: try IssuedValue(parsing: "1"), currency: usd, issuer: issuer.address), expiration: nil, flags: 0))
        }
        return (s, issuer.address, holders)
    }

    static func millis(_ body: () -> Void) -> Double {
        let t = Date()
        body()
        return Date().timeIntervalSince(t) * 1000
    }

    @Test func queriesAndWritesStayCheapAtScale() throws {
        let (s, issuer, holders) = try Self.big()
        #expect(s.trustLineCount(of: issuer) == 20_000)
        // A page of 400 lines from the middle of the issuer's objects.
        var page: [OwnedObject] = []
        let middle = s.objectsByIndex.first { if case .line = $0.value { true } else { false } }!.key
        let pageMs = Self.millis {
            s.walkOwned(issuer, after: middle) { page.append($0); return page.count < 400 }
        }
        #expect(page.count == 400 && pageMs < 50, "a 400-line page took \(pageMs) ms")
        let bookMs = Self.millis { _ = s.offers(in: Book(pays: .xrp, gets: BookAsset(currency: try? CurrencyCode("USD"), issuer: issuer)), limit: 100) }
        #expect(bookMs < 20, "a 100-offer book page took \(bookMs) ms")
        // The first write after a close copies one slice and one book tier, not the issuer's 20,000.
        let closed = s
        var open = s
        let id = [UInt8](repeating: 0x77, count: 20)
        let address = try AddressCodec.encodeClassicAddress(id)
        let usd = try CurrencyCode("USD")
        let issuerID = try AddressCodec.decodeClassicAddress(issuer)
        let key = LedgerState.lineKey(address, id, issuer, issuerID, currency: usd)
        let writeMs = Self.millis {
            open.putLine(TrustLine(low: key.low, high: key.high, currency: usd, index: Keylet.line(
                low: key.low == address ? id : issuerID, high: key.low == address ? issuerID : id, currency: usd)))
            open.removeOffer(open.offers[OwnedKey(owner: holders[7], sequence: 1)]!)
        }
        #expect(writeMs < 20, "a line and an offer removal on a shared state took \(writeMs) ms")
        print("index scale (20,000 lines, 20,000 offers): 400-line page \(pageMs) ms, 100-offer book page \(bookMs) ms, shared-state write \(writeMs) ms")
        #expect(open.trustLineCount(of: issuer) == 20_001 && closed.trustLineCount(of: issuer) == 20_000)
        #expect(closed.offers.count == 20_000 && open.offers.count == 19_999)
    }
}
