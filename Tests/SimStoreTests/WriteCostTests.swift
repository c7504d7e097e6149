import Foundation
import LedgerSim
import SimStore
import Testing
import XRPL

/// What a ledger's write costs the simulator's actor at a normal heavy load: 2,000 payments
/// between 4,000 accounts in one ledger (4,000 changed AccountRoots). Printed for the README;
/// asserted only generously, since the machine is shared.
@Suite struct WriteCostTests {
    @Test func aLedgerOfTwoThousandPaymentsIsWrittenInMilliseconds() async throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let payments = 2_000
        let wallets = try (0..<(2 * payments)).map(StoreFixture.wallet)
        let config = StoreFixture.config { c in
            c.txq = .ledgerSize(3 * payments)
            for w in wallets { c.prefundedAccounts[w.address] = 1_000_000_000 }
        }
        let store = try f.open(config)
        defer { try? store.close() }
        let sim = try await f.simulator(store, config)
        let clock = ContinuousClock()
        var closes: [Duration] = []
        var encodes: [Duration] = []
        for round in 0..<3 {
            let blobs = try (0..<payments).map { i -> [UInt8] in
                let (from, to) = (wallets[i], wallets[payments + (i + round) % payments])
                let tx = Transaction(account: from.address, body: .payment(destination: to.address, amount: .drops(1_000)), fee: 10, sequence: 1 + UInt32(round))
                return try TransactionSigner.sign(tx, with: from.keys).blob
            }
            for blob in blobs { _ = try await sim.submit(blob: blob).get() }
            var closed: ClosedLedger?
            closes.append(await clock.measure { closed = await sim.closeLedger() })
            let ledger = try #require(closed)
            #expect(ledger.transactionCount == payments)
            // The binary metadata the store keeps: history encodes the same one close later
            // without a store, so this is moved, not added.
            let metas = ledger.transactions.compactMap(\.meta)
            encodes.append(clock.measure { for m in metas { _ = try? BinaryCodec.encode(m) } })
        }
        let stats = store.writeStats
        let writes = stats.ledgers
        print(
            "store write: \(writes) ledgers, mean \(stats.total / max(1, writes)), longest \(stats.longest) for \(payments) tx and \(stats.changes / max(1, writes)) changed entries per ledger (+ \(stats.deferred / max(1, writes)) each moving the diff into state, after, off the actor); metadata encoding (moved from history's archiving) \(encodes.min()!); whole close (apply, metadata, write) \(closes.min()!)..\(closes.max()!)"
        )
        #expect(stats.transactions == 3 * payments)
        #expect(stats.longest < .seconds(5))
    }
}
