import Testing
import XRPL
@testable import LedgerSim

/// The read indexes `LedgerState` keeps (ledger index → object, owner → objects, book →
/// offers) against a brute-force scan of the object trees, after a random mix of every
/// modelled change: lines created and removed, offers placed, replaced and cancelled, escrows
/// created and finished, in both the open and the closed state, and after a restore.
@Suite struct LedgerIndexTests {
    /// What the indexes should say, computed by scanning everything.
    static func check(_ s: LedgerState) {
        var expectedOwned: [String: Set<String>] = [:]
        var expectedIndex: [String: StateKey] = [:]
        for (a, e) in s.accounts { expectedIndex[e.index] = .account(a) }
        for (k, l) in s.lines {
            expectedIndex[l.index] = .line(k)
            expectedOwned[l.low, default: []].insert(l.index)
            expectedOwned[l.high, default: []].insert(l.index)
        }
        for (k, o) in s.offers {
            expectedIndex[o.index] = .offer(k)
            expectedOwned[o.owner, default: []].insert(o.index)
        }
        for (k, e) in s.escrows {
            expectedIndex[e.index] = .escrow(k)
            expectedOwned[e.owner, default: []].insert(e.index)
            expectedOwned[e.destination, default: []].insert(e.index)
        }
        #expect(Dictionary(uniqueKeysWithValues: s.objectsByIndex.map { ($0.key, $0.value) }) == expectedIndex)
        for address in s.accounts.keys {
            var walked: [String] = []
            s.walkOwned(address, after: nil) { walked.append($0.index); return true }
            #expect(walked == (expectedOwned[address] ?? []).sorted(), "owner index of \(address)")
        }
        #expect(s.ownerIndex.values.allSatisfy { !$0.isEmpty })
        // Books: every offer once, in its book, qualities ascending.
        var inBooks = 0
        for (book, qualities) in s.bookQualities {
            #expect(qualities == qualities.sorted() && Set(qualities).count == qualities.count)
            let listed = s.offers(in: book, limit: Int.max)
            inBooks += listed.count
            #expect(listed.map(\.quality) == listed.map(\.quality).sorted())
            for (o, q) in listed {
                #expect(BookAsset(o.takerPays) == book.pays && BookAsset(o.takerGets) == book.gets)
                #expect(BookQuality.rate(pays: o.takerPays, gets: o.takerGets) == q)
            }
        }
        #expect(inBooks == s.offers.count)
        #expect(s.offerTiers.count == s.offers.count)
    }

    @Test func indexesMatchAScanThroughRandomChanges() throws {
        var f = try SimFixture()
        let g = try SimFixture.wallet(1)
        let users = try (0..<8).map { try SimFixture.wallet(20 + $0) }
        try f.fund([g] + users, xrp: 10_000)
        var rng = SplitMix64(seed: 7)
        var offers: [(Wallet, UInt32)] = []
        var escrows: [(Wallet, UInt32)] = []
        for round in 0..<12 {
            for u in users {
                let seq = try #require(f.sequence(u))
                switch rng.next() % 6 {
                case 0:
                    let limit = rng.next() % 3 == 0 ? "0" : "1000"
                    try f.submit(u, .trustSet(limit: try SimFixture.amount(limit, g, ["USD", "EUR"][Int(rng.next() % 2)])))
                case 1:
                    try f.submit(g, .payment(destination: u.address, amount: try SimFixture.amount("5", g)))
                case 2, 3:
                    let price = 1 + rng.next() % 4
                    let replace = offers.last(where: { $0.0.address == u.address && rng.next() % 2 == 0 })?.1
                    let r = try f.submit(u, .offerCreate(
                        takerPays: .drops(price * 1_000_000), takerGets: try SimFixture.amount("1", g), offerSequence: replace))
                    if r.result == .tesSUCCESS { offers.append((u, seq)) }
                case 4:
                    if let i = offers.indices.first(where: { offers[$0].0.address == u.address }) {
                        try f.submit(u, .offerCancel(offerSequence: offers.remove(at: i).1))
                    }
                default:
                    let r = try f.submit(u, .escrowCreate(destination: users[Int(rng.next() % 8)].address, amount: .drops(1_000_000),
                        finishAfter: UInt32(f.time) + 2))
                    if r.result == .tesSUCCESS { escrows.append((u, seq)) }
                }
            }
            if round % 3 == 2, let (owner, seq) = escrows.first {
                try f.submit(g, .escrowFinish(owner: owner.address, offerSequence: seq))
                escrows.removeFirst()
            }
            Self.check(f.core.openState)
            f.close(after: 20)
            Self.check(f.core.validatedState)
        }
        #expect(f.core.validatedState.offers.count > 0 && f.core.validatedState.lines.count > 0)
        // A restore rebuilds the same indexes from the objects alone.
        let restored = LedgerState(entries: StateEntry.all(in: f.core.validatedState), totalCoins: 0)
        Self.check(restored)
        #expect(restored.objectsByIndex.count == f.core.validatedState.objectsByIndex.count)
    }
}
