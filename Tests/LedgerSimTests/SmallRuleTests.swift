import Testing
import XRPL
@testable import LedgerSim

/// The small differences of issue 11 §2, item 10, each after the rippled function it mirrors.
@Suite struct SmallRuleTests {
    /// `TxQ::doRPC`: `median_fee` and `minimum_fee` are plain `toDrops`, rounded down; only
    /// `open_ledger_fee` rounds up.
    @Test func feeRoundsMedianAndMinimumDown() throws {
        var f = try SimFixture(config: SimFixture.config(ledgerSize: 2))
        let wallets = try (1...3).map(SimFixture.wallet)
        try f.fund(wallets)
        // Every transaction pays 50,001 drops: level 1,280,025 (50,001 × 256 / 10, rounded down).
        for w in wallets { #expect(try f.submit(w, .noOp, fee: 50_001).result == .tesSUCCESS) }
        f.close()
        #expect(f.core.escalationMultiplier == 1_280_025)
        let fee = try f.ok("fee")
        // 1,280,025 × 10 / 256 = 50,000.97…
        #expect(fee["drops"]?["median_fee"] == .string("50000"))
        #expect(fee["drops"]?["minimum_fee"] == .string("10"))
        #expect(fee["levels"]?["median_level"] == .string("1280025"))
    }

    /// `doTxJson`: a `transaction` that is not a 256-bit hex ID is `notImpl`; a missing one is
    /// `invalidParams`.
    @Test func txWithAMalformedHashIsNotImpl() throws {
        var f = try SimFixture()
        for bad in ["xyz", String(repeating: "G", count: 64), String(repeating: "A", count: 63)] {
            guard case .failure(let e) = f.rpc("tx", ["transaction": .string(bad)]) else {
                Issue.record("\(bad) accepted")
                continue
            }
            #expect(e.token == "notImpl" && e.code == 74)
        }
        guard case .failure(let missing) = f.rpc("tx") else { Issue.record("missing hash accepted"); return }
        #expect(missing.token == "invalidParams")
        guard case .failure(let unknown) = f.rpc("tx", ["transaction": .string(String(repeating: "ab", count: 32))]) else {
            Issue.record("unknown hash found")
            return
        }
        #expect(unknown.token == "txnNotFound")
    }

    /// rippled's `rpcBAD_SEED` is 44, for sign-and-submit as for `sign`.
    @Test func badSeedIsCode44() throws {
        var f = try SimFixture()
        let tx: JSONValue = .object(["TransactionType": "AccountSet", "Account": .string(SimulatorCore.genesisAddress)])
        guard case .failure(let e) = f.rpc("submit", ["tx_json": tx, "secret": "not a seed"]) else {
            Issue.record("bad seed accepted")
            return
        }
        #expect(e.token == "badSeed" && e.code == 44)
    }

    /// `FeeMetrics::update` on a slow round: `slowConsensusDecreasePercent` is the share cut,
    /// so 30 keeps 70 % of the ledger's size (bounded by 70 % of the old expectation).
    @Test func slowConsensusCutsByTheDecreasePercent() {
        var setup = TxQSetup.ledgerSize(10)
        setup.slowConsensusDecreasePercent = 30
        var m = FeeMetrics(setup: setup)
        m.update(closedFeeLevels: Array(repeating: 256, count: 100), timeLeap: false)
        #expect(m.txnsExpected == 120)
        m.update(closedFeeLevels: Array(repeating: 256, count: 100), timeLeap: true)
        #expect(m.txnsExpected == 70)
        m.update(closedFeeLevels: Array(repeating: 256, count: 200), timeLeap: true)
        #expect(m.txnsExpected == 49)
    }
}
