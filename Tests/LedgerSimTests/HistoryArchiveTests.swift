import Testing
import XRPL
@testable import LedgerSim

/// History keeps older ledgers in binary form; every lookup must answer exactly as it did while
/// the ledger was still decoded.
@Suite struct HistoryArchiveTests {
    /// One ledger with every modelled type, issued and XRP amounts, created, modified and deleted
    /// nodes, a tec, a foreign transaction and delivered_amount.
    static func busyLedger(_ f: inout SimFixture) throws -> (ClosedLedger, [Wallet]) {
        let (issuer, alice, bob) = (try SimFixture.wallet(1), try SimFixture.wallet(2), try SimFixture.wallet(3))
        try f.fund([issuer, alice, bob])
        let usd = { (v: String) in try TransactorTests.usd(v, issuer) }
        try f.submit(alice, .trustSet(limit: try usd("100")))
        let offerSeq = try #require(f.sequence(bob))
        try f.submit(bob, .offerCreate(takerPays: .drops(2_000_000), takerGets: .drops(1_000_000)))
        f.close()
        let parent = f.core.validated.closeTime
        let escrowSeq = try #require(f.sequence(alice))
        try f.submit(alice, .escrowCreate(destination: alice.address, amount: .drops(5_000_000), finishAfter: parent - 100, cancelAfter: parent + 300))
        f.close()
        try f.submit(issuer, .payment(destination: alice.address, amount: try usd("12.5")))
        try f.submit(bob, .payment(destination: alice.address, amount: .drops(3_000_000)))
        try f.submit(bob, .offerCancel(offerSequence: offerSeq))
        try f.submit(alice, .escrowFinish(owner: alice.address, offerSequence: escrowSeq))
        try f.submit(issuer, .accountSet(setFlag: .defaultRipple))
        try f.submit(issuer, .payment(destination: bob.address, amount: try usd("1")))  // no line: tecPATH_DRY
        _ = f.core.inject(.foreignTransaction(account: bob.address), at: f.time)
        return (f.close(), [issuer, alice, bob])
    }

    /// Every way to read the ledger and its transactions back, in both API versions.
    static func lookups(_ f: inout SimFixture, ledger: UInt32, hashes: [String], accounts: [Wallet]) -> [JSONValue] {
        var out: [JSONValue] = []
        func ask(_ method: String, _ params: [String: JSONValue], _ version: Int) {
            switch SimAPI.handle(method: method, params: params, apiVersion: version, core: &f.core, now: f.time, verified: nil) {
            case .success(let reply): out.append(reply)
            case .failure(let e): out.append(.object(["error": .string(e.token)]))
            }
        }
        for v in [1, 2] {
            for h in hashes {
                ask("tx", ["transaction": .string(h)], v)
                ask("tx", ["transaction": .string(h), "binary": true], v)
            }
            for mode in [["expand": true], ["binary": true, "expand": true], [:]] as [[String: JSONValue]] {
                ask("ledger", ["ledger_index": .int(Int64(ledger)), "transactions": true].merging(mode) { $1 }, v)
            }
            for a in accounts {
                ask("account_tx", ["account": .string(a.address), "ledger_index_min": .int(Int64(ledger)), "ledger_index_max": .int(Int64(ledger))], v)
            }
        }
        return out
    }

    @Test func archivedLedgersAnswerExactlyAsDecodedOnes() throws {
        var f = try SimFixture()
        let (busy, accounts) = try Self.busyLedger(&f)
        let hashes = busy.transactions.map(\.candidate.hash)
        let types = Set(busy.transactions.map(\.candidate.tx.transactionType))
        #expect(types.isSuperset(of: ["Payment", "OfferCancel", "EscrowFinish", "AccountSet"]), "\(types)")
        #expect(busy.transactions.contains { $0.result.token.hasPrefix("tec") })
        #expect(busy.transactions.contains { $0.meta?["delivered_amount"] != nil })
        #expect(!(f.core.ledger(busy.index)?.isArchived ?? true))
        let before = Self.lookups(&f, ledger: busy.index, hashes: hashes, accounts: accounts)
        #expect(before.allSatisfy { $0["error"] == nil }, "\(before.filter { $0["error"] != nil })")

        while !(f.core.ledger(busy.index)?.isArchived ?? false) { f.close() }
        let after = Self.lookups(&f, ledger: busy.index, hashes: hashes, accounts: accounts)
        #expect(after.count == before.count)
        for (a, b) in zip(after, before) where a != b {
            Issue.record("archived answer differs:\n\(a.serialized())\nvs\n\(b.serialized())")
        }
    }

    @Test func evictionForgetsArchivedLedgersAndTheirTransactions() throws {
        var f = try SimFixture(config: SimFixture.config { $0.historyLedgers = 8 })
        let (busy, _) = try Self.busyLedger(&f)
        let hash = try #require(busy.transactions.first?.candidate.hash)
        #expect(f.core.transaction(hash) != nil)
        for _ in 0..<10 { f.close() }
        #expect(f.core.ledger(busy.index) == nil)
        #expect(f.core.transaction(hash) == nil)
        #expect(f.core.accountTransactions(try SimFixture.wallet(2).address, min: 0, max: .max).isEmpty)
    }
}
