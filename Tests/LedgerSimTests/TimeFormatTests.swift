import Foundation
import Testing
@testable import LedgerSim

/// `close_time_iso` is formatted by hand (it is on the per-transaction path); it must agree
/// with Foundation's ISO 8601 formatter.
@Suite struct TimeFormatTests {
    @Test(arguments: [UInt32(0), 1, 59, 86_399, 86_400, 500_000_000, 817_000_000, UInt32.max])
    func isoTimeMatchesFoundation(_ rippleTime: UInt32) {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let expected = f.string(from: Date(timeIntervalSince1970: Double(rippleTime) + 946_684_800))
        #expect(SimAPI.isoTime(rippleTime) == expected)
    }
}
