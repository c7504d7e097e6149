import Foundation
import Testing
import XRPL
@testable import LedgerSim

/// The state queries, simulate and sign against hostile parameters, through
/// `Simulator.handle` (the path both transports take): every one answered, quickly, never a
/// trap, and oversized text refused before it is parsed.
@Suite struct HostileMethodTests {
    static let methods = [
        "account_lines", "account_objects", "account_offers", "account_currencies", "gateway_balances", "noripple_check",
        "book_offers", "ledger_entry", "ledger_data", "deposit_authorized", "tx_history", "server_definitions", "version",
        "simulate", "sign", "ping",
    ]
    static let fields = [
        "account", "peer", "marker", "limit", "type", "hotwallet", "role", "transactions", "taker", "taker_pays", "taker_gets",
        "index", "account_root", "ripple_state", "offer", "escrow", "binary", "source_account", "destination_account", "start",
        "hash", "tx_json", "tx_blob", "secret", "seed_hex", "ledger_index", "ledger_hash",
    ]

    /// Values of every JSON kind, including ones that overflow or nest.
    static func values(_ rng: inout SplitMix64) -> [JSONValue] {
        let long = String(repeating: "r", count: 100_000)
        return [
            .null, true, false, 0, -1, .int(.min), .uint(.max), .double(.infinity), .double(-0.5), "", .string(long),
            .string(String(repeating: "F", count: 64)), .string("\(String(repeating: "F", count: 64)),\(UInt64.max)"),
            .string(SimulatorCore.genesisAddress), [], .array(Array(repeating: .string(long), count: 3)), [:],
            ["currency": .string(long), "issuer": .string(long)], ["accounts": [1, 2], "currency": 5],
            ["account": .string(SimulatorCore.genesisAddress), "seq": .uint(.max)], .int(Int64(bitPattern: rng.next())),
        ]
    }

    @Test func everyFieldOfEveryMethodIsAnsweredQuickly() async {
        let sim = Simulator(config: SimFixture.config(), clock: .manual(start: 1_000_000))
        var rng = SplitMix64(seed: 11)
        let session = await sim.openSession()
        let clock = ContinuousClock()
        var slowest: Duration = .zero
        var calls = 0
        for method in Self.methods {
            for field in Self.fields {
                for value in Self.values(&rng) {
                    var params: [String: JSONValue] = [field: value]
                    // Half the calls name a real account, so the walk behind the field runs too.
                    if rng.next() % 2 == 0, field != "account" { params["account"] = .string(SimulatorCore.genesisAddress) }
                    let elapsed = await clock.measure {
                        _ = await sim.handle(method: method, params: params, apiVersion: Int(1 + rng.next() % 2), session: session.id)
                    }
                    slowest = max(slowest, elapsed)
                    calls += 1
                }
            }
        }
        #expect(calls == Self.methods.count * Self.fields.count * 21)
        // Debug build on a shared machine: generous, yet far below any scan or a 100 KB decode.
        #expect(slowest < .milliseconds(500), "slowest call \(slowest)")
    }
}
