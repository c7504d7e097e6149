import Testing
import XRPL
@testable import LedgerSim

@Suite struct FeeEscalationTests {
    @Test func feeLevelsOfSection1_1() {
        #expect(FeeEscalation.feeLevelPaid(feeDrops: 10, baseFeeDrops: 10) == 256)
        #expect(FeeEscalation.feeLevelPaid(feeDrops: 12, baseFeeDrops: 10) == 307)
        #expect(FeeEscalation.feeLevelPaid(feeDrops: 15, baseFeeDrops: 10) == 384)
        #expect(FeeEscalation.feeLevelPaid(feeDrops: 20, baseFeeDrops: 10) == 512)
        // Multi-signed with 3 signers: base 40, fee 60.
        #expect(FeeEscalation.feeLevelPaid(feeDrops: 60, baseFeeDrops: 40) == 384)
    }

    /// The worked table of XRPL-PROTOCOL 1.2 (base 10 drops, multiplier 128000).
    @Test(arguments: [
        (UInt64(32), UInt64(0), UInt64(256), UInt64(10)),
        (32, 32, 256, 10),
        (32, 33, 136_125, 5318),
        (32, 34, 144_500, 5645),
        (32, 40, 200_000, 7813),
        (32, 64, 512_000, 20000),
        (1000, 1000, 256, 10),
        (1000, 1001, 128_256, 5010),
        (1000, 2000, 512_000, 20000),
    ])
    func escalationTable(target: UInt64, current: UInt64, level: UInt64, drops: UInt64) {
        let required = FeeEscalation.requiredLevel(current: current, target: target, multiplier: FeeEscalation.minimumMultiplier)
        #expect(required == level)
        #expect(FeeEscalation.drops(forLevel: required, baseFeeDrops: 10) == drops)
    }

    @Test func targetPlusOneEntersAtBaseFee() {
        // expected_ledger_size is one less than what fits at the base fee.
        #expect(FeeEscalation.requiredLevel(current: 32, target: 32, multiplier: 128_000) == 256)
        #expect(FeeEscalation.requiredLevel(current: 33, target: 32, multiplier: 128_000) > 256)
    }
}

/// `seqwatch sim --standalone`: rippled's `setup_TxQ` with `standAlone`, where `FeeMetrics`
/// starts from `minimumTxnInLedgerSA` (1000) and the queue is 20 × expected after the first
/// close; the network defaults stay 32 and 2000.
@Suite struct StandaloneModeTests {
    @Test func standaloneUsesRippledsStandaloneTxQDefaults() throws {
        var standalone = SimFixture.config()
        standalone.standalone = true
        standalone.txq = .standalone()
        var f = try SimFixture(config: standalone)
        f.close()
        #expect(f.core.expectedLedgerSize == 1000)
        #expect(f.core.queueMaxSize == 20_000)
        let fee = try f.ok("fee")
        #expect(fee["expected_ledger_size"]?.stringValue == "1000")
        #expect(fee["max_queue_size"]?.stringValue == "20000")
        // Network mode keeps the code's network values.
        var network = try SimFixture()
        network.close()
        #expect(network.core.expectedLedgerSize == 32)
        #expect(network.core.queueMaxSize == 2000)
    }
}
