import Testing
import XRPL
@testable import LedgerSim

/// ledger_entry (LedgerEntry.cpp `doLedgerEntry`) and ledger_data (LedgerData.cpp
/// `doLedgerData`) over the modelled objects.
@Suite struct LedgerEntryTests {
    /// A gateway, a user with a line, an offer and an escrow.
    private func world() throws -> (SimFixture, Wallet, Wallet, offerSeq: UInt32, escrowSeq: UInt32) {
        var f = try SimFixture()
        let (g, a) = (try SimFixture.wallet(1), try SimFixture.wallet(2))
        try f.fund([g, a])
        try f.issue(g, to: [a], held: "50")
        let offerSeq = try #require(f.sequence(a))
        try f.submit(a, .offerCreate(takerPays: .drops(20_000_000), takerGets: try SimFixture.amount("10", g)))
        let escrowSeq = try #require(f.sequence(a))
        try f.submit(a, .escrowCreate(destination: g.address, amount: .drops(1_000_000), finishAfter: UInt32(f.time) + 100))
        f.close()
        return (f, g, a, offerSeq, escrowSeq)
    }

    @Test func everySelectorFindsItsObject() throws {
        var (f, g, a, offerSeq, escrowSeq) = try world()
        let root = try f.ok("ledger_entry", ["account_root": .string(a.address)])
        #expect(root["node"]?["LedgerEntryType"] == "AccountRoot" && root["node"]?["Account"] == .string(a.address))
        let index = try #require(root["index"]?.stringValue)
        #expect(try f.ok("ledger_entry", ["index": .string(index.lowercased())])["node"] == root["node"])
        let line = try f.ok("ledger_entry", ["ripple_state": ["accounts": [.string(a.address), .string(g.address)], "currency": "USD"]])
        #expect(line["node"]?["LedgerEntryType"] == "RippleState" && line["node"]?["LowNode"] == "0")
        let offer = try f.ok("ledger_entry", ["offer": ["account": .string(a.address), "seq": .int(Int64(offerSeq))]])
        #expect(offer["node"]?["TakerPays"] == "20000000")
        let offerByIndex = try f.ok("ledger_entry", ["offer": try #require(offer["index"])])
        #expect(offerByIndex["node"] == offer["node"])
        let escrow = try f.ok("ledger_entry", ["escrow": ["owner": .string(a.address), "seq": .int(Int64(escrowSeq))], "ledger_index": "validated"])
        #expect(escrow["node"]?["Destination"] == .string(g.address) && escrow["validated"] == true)
        // binary: the object's bytes, which decode back to it.
        let bin = try f.ok("ledger_entry", ["account_root": .string(a.address), "binary": true])
        let decoded = try BinaryCodec.decode(try Hex.decode(try #require(bin["node_binary"]?.stringValue)))
        #expect(decoded["Account"] == .string(a.address) && decoded["Sequence"] == root["node"]?["Sequence"])
    }

    @Test func refusalsInRippledTokens() throws {
        var (f, g, a, _, _) = try world()
        let rootIndex = try #require(f.ok("ledger_entry", ["account_root": .string(a.address)])["index"])
        let cases: [([String: JSONValue], Int, String)] = [
            ([:], 2, "invalidParams"),
            ([:], 1, "unknownOption"),
            (["account_root": .string(a.address), "index": rootIndex], 2, "invalidParams"),
            (["account_root": "rBad"], 2, "malformedAddress"),
            (["index": "XYZ"], 2, "malformedRequest"),
            (["index": .string(String(repeating: "A", count: 64))], 2, "entryNotFound"),
            (["account_root": .string(try SimFixture.wallet(77).address)], 2, "entryNotFound"),
            (["offer": rootIndex], 2, "unexpectedLedgerType"),
            (["offer": ["account": .string(a.address), "seq": 999]], 2, "entryNotFound"),
            (["ripple_state": ["accounts": [.string(a.address)], "currency": "USD"]], 2, "malformedRequest"),
            (["ripple_state": ["accounts": [.string(a.address), .string(a.address)], "currency": "USD"]], 2, "malformedRequest"),
            (["ripple_state": ["accounts": [.string(a.address), .string(g.address)], "currency": "XRP"]], 2, "malformedCurrency"),
            (["check": .string(String(repeating: "A", count: 64))], 2, "entryNotFound"),
            (["account_root": .string(a.address), "ledger_index": 99_999_999], 2, "lgrNotFound"),
        ]
        for (params, v, token) in cases {
            #expect(errorToken(f.rpc("ledger_entry", params, v: v)) == token, "\(params) v\(v)")
        }
    }

    @Test func ledgerDataPagesVisitEveryObjectOnce() throws {
        var (f, _, _, _, _) = try world()
        let state = f.core.validatedState
        let total = state.accounts.count + state.lines.count + state.offers.count + state.escrows.count
        var seen: [String] = []
        var marker: JSONValue?
        var first = true
        for _ in 0..<100 {
            var p: [String: JSONValue] = ["ledger_index": "validated", "limit": 7]
            if let marker { p["marker"] = marker }
            let r = try f.ok("ledger_data", p)
            #expect((r["ledger"] != nil) == first, "the header only on the first page")
            first = false
            let page = try #require(r["state"]?.arrayValue)
            #expect(page.count <= 7)
            seen += page.compactMap { $0["index"]?.stringValue }
            marker = r["marker"]
            if marker == nil { break }
        }
        #expect(seen.count == total && Set(seen).count == total)
        // type filter: limit counts visited objects, so the offers come back over the pages.
        let offers = try f.ok("ledger_data", ["ledger_index": "validated", "type": "offer"])["state"]?.arrayValue
        #expect(offers?.count == 1 && offers?.first?["LedgerEntryType"] == "Offer")
        let bin = try f.ok("ledger_data", ["ledger_index": "validated", "binary": true, "limit": 3])
        #expect(bin["state"]?[0]?["data"]?.stringValue != nil && bin["ledger"]?["ledger_data"] != nil)
        // The header's ledger_index is a string for API v1, a number for v2, as `ledger` gives it.
        #expect(try f.ok("ledger_data", ["ledger_index": "validated", "limit": 1], v: 1)["ledger"]?["ledger_index"]?.stringValue != nil)
        #expect(try f.ok("ledger_data", ["ledger_index": "validated", "limit": 1], v: 2)["ledger"]?["ledger_index"]?.stringValue == nil)
        for bad: [String: JSONValue] in [
            ["marker": "nope"], ["marker": .string(String(repeating: "B", count: 64))], ["marker": 5], ["limit": "x"], ["type": "bogus"],
        ] {
            #expect(errorToken(f.rpc("ledger_data", bad)) == "invalidParams", "\(bad)")
        }
        // Huge limits are capped at rippled's page lengths (256 JSON, 2048 binary).
        #expect((try f.ok("ledger_data", ["limit": 1_000_000])["state"]?.arrayValue?.count ?? 0) <= 256)
    }
}
