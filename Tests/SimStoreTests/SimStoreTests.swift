import Foundation
import GRDB
import LedgerSim
import SimStore
import Testing
import XRPL

/// The store round trip: ledgers written as a simulator validates them read back to the same
/// chain and state, and the simulator continues from them.
@Suite struct SimStoreTests {
    /// Payments, a trust line with an issued balance, an offer and an escrow over several
    /// ledgers; then a reopen must give the same header, state objects, and transactions.
    @Test func writtenLedgersReopenToTheSameStateAndContinue() async throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let config = StoreFixture.config()
        let store = try f.open(config)
        let sim = try await f.simulator(store, config)
        let (issuer, holder) = (try StoreFixture.wallet(1), try StoreFixture.wallet(2))
        var hashes: [String] = []
        for w in [issuer, holder] {
            let r = try await StoreFixture.submit(sim, StoreFixture.genesis, .payment(destination: w.address, amount: .drops(1_000_000_000)))
            #expect(r.result == .tesSUCCESS)
            hashes.append(r.hash)
        }
        await sim.closeLedger()
        let usd = try Amount.issued("1000", currency: "USD", issuer: issuer.address)
        let bodies: [(Wallet, TransactionBody)] = [
            (holder, .trustSet(limit: usd)),
            (issuer, .payment(destination: holder.address, amount: try Amount.issued("25.5", currency: "USD", issuer: issuer.address))),
            (holder, .offerCreate(takerPays: .drops(5_000_000), takerGets: try Amount.issued("1", currency: "USD", issuer: issuer.address))),
            (issuer, .escrowCreate(destination: holder.address, amount: .drops(2_000_000), finishAfter: 900_000_000, cancelAfter: 999_000_000)),
        ]
        for (w, body) in bodies {
            let r = try await StoreFixture.submit(sim, w, body)
            #expect(r.result == .tesSUCCESS, "\(body): \(r.result)")
            hashes.append(r.hash)
            await sim.closeLedger()
        }
        for _ in 0..<3 { await sim.closeLedger() }
        let before = await sim.withCore { ($0.validated.header, StoreFixture.entries($0.validatedState), $0.validatedState.totalCoins) }
        #expect(before.1.count >= 4 + 32 + 1, "accounts, load accounts, line, offer, escrow")
        try store.close()

        let reopened = try f.open(config)
        let restored = try #require(reopened.takeRestored())
        #expect(restored.validatedIndex == before.0.index)
        let sim2 = Simulator(config: config, clock: .manual(start: f.time + 100), sink: reopened, restoring: restored)
        let after = await sim2.withCore { ($0.validated.header, StoreFixture.entries($0.validatedState), $0.validatedState.totalCoins) }
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        #expect(after.2 == before.2)
        // Every transaction answers `tx` as validated, with its metadata.
        for hash in hashes {
            let reply = await sim2.handle(method: "tx", params: ["transaction": .string(hash)], apiVersion: 1, session: nil)
            guard case .reply(.success(let tx)) = reply else {
                Issue.record("tx \(hash): \(reply)")
                continue
            }
            #expect(tx["validated"] == .bool(true))
            #expect(tx["meta"]?["TransactionResult"] == .string("tesSUCCESS"))
        }
        // The chain goes on from where it was, and that ledger is kept too.
        let pay = try await StoreFixture.submit(sim2, holder, .payment(destination: issuer.address, amount: .drops(1_000_000)))
        #expect(pay.result == .tesSUCCESS)
        let next = await sim2.closeLedger()
        #expect(next.index == before.0.index + 1)
        #expect(next.parentHash == before.0.hash)
        try reopened.close()
        let third = try f.open(config)
        defer { try? third.close() }
        #expect(third.takeRestored()?.validatedIndex == next.index)
        #expect(third.takeRestored() == nil, "handed over once")
    }

    /// Diffs still waiting when the simulator died are replayed over `state`, oldest first: a
    /// put brings an object back, a delete takes one away.
    @Test func waitingDiffsAreReplayedOnRestore() async throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let config = StoreFixture.config()
        let (store, sim) = try await f.storeWithFundedAccounts(config, accounts: 3)
        let expected = await sim.withCore { StoreFixture.entries($0.validatedState) }
        let newest = await sim.withCore { $0.validated.index }
        try store.close()
        // As if the last ledger's diff had not been applied yet: its objects out of `state`,
        // the diff waiting; and an older diff that a newer one overrides.
        let (kept, gone) = (expected[0], expected[1])
        let db = try DatabaseQueue(path: f.databasePath)
        try await db.write { db in
            try db.execute(sql: "DELETE FROM state WHERE ledger_entry_index = ?", arguments: [kept.index])
            let older = StateDiffPack.encode([StateDiffPack.Row(index: kept.index, object: "not json, overridden")])
            let newer = StateDiffPack.encode([
                StateDiffPack.Row(index: kept.index, object: kept.jsonText), StateDiffPack.Row(index: gone.index, object: nil),
            ])
            try db.execute(sql: "INSERT INTO state_diffs (ledger_index, changes) VALUES (?, ?), (?, ?)", arguments: [newest - 1, older, newest, newer])
        }
        try db.close()
        let reopened = try f.open(config)
        defer { try? reopened.close() }
        let restored = try #require(reopened.takeRestored())
        #expect(StoreFixture.entries(restored.state) == expected.filter { $0.index != gone.index })
    }

    /// A store whose file a newer seqwatch wrote is refused with that version, untouched.
    @Test func aNewerSchemaIsRefusedWithItsVersion() throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        try f.open(StoreFixture.config()).close()
        let db = try DatabaseQueue(path: f.databasePath)
        try db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        try db.close()
        let hash = try StoreFixture.sha256(f.databasePath)
        let error = #expect(throws: SimStoreError.self) { try f.open(StoreFixture.config()) }
        #expect(error?.description.contains("schema version 99") == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
        #expect(try StoreFixture.sha256(f.databasePath) == hash)
    }

    /// Damaged files of every kind: refused in one line, the file byte-for-byte as it was.
    @Test(arguments: ["truncated", "garbage", "empty", "scribbled"])
    func aDamagedFileIsRefusedAndLeftUntouched(_ damage: String) async throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let config = StoreFixture.config()
        let (store, _) = try await f.storeWithFundedAccounts(config, accounts: 40)
        try store.close()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: f.databasePath)))
        switch damage {
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        case "garbage": bytes = Array(repeating: 0x42, count: 8192)
        case "empty": bytes = []
        default:
            // Every page after the first overwritten: a valid header over nonsense.
            for i in 4096..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: f.databasePath))
        let hash = try StoreFixture.sha256(f.databasePath)
        let error = #expect(throws: SimStoreError.self) {
            _ = try f.open(config)
        }
        #expect(error?.description.contains("\n") == false)
        #expect(error?.description.contains("left untouched") == true, "\(String(describing: error))")
        #expect(try StoreFixture.sha256(f.databasePath) == hash)
    }

    /// A well-formed file with a row that does not read back (a hand edit, a bug) is refused
    /// naming the row, before anything opens the file for writing.
    @Test func anUnreadableStateRowIsRefusedAndLeftUntouched() async throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let config = StoreFixture.config()
        let (store, _) = try await f.storeWithFundedAccounts(config, accounts: 1)
        try store.close()
        let db = try DatabaseQueue(path: f.databasePath)
        try await db.write { db in
            let sql = "UPDATE state SET object = ? WHERE ledger_entry_index = (SELECT MIN(ledger_entry_index) FROM state)"
            try db.execute(sql: sql, arguments: [#"{"LedgerEntryType":"AccountRoot"}"#])
        }
        try db.close()
        let hash = try StoreFixture.sha256(f.databasePath)
        let error = #expect(throws: SimStoreError.self) { try f.open(config) }
        #expect(error?.description.contains("AccountRoot without Account") == true, "\(String(describing: error))")
        #expect(try StoreFixture.sha256(f.databasePath) == hash)
    }

    /// Two simulators on one directory: the second is refused while the first holds it.
    @Test func aSecondStoreOnTheSameDirectoryIsRefused() throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        let first = try f.open(StoreFixture.config())
        let error = #expect(throws: SimStoreError.self) { try f.open(StoreFixture.config()) }
        #expect(error?.description.contains("in use by another seqwatch sim (pid \(getpid()))") == true, "\(String(describing: error))")
        try first.close()
        try f.open(StoreFixture.config()).close()
    }

    /// A restart that names another network id or start ledger is refused, naming the kept one.
    @Test func aConflictingNetworkOrStartIsRefused() throws {
        let f = try StoreFixture()
        defer { f.cleanUp() }
        try f.open(StoreFixture.config { $0.networkID = 1025; $0.startLedger = 1_000 }).close()
        let network = #expect(throws: SimStoreError.self) { try f.open(StoreFixture.config { $0.startLedger = 1_000 }) }
        #expect(network?.description.contains("--network-id 1025") == true, "\(String(describing: network))")
        let start = #expect(throws: SimStoreError.self) { try f.open(StoreFixture.config { $0.networkID = 1025 }) }
        #expect(start?.description.contains("--start-ledger 1000") == true, "\(String(describing: start))")
        try f.open(StoreFixture.config { $0.networkID = 1025; $0.startLedger = 1_000 }).close()
    }
}

/// The hand-written AccountRoot JSON the store writes is exactly the generic serialisation.
@Suite struct StateEntryTextTests {
    @Test func accountTextMatchesTheGenericJSON() throws {
        var state = LedgerState(entries: [], totalCoins: 0)
        let address = try StoreFixture.wallet(7).address
        let plain = try StateEntry(json: .object([
            "LedgerEntryType": "AccountRoot", "Account": .string(address), "Balance": "123456789", "Flags": .int(0x0080_0000),
            "OwnerCount": 3, "Sequence": 77,
        ]))
        var stamped = try StateEntry(json: .object([
            "LedgerEntryType": "AccountRoot", "Account": .string(address), "Balance": "1", "Flags": 0, "OwnerCount": 0,
            "Sequence": 5, "PreviousTxnID": .string(String(repeating: "AB", count: 32)), "PreviousTxnLgrSeq": 90_000_001,
        ]))
        for entry in [plain, stamped] {
            #expect(entry.jsonText == entry.json.serialized())
            #expect(try StateEntry(json: JSONValue.parse(entry.jsonText)) == entry)
        }
        state = LedgerState(entries: [plain], totalCoins: 5)
        stamped = try #require(StateEntry.all(in: state).first)
        #expect(stamped == plain)
    }

    /// What AccountSet stores (Domain, TickSize, AccountTxnID, …) and a line's NoRipple /
    /// freeze bits survive the store's round trip, so a restart keeps them.
    @Test func optionalFieldsAndLineFlagsReadBack() throws {
        let (a, b) = (try StoreFixture.wallet(7).address, try StoreFixture.wallet(8).address)
        let account = try StateEntry(json: .object([
            "LedgerEntryType": "AccountRoot", "Account": .string(a), "Balance": "5", "Flags": 0, "OwnerCount": 0, "Sequence": 5,
            "Domain": "6578616D706C65", "TickSize": 5, "AccountTxnID": .string(String(repeating: "0", count: 64)),
        ]))
        guard case .account(let root) = account else { Issue.record("not an account"); return }
        #expect(root.optionalFields.count == 3)
        #expect(account.jsonText == account.json.serialized())
        #expect(try StateEntry(json: JSONValue.parse(account.jsonText)) == account)
        let line = try StateEntry(json: .object([
            "LedgerEntryType": "RippleState", "index": .string(String(repeating: "CD", count: 32)), "Flags": .int(0x0001_0000 | 0x0020_0000 | 0x0040_0000),
            "Balance": ["currency": "USD", "issuer": "rrrrrrrrrrrrrrrrrrrrBZbvji", "value": "3"],
            "LowLimit": ["currency": "USD", "issuer": .string(a), "value": "10"], "HighLimit": ["currency": "USD", "issuer": .string(b), "value": "0"],
        ]))
        guard case .line(let l) = line else { Issue.record("not a line"); return }
        #expect(l.lowReserve && !l.highReserve && l.flags == 0x0060_0000)
        #expect(try StateEntry(json: JSONValue.parse(line.jsonText)) == line)
    }
}
