import Foundation
import LedgerSim
import Synchronization
import Testing
import XRPL

@testable import LedgerClient

@Suite struct LedgerBackfillTests {
    static let alice = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
    static let bob = "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe"
    static let issuer = "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn"
    static let carol = "rLHzPsX6oXkzU2qL12kHCH8G8cnZv1rBJh"

    static func entry(_ tx: JSONValue, result: String = "tesSUCCESS", index: Int = 0, nodes: [JSONValue] = [], hash: String = "AB") -> JSONValue {
        ["tx_json": tx, "hash": .string(hash), "validated": true,
         "meta": ["TransactionResult": .string(result), "TransactionIndex": .int(Int64(index)), "AffectedNodes": .array(nodes)]]
    }

    static func ledgerResult(index: Int, transactions: [JSONValue]) -> JSONValue {
        ["ledger": ["ledger_index": .int(Int64(index)), "ledger_hash": .string(String(repeating: "C", count: 64)), "close_time": 777,
                    "close_time_iso": "2000-01-01T00:12:57Z", "closed": true, "transactions": .array(transactions)],
         "ledger_hash": .string(String(repeating: "C", count: 64)), "ledger_index": .int(Int64(index)), "validated": true]
    }

    @Test func affectedAccountsCoverSenderDestinationIssuerOwnerAndAccountRoots() {
        let pay: JSONValue = ["TransactionType": "Payment", "Account": .string(Self.alice), "Destination": .string(Self.bob),
                              "DeliverMax": ["currency": "USD", "issuer": .string(Self.issuer), "value": "1"]]
        #expect(LedgerBackfill.affectedAccounts(txJSON: pay, meta: nil) == [Self.alice, Self.bob, Self.issuer])

        let trust: JSONValue = ["TransactionType": "TrustSet", "Account": .string(Self.alice),
                                "LimitAmount": ["currency": "USD", "issuer": .string(Self.issuer), "value": "100"]]
        #expect(LedgerBackfill.affectedAccounts(txJSON: trust, meta: nil) == [Self.alice, Self.issuer])

        let finish: JSONValue = ["TransactionType": "EscrowFinish", "Account": .string(Self.bob), "Owner": .string(Self.alice), "OfferSequence": 5]
        #expect(LedgerBackfill.affectedAccounts(txJSON: finish, meta: nil) == [Self.alice, Self.bob])

        let meta: JSONValue = ["AffectedNodes": [
            ["ModifiedNode": ["LedgerEntryType": "AccountRoot", "FinalFields": ["Account": .string(Self.carol), "Sequence": 9]]],
            ["CreatedNode": ["LedgerEntryType": "AccountRoot", "NewFields": ["Account": .string(Self.bob)]]],
            ["ModifiedNode": ["LedgerEntryType": "RippleState", "FinalFields": ["Account": "rIgnored"]]],
        ]]
        let set: JSONValue = ["TransactionType": "AccountSet", "Account": .string(Self.alice)]
        #expect(LedgerBackfill.affectedAccounts(txJSON: set, meta: meta) == [Self.alice, Self.bob, Self.carol])
    }

    @Test func ledgerResultBecomesStreamMessagesInLedgerOrder() throws {
        let toBob = Self.entry(["TransactionType": "Payment", "Account": .string(Self.alice), "Destination": .string(Self.bob), "DeliverMax": "5"],
                               result: "tecUNFUNDED_PAYMENT", index: 1, hash: "B1")
        let aliceOnly = Self.entry(["TransactionType": "AccountSet", "Account": .string(Self.alice)], index: 0, hash: "A0")
        let result = Self.ledgerResult(index: 42, transactions: [toBob, aliceOnly])

        var b = LedgerBackfill(streams: ["ledger"], accounts: [Self.bob], fees: .init(feeBase: 12, reserveBase: 10_000_000, reserveInc: 2_000_000))
        let messages = try b.messages(fromLedgerResult: result)
        #expect(messages.count == 2)
        guard case .ledgerClosed(let l) = messages[0], case .transaction(let t) = messages[1] else {
            Issue.record("unexpected \(messages)")
            return
        }
        #expect(l.ledgerIndex == 42 && l.txnCount == 2 && l.ledgerTime == 777 && l.feeBase == 12 && l.reserveBase == 10_000_000)
        #expect(t.hash == "B1")
        #expect(t.engineResult == "tecUNFUNDED_PAYMENT")
        #expect(t.engineResultCode == 104)
        #expect(!t.engineResultMessage.isEmpty)
        #expect(t.validated && t.status == "closed")
        #expect(t.ledgerIndex == 42 && t.ledgerHash == String(repeating: "C", count: 64))
        #expect(t.txJSON["date"] == .int(777))
        #expect(t.closeTimeISO == "2000-01-01T00:12:57Z")

        // The transactions stream takes everything, in TransactionIndex order.
        b.streams = ["transactions"]
        let all = try b.messages(fromLedgerResult: result)
        #expect(all.compactMap { if case .transaction(let t) = $0 { t.hash } else { nil } } == ["A0", "B1"])
    }

    @Test func v1ShapedEntriesAreReadToo() throws {
        let v1: JSONValue = ["TransactionType": "Payment", "Account": .string(Self.alice), "Destination": .string(Self.bob), "Amount": "5",
                             "hash": "H1", "metaData": ["TransactionResult": "tesSUCCESS", "TransactionIndex": 0]]
        let b = LedgerBackfill(accounts: [Self.bob])
        let m = try b.messages(fromLedgerResult: Self.ledgerResult(index: 7, transactions: [v1]))
        guard case .transaction(let t)? = m.first else {
            Issue.record("no transaction in \(m)")
            return
        }
        #expect(t.hash == "H1")
        #expect(t.txJSON["hash"] == nil && t.txJSON["metaData"] == nil)
        #expect(t.txJSON["DeliverMax"] == "5" && t.txJSON["Amount"] == nil)
    }

    @Test func planIsBounded() {
        let b = LedgerBackfill(streams: ["ledger"])
        #expect(b.plan(completeThrough: 10, newest: 10) == .upToDate)
        #expect(b.plan(completeThrough: 10, newest: 13) == .ledgers(11...13))
        #expect(b.plan(completeThrough: 10, newest: 10 + 256) == .ledgers(11...266))
        #expect(b.plan(completeThrough: 10, newest: 10 + 257) == .skip(newest: 267, skipped: 11...266))
        #expect(LedgerBackfill().plan(completeThrough: 10, newest: 20) == .upToDate)
    }
}

/// The relay's resync protocol without a network: backfill, buffered pushes, de-duplication.
@Suite struct StreamRelayTests {
    static func ledgerClosed(_ i: UInt32) -> JSONValue {
        ["type": "ledgerClosed", "ledger_index": .int(Int64(i)), "ledger_hash": .string(String(repeating: "D", count: 64)), "ledger_time": 1,
         "fee_base": 10, "reserve_base": 1, "reserve_inc": 1, "txn_count": 0]
    }

    /// A fake server whose validated ledger is `newest`, counting `ledger` calls.
    final class FakeLedgers: Sendable {
        let newest: UInt32
        private let count = Mutex(0)
        init(newest: UInt32) { self.newest = newest }
        var calls: Int { count.withLock { $0 } }
        func fetch(_ method: String, _ params: [String: JSONValue]) throws -> JSONValue {
            count.withLock { $0 += 1 }
            let i = params["ledger_index"]?.stringValue == "validated" ? Int(newest) : params["ledger_index"]?.intValue ?? 0
            return LedgerBackfillTests.ledgerResult(index: i, transactions: [])
        }
    }

    static func drain(_ relay: StreamRelay) async -> [String] {
        relay.finish()
        var out: [String] = []
        for await e in relay.events { out.append(EventRecorder.describe(e)) }
        return out
    }

    @Test func backfillThenBufferedPushesWithoutDuplicatesThenConnected() async throws {
        let relay = StreamRelay()
        relay.addSubscriptions(streams: ["ledger"], accounts: [])
        try await relay.catchUp { m, p in try FakeLedgers(newest: 5).fetch(m, p) }  // baseline 5
        relay.finishResync()
        relay.live(Self.ledgerClosed(6))
        relay.markDisconnected("test")
        // Pushed while resyncing (the new session overlaps the backfill): buffered.
        relay.live(Self.ledgerClosed(8))
        relay.live(Self.ledgerClosed(9))
        let fake = FakeLedgers(newest: 8)
        try await relay.catchUp { m, p in try fake.fetch(m, p) }
        relay.finishResync()
        relay.live(Self.ledgerClosed(9))  // a repeat
        relay.live(Self.ledgerClosed(10))
        #expect(relay.health.reconnects == 1)
        #expect(await Self.drain(relay) == [
            "connected", "ledgerClosed(6)", "disconnected(test)", "ledgerClosed(7)", "ledgerClosed(8)", "ledgerClosed(9)", "connected",
            "ledgerClosed(10)",
        ])
    }

    /// A server that lost its state: its validated ledger is far behind what was delivered.
    /// The relay starts over from the new history instead of filtering every ledger as old
    /// (which left the engine blind until the new server passed the old index).
    @Test func historyThatWentBackwardsStartsOver() async throws {
        let relay = StreamRelay()
        relay.addSubscriptions(streams: ["ledger"], accounts: [])
        try await relay.catchUp { m, p in try FakeLedgers(newest: 500).fetch(m, p) }
        relay.finishResync()
        relay.live(Self.ledgerClosed(501))
        relay.markDisconnected("restarted")
        try await relay.catchUp { m, p in try FakeLedgers(newest: 3).fetch(m, p) }
        relay.finishResync()
        relay.live(Self.ledgerClosed(4))
        #expect(relay.health.historyResets == 1)
        #expect(await Self.drain(relay) == ["connected", "ledgerClosed(501)", "disconnected(restarted)", "connected", "ledgerClosed(4)"])
    }

    /// A pushed message that does not decode is reported, not dropped without a trace.
    @Test func undecodableMessagesAreReported() async throws {
        let relay = StreamRelay()
        relay.addSubscriptions(streams: ["ledger"], accounts: [])
        try await relay.catchUp { m, p in try FakeLedgers(newest: 5).fetch(m, p) }
        relay.finishResync()
        var broken = Self.ledgerClosed(6)
        broken["ledger_index"] = "not a number"
        relay.live(broken)
        relay.unparsed("a frame that is not JSON (3 bytes)")
        relay.live(Self.ledgerClosed(6))
        let events = await Self.drain(relay)
        #expect(events.count == 4, "\(events)")
        #expect(events.first == "connected" && events.last == "ledgerClosed(6)")
        #expect(events.dropFirst().prefix(2).allSatisfy { $0.hasPrefix("unparsed(") }, "\(events)")
    }

    @Test func tooManyMissedLedgersAnnounceOnlyTheNewest() async throws {
        let relay = StreamRelay()
        relay.addSubscriptions(streams: ["ledger"], accounts: [])
        try await relay.catchUp { m, p in try FakeLedgers(newest: 10).fetch(m, p) }
        relay.finishResync()
        relay.markDisconnected("gone")
        let fake = FakeLedgers(newest: 1000)
        try await relay.catchUp(limit: 256) { m, p in try fake.fetch(m, p) }
        relay.finishResync()
        #expect(fake.calls == 2)  // the validated header, then only the newest ledger
        #expect(relay.health.lastError?.contains("skipped ledgers 11–999") == true)
        #expect(await Self.drain(relay) == ["connected", "disconnected(gone)", "ledgerClosed(1000)", "connected"])
    }
}
