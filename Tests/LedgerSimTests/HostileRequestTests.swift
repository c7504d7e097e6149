import Foundation
import Testing
import XRPL
@testable import LedgerSim

/// What a hostile client sends the simulator: refused in rippled's terms, at once, and never a
/// trap. Through `Simulator.handle`, the path both transports take.
@Suite struct HostileRequestTests {
    static func simulator(_ configure: (inout SimConfig) -> Void = { _ in }) -> Simulator {
        var config = SimFixture.config()
        configure(&config)
        return Simulator(config: config, clock: .manual(start: 1_000_000))
    }

    static func error(_ reply: ServiceReply) -> RPCError? {
        if case .reply(.failure(let e)) = reply { return e }
        return nil
    }

    /// The blob: 20,000 nested objects, answered `invalidTransaction` as rippled's
    /// Submit.cpp answers an STTx that throws while deserializing.
    @Test func deeplyNestedSubmitIsAnInvalidTransaction() async {
        let sim = Self.simulator()
        let reply = await sim.handle(method: "submit", params: ["tx_blob": .string(String(repeating: "EA", count: 20_000))], apiVersion: 1, session: nil)
        let e = Self.error(reply)
        #expect(e?.token == "invalidTransaction")
        #expect(e?.exception?.contains("nesting depth") == true, "\(String(describing: e?.exception))")
    }

    /// rippled's STTx refuses fewer than 32 or more than 1 MiB bytes before decoding
    /// ("Transaction length invalid"); a blob that is not hex is invalidParams.
    @Test func blobLengthsAreCheckedFirst() async {
        let sim = Self.simulator()
        for hex in ["1200", String(repeating: "AB", count: BinaryCodec.maxBlobBytes + 1)] {
            let e = Self.error(await sim.handle(method: "submit", params: ["tx_blob": .string(hex)], apiVersion: 1, session: nil))
            #expect(e?.token == "invalidTransaction")
            #expect(e?.exception == "Transaction length invalid")
        }
        let e = Self.error(await sim.handle(method: "submit", params: ["tx_blob": "not hex"], apiVersion: 1, session: nil))
        #expect(e?.token == "invalidParams")
    }

    /// A 200 KB `account` took 22 s to refuse while holding the actor; by length it takes
    /// microseconds. Every address-taking method and a subscribe's account list.
    @Test func longAddressesAreRefusedAtOnce() async {
        let sim = Self.simulator()
        let long = "r" + String(repeating: "p", count: 200_000)
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            for method in ["account_info", "account_tx"] {
                let e = Self.error(await sim.handle(method: method, params: ["account": .string(long)], apiVersion: 1, session: nil))
                #expect(e?.token == "actMalformed", "\(method)")
            }
            let session = await sim.openSession()
            let accounts = JSONValue.array([.string(SimulatorCore.genesisAddress), .string(long)])
            let e = Self.error(await sim.handle(method: "subscribe", params: ["accounts": accounts], apiVersion: 1, session: session.id))
            #expect(e?.token == "actMalformed")
            for (method, field) in [("tx", "transaction"), ("ledger", "ledger_hash"), ("account_info", "ledger_hash")] {
                var params: [String: JSONValue] = [field: .string(String(repeating: "A", count: 200_000))]
                params["account"] = .string(SimulatorCore.genesisAddress)
                let e = Self.error(await sim.handle(method: method, params: params, apiVersion: 1, session: nil))
                // `doTxJson` answers a `transaction` that is no hex ID with notImpl.
                #expect(e?.token == (method == "tx" ? "notImpl" : "invalidParams"), "\(method) \(field)")
            }
        }
        // Generous: the old path took 22 s for one request.
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }

    /// A subscribe naming thousands of valid accounts is accepted; they are checked off the
    /// actor, which only records them.
    @Test func aSubscribeWithThousandsOfAccountsIsAccepted() async throws {
        let sim = Self.simulator()
        let session = await sim.openSession()
        let accounts = (0..<2_000).map { i in
            JSONValue.string(try! AddressCodec.encodeClassicAddress((0..<20).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &* 13 &+ i >> 8) }))
        }
        let reply = await sim.handle(method: "subscribe", params: ["accounts": .array(accounts)], apiVersion: 1, session: session.id)
        #expect(Self.error(reply) == nil)
    }

    /// Reserves at the top of their range: the arithmetic saturates, nothing traps, and
    /// server_info and server_state report them.
    @Test func hugeReservesNeverTrap() async throws {
        let sim = Self.simulator { c in
            c.reserveBase = SimConfig.maxReserveDrops
            c.reserveIncrement = SimConfig.maxReserveDrops
        }
        #expect(await sim.config.accountReserve(ownerCount: UInt32.max) == SimConfig.maxReserveDrops)
        var unclamped = SimConfig()
        unclamped.reserveBase = .max
        unclamped.reserveIncrement = .max
        #expect(unclamped.accountReserve(ownerCount: UInt32.max) == SimConfig.maxReserveDrops)
        for method in ["server_info", "server_state"] {
            let reply = await sim.handle(method: method, params: [:], apiVersion: 1, session: nil)
            #expect(Self.error(reply) == nil, "\(method)")
        }
        // A payment from genesis cannot meet a reserve of every XRP there is: a result, not a trap.
        var f = try SimFixture(config: await sim.config)
        let a = try SimFixture.wallet(1)
        let out = try f.submit(f.genesis, .payment(destination: a.address, amount: .drops(1_000_000)))
        #expect(out.result.token.hasPrefix("tec"))
    }

    /// A load capacity so small that the backlog never drains: the factor climbs to its cap and
    /// stays there, and a jump of decades costs no loop per second.
    @Test func aTinyLoadCapacityCapsTheLoadFactor() {
        var track = LoadFeeTrack(capacity: 1e-300)
        track.recordSubmit(at: 1)
        track.recordSubmit(at: 1)
        track.advance(to: 200)
        #expect(track.localFee == LoadFeeTrack.maximum)
        track.advance(to: 3e9)
        #expect(track.localFee == LoadFeeTrack.maximum)
    }
}
