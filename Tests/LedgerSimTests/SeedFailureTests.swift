import Testing
import XRPL
@testable import LedgerSim

/// The failure SeqWatch exists for, reproduced: an account's init burst of TrustSets against a
/// small expected ledger size and a busy server. The tail is priced out with telINSUF_FEE_P,
/// which consumes nothing; a naive client that kept counting gets terPRE_SEQ for everything
/// after, and once the server stops retrying the refused one, the gap is permanent.
/// This is the contract the workload engine's strategies are measured against.
///
/// The seed's client was remote (not admin), so it paid the full load fee; and rippled raises
/// that fee only on the second overloaded second and a quarter a second after, so the burst
/// here runs at 5 a second against a server that digests 2.
@Suite struct SeedFailureTests {
    static func config() -> SimConfig {
        SimFixture.config(ledgerSize: 10) {
            $0.loadCapacity = 2
            $0.submitsAreAdmin = false
        }
    }

    @Test func burstOfTrustSetsOpensAGapThatNeverCloses() throws {
        var f = try SimFixture(config: Self.config())
        let client = try SimFixture.wallet(1)
        let issuer = try SimFixture.wallet(2)
        try f.fund([client, issuer])
        var cached = try #require(f.sequence(client))

        func trustSet(_ i: Int) throws -> TransactionBody {
            .trustSet(limit: .issued(value: try IssuedValue(parsing: "1000"), currency: try CurrencyCode(String(format: "C%02d", i)), issuer: issuer.address))
        }
        // The init burst: 33 TrustSets, 5 a second, the naive way (cached += 1 each time).
        var results: [ResultCode] = []
        for i in 0..<33 {
            results.append(try f.submit(client, try trustSet(i), seq: cached).result)
            cached += 1
            f.time += 0.2
        }
        let firstTel = try #require(results.firstIndex(of: .telINSUF_FEE_P), "no telINSUF_FEE_P in \(results.map(\.token))")
        #expect(firstTel > 0)
        #expect(results[..<firstTel].allSatisfy { $0 == .tesSUCCESS || $0 == .terQUEUED })
        #expect(results[(firstTel + 1)...].allSatisfy { $0 == .terPRE_SEQ || $0 == .telINSUF_FEE_P })
        #expect(results[(firstTel + 1)...].contains(.terPRE_SEQ))
        let gap = try #require(f.sequence(client)) + UInt32(f.core.queued(account: client.address).count)

        // The workload keeps going at the same pace, so the server stays loaded and its own
        // retries of the refused transaction keep failing until it gives up.
        for ledger in 0..<8 {
            for _ in 0..<15 {
                let r = try f.submit(client, .noOp, seq: cached).result
                #expect(r == .terPRE_SEQ || r == .telINSUF_FEE_P, "ledger \(ledger): \(r.token)")
                cached += 1
            }
            f.close()
        }
        #expect(f.validatedSequence(client) == gap)
        #expect(cached > gap + 100)
        #expect(try f.submit(client, .noOp, seq: cached).result == .terPRE_SEQ)
        // The ledger tells the truth: account_sequence_next names the hole.
        #expect(try f.submit(client, .noOp, seq: cached + 1).accountSequenceNext == gap)
    }

    /// The same burst on an idle, roomy server: everything applies or queues, no gap.
    @Test func sameBurstWithoutLoadHasNoGap() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 64))
        let client = try SimFixture.wallet(1)
        let issuer = try SimFixture.wallet(2)
        try f.fund([client, issuer])
        var cached = try #require(f.sequence(client))
        for i in 0..<33 {
            let body = TransactionBody.trustSet(limit: .issued(value: try IssuedValue(parsing: "1000"), currency: try CurrencyCode(String(format: "C%02d", i)), issuer: issuer.address))
            #expect(try f.submit(client, body, seq: cached).result == .tesSUCCESS)
            cached += 1
        }
        f.close()
        #expect(f.validatedSequence(client) == cached)
        #expect(f.core.validatedState.trustLineCount(of: client.address) == 33)
        #expect(f.core.validatedState.account(client.address)?.ownerCount == 33)
    }
}
