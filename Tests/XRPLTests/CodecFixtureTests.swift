import Foundation
import TestSupport
import Testing
@testable import XRPL

/// The published codec fixtures (xrpl.js ripple-binary-codec / xrpl-py), both directions.
@Suite(.offThePool) struct CodecFixtureTests {
    static let transactions: [JSONValue] = {
        (try? Fixtures.load("codec-fixtures.json"))?["transactions"]?.arrayValue ?? []
    }()

    @Test func fixturesArePresent() {
        #expect(Self.transactions.count == 31)
    }

    @Test(arguments: 0..<31)
    func transactionRoundTrips(index: Int) throws {
        try #require(index < Self.transactions.count)
        let fixture = Self.transactions[index]
        let json = try #require(fixture["json"])
        let binary = try #require(fixture["binary"]?.stringValue)
        // JSON → binary, byte for byte.
        #expect(Hex.encode(try BinaryCodec.encode(json)) == binary.uppercased())
        // binary → JSON, field for field.
        #expect(try BinaryCodec.decode(hex: binary) == json)
    }

    @Test func accountStateObjectsRoundTrip() throws {
        let objects = try #require(try Fixtures.load("codec-fixtures.json")["accountState"]?.arrayValue)
        var checked = 0
        for fixture in objects {
            guard let json = fixture["json"], let binary = fixture["binary"]?.stringValue else { continue }
            #expect(Hex.encode(try BinaryCodec.encode(json)) == binary.uppercased(), "\(json["LedgerEntryType"] ?? nil)")
            checked += 1
        }
        #expect(checked > 200)
    }

    @Test func fieldHeaders() throws {
        let tests = try #require(try Fixtures.load("data-driven-tests.json")["fields_tests"]?.arrayValue)
        for t in tests {
            let name = try #require(t["name"]?.stringValue)
            let expected = try #require(t["expected_hex"]?.stringValue)
            let def = try #require(Definitions.fields[name], "field \(name)")
            #expect(Hex.encode(def.header) == expected, "\(name)")
        }
    }

    /// Amount and UInt8/16 value vectors, including the published error cases.
    @Test func valueVectors() throws {
        let tests = try #require(try Fixtures.load("data-driven-tests.json")["values_tests"]?.arrayValue)
        var amounts = 0
        var errors = 0
        for t in tests {
            guard let value = t["test_json"], let type = t["type"]?.stringValue else { continue }
            if type == "Amount" {
                amounts += 1
                var w = BinaryWriter()
                if t["error"] != nil {
                    #expect(throws: XRPLError.self, "\(value) must be rejected") {
                        try Amount(json: value).write(to: &w)
                    }
                    errors += 1
                } else if let expected = t["expected_hex"]?.stringValue {
                    try Amount(json: value).write(to: &w)
                    #expect(Hex.encode(w.bytes) == expected, "\(value)")
                }
            } else if let field = t["type_specialisation_field"]?.stringValue, let expected = t["expected_hex"]?.stringValue,
                isCurrent(value, field: field)
            {
                let tx: JSONValue = [field: value]
                #expect(Hex.encode(try BinaryCodec.encode(tx).dropFirst(Definitions.fields[field]!.header.count)) == expected)
            }
        }
        #expect(amounts > 40)
        #expect(errors >= 5)
    }

    /// The vectors include names retired from definitions.json (NickNameSet, Contract…).
    private func isCurrent(_ value: JSONValue, field: String) -> Bool {
        let names = field == "TransactionType" ? Definitions.transactionTypeCodes
            : field == "LedgerEntryType" ? Definitions.ledgerEntryTypeCodes : Definitions.transactionResultCodes
        if let s = value.stringValue { return names[s] != nil }
        return true
    }

    @Test func wholeObjects() throws {
        let tests = try #require(try Fixtures.load("data-driven-tests.json")["whole_objects"]?.arrayValue)
        for t in tests {
            let json = try #require(t["tx_json"])
            let expected = try #require(t["blob_with_no_signing"]?.stringValue)
            #expect(Hex.encode(try BinaryCodec.encode(json)) == expected.uppercased())
        }
    }

    /// X-addresses encode to the same bytes as classic address + tag.
    @Test func xAddressFixtures() throws {
        let tests = try #require(try Fixtures.load("x-codec-fixtures.json")["transactions"]?.arrayValue)
        #expect(!tests.isEmpty)
        for t in tests {
            let r = try #require(t["rjson"])
            let x = try #require(t["xjson"])
            #expect(try BinaryCodec.encode(x) == BinaryCodec.encode(r))
        }
    }
}
