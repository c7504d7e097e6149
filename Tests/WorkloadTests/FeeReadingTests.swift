import Testing
import XRPL
@testable import Workload

/// The fee panel shows one `fee` reply whole: figures from different moments never meet in one row.
@Suite struct FeeReadingTests {
    static func fee(current: Int, expected: Int, queue: Int, open: UInt64, ledger: UInt32) -> FeeResponse {
        FeeResponse(
            currentLedgerSize: "\(current)", currentQueueSize: "\(queue)", expectedLedgerSize: "\(expected)", ledgerCurrentIndex: ledger,
            maxQueueSize: "2000", levels: .init(medianLevel: "128000", minimumLevel: "256", openLedgerLevel: "256"),
            drops: .init(baseFee: "10", medianFee: "5000", minimumFee: "10", openLedgerFee: "\(open)"))
    }

    @Test func aLaterSubmitReplyDoesNotMixIntoTheReading() throws {
        var c = try WorkloadCore(config: WorkloadConfig(), now: 0)
        #expect(c.feeRow().readAtLedger == nil && !c.feeRow().escalated, "no reading yet: nothing claimed")
        c.feeTracker.noteFee(Self.fee(current: 0, expected: 48, queue: 0, open: 10, ledger: 61), at: 1)
        // A submit reply prices the open ledger later, after a burst: the engine's fee follows it...
        let reply = SubmitResponse(
            engineResult: "terQUEUED", engineResultCode: -89, engineResultMessage: "", txBlob: "", txJSON: .object([:]), openLedgerCost: "5210")
        _ = c.feeTracker.noteSubmit(reply, code: .terQUEUED, paid: 12)
        #expect(c.fees.openLedgerFee == 5210)
        // ...but the panel's row stays the one reading: an empty open ledger is not escalated.
        c.now = 1.5
        let row = c.feeRow()
        #expect(row.currentLedgerSize == 0 && row.expectedLedgerSize == 48 && row.openLedgerFee == 10 && !row.escalated)
        #expect(row.readAtLedger == 61 && row.ageSeconds == 0.5)
        // The next reading replaces it whole.
        c.feeTracker.noteFee(Self.fee(current: 60, expected: 48, queue: 173, open: 5210, ledger: 62), at: 2)
        let next = c.feeRow()
        #expect(next.currentLedgerSize == 60 && next.currentQueueSize == 173 && next.openLedgerFee == 5210 && next.escalated)
        #expect(next.readAtLedger == 62)
    }
}
