import Testing
import XRPL
@testable import LedgerSim

/// The local load fee after rippled's LoadFeeTrack (`raiseLocalFee`, `lowerLocalFee`,
/// `scaleFeeLoad`) driven once a second by LoadManager (issue 11 §2, item 2).
@Suite struct LoadFeeTests {
    /// A server digesting `capacity` submits a second, handed `submits` at time `at`.
    static func flooded(capacity: Double, submits: Int, at: Double) -> LoadFeeTrack {
        var l = LoadFeeTrack(capacity: capacity)
        l.advance(to: at)
        for _ in 0..<submits { l.recordSubmit(at: at) }
        return l
    }

    /// `LoadFeeTrack::raiseLocalFee`: nothing until the second overloaded tick in a row, then a
    /// quarter more per tick; `lowerLocalFee` takes a quarter off per quiet tick, down to 256.
    @Test func raiseLocalFeeWaitsTwoTicksThenAddsAQuarter() {
        var l = Self.flooded(capacity: 10, submits: 100, at: 100)
        // A burst alone changes nothing.
        #expect(l.localFee == 256)
        var seen: [UInt64] = []
        for t in 101...110 {
            l.advance(to: Double(t))
            seen.append(l.localFee)
        }
        // Backlog 90, 80, … 20 is overloaded (more than 10 waiting); 10 at t=109 is not.
        #expect(seen == [256, 320, 400, 500, 625, 781, 976, 1220, 915, 687])
        l.advance(to: 200)
        #expect(l.localFee == 256)
    }

    /// `lftFeeMax` is 256 × 1,000,000, not 256 × 1000.
    @Test func localFeeIsCappedAtAMillionTimesNormal() {
        var l = Self.flooded(capacity: 1, submits: 10_000, at: 0)
        l.advance(to: 200)
        #expect(l.localFee == 256_000_000)
        #expect(l.feeFactor(unlimited: true) == 256_000_000)
    }

    /// `scaleFeeLoad`: an admin (unlimited) submit pays the normal fee while the local factor is
    /// below four times normal; a remote one pays the full factor.
    @Test func scaleFeeLoadLetsAdminsPayNormalBelowFourTimes() {
        var l = Self.flooded(capacity: 10, submits: 200, at: 0)
        l.advance(to: 7)
        #expect(l.localFee == 976)
        #expect(l.feeFactor(unlimited: true) == 256)
        #expect(l.feeFactor(unlimited: false) == 976)
        l.advance(to: 8)
        #expect(l.localFee == 1220)
        #expect(l.feeFactor(unlimited: true) == 1220)
    }

    /// The same rules through submits: a server that digests 2 submits a second, flooded with
    /// 30 at once, charges a remote client from the second tick on and an admin client only
    /// once its factor passes 4×.
    @Test(arguments: [true, false])
    func submitsPayTheLoadFeeAsTheirRoleDecides(admin: Bool) throws {
        var f = try SimFixture(config: SimFixture.config { $0.loadCapacity = 2; $0.submitsAreAdmin = admin })
        let busy = try SimFixture.wallet(1)
        let client = try SimFixture.wallet(2)
        try f.fund([busy, client])
        for _ in 0..<30 { _ = try f.submit(busy, .noOp) }
        f.close()
        #expect(f.core.loadFactor == 256)
        #expect(try f.submit(client, .noOp).result == .tesSUCCESS)
        f.close()
        #expect(f.core.loadFactor == 320)
        #expect(try f.submit(client, .noOp).result == (admin ? .tesSUCCESS : .telINSUF_FEE_P))
        for _ in 0..<6 { f.close() }
        #expect(f.core.loadFactor == 1220)
        #expect(try f.submit(client, .noOp).result == .telINSUF_FEE_P)
        // 10 × 1220 / 256 = 47.6: 47 drops is the minimum.
        #expect(try f.submit(client, .noOp, fee: 47).result == .tesSUCCESS)
    }
}
