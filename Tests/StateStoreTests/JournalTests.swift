import Foundation
import GRDB
import StateStore
import Testing
import Workload
import XRPL

#if canImport(Glibc)
    import Glibc
#endif

func entry(_ n: Int, account: String = "rAccount", sequence: UInt32? = nil, lls: UInt32 = 50, origin: JournalOrigin = .workload) -> JournalEntry {
    JournalEntry(
        hash: String(format: "%064X", n), account: account, sequence: sequence ?? UInt32(n), lastLedgerSequence: lls, fee: 12,
        generation: 0, blob: [0x12, 0x00, UInt8(n & 0xFF)], strategy: "heal", kind: "Payment", origin: origin, ledger: 10)
}

func openJournal(_ path: String, keep: UInt32 = 200) throws -> Journal {
    try Journal(path: path, keepLedgers: keep, endpoint: "test", strategy: "heal", accounts: 3)
}

@Suite struct JournalTests {
    @Test func signedThenTransitionsLeaveTheLatestStateAndEveryStep() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path)
        try await journal.write([
            .signed(entry(1)), .signed(entry(2)), .signed(entry(3, account: "rOther")),
            .transition(hash: entry(1).hash, state: .submitted, result: nil, ledger: 10, note: nil),
            .transition(hash: entry(1).hash, state: .held, result: "terPRE_SEQ", ledger: 10, note: nil),
            .transition(hash: entry(1).hash, state: .validated, result: "tesSUCCESS", ledger: 11, note: nil),
            .transition(hash: entry(2).hash, state: .submitted, result: nil, ledger: 10, note: nil),
            .transition(hash: entry(2).hash, state: .expired, result: nil, ledger: 51, note: nil),
            .transition(hash: entry(3).hash, state: .queued, result: "terQUEUED", ledger: 10, note: nil),
            .event(kind: "divergence", ledger: 10, message: "rAccount diverged"),
            .ledger(11),
        ])
        let reader = try JournalReader(path: path)
        #expect(try reader.unsettled().map(\.entry) == [entry(3, account: "rOther")])
        let all = try reader.export(account: nil, state: nil, sinceLedger: nil)
        #expect(all.map(\.state) == ["VALIDATED", "EXPIRED", "QUEUED"])
        // EXPIRED carries no code of its own: the last one seen stays.
        #expect(all.map(\.result) == ["tesSUCCESS", nil, "terQUEUED"])
        #expect(all[0].entry == entry(1))
        #expect(try reader.export(account: "rOther", state: nil, sinceLedger: nil).count == 1)
        #expect(try reader.export(account: nil, state: "validated", sinceLedger: nil).count == 1)
        #expect(try reader.export(account: nil, state: nil, sinceLedger: 11).map(\.state) == ["VALIDATED", "EXPIRED"])
        #expect(try reader.lastLedger() == 11)
        #expect(try reader.anythingValidated())
        let s = try reader.stats()
        #expect(s.transactions == 3 && s.unsettled == 1 && s.divergences == 1 && s.runs == 1)
        #expect(s.byState == ["VALIDATED": 1, "EXPIRED": 1, "QUEUED": 1])
        #expect(s.byAccount["rAccount"] == ["VALIDATED": 1, "EXPIRED": 1])
        journal.close()
        // A second engine on the same journal is a new run and sees what the first left open.
        let again = try openJournal(path)
        #expect(again.run == 2)
        #expect(try JournalReader(path: path).unsettled().count == 1)
        again.close()
    }

    /// The same bytes signed again while the first is unsettled is one row; a settled row never
    /// changes again, whatever a later record says.
    @Test func aTwinIsOneRowAndAVerdictIsFinal() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path)
        let e = entry(7)
        try await journal.write([
            .signed(e), .transition(hash: e.hash, state: .abandoned, result: nil, ledger: 10, note: "given up by the engine"),
            .signed(e), .transition(hash: e.hash, state: .submitted, result: nil, ledger: 10, note: nil),
            .transition(hash: e.hash, state: .validated, result: "tesSUCCESS", ledger: 11, note: nil),
            .transition(hash: e.hash, state: .expired, result: nil, ledger: 60, note: "too late"),
        ])
        let rows = try JournalReader(path: path).export(account: nil, state: nil, sinceLedger: nil)
        #expect(rows.count == 1)
        #expect(rows.first?.state == "VALIDATED" && rows.first?.result == "tesSUCCESS" && rows.first?.stateLedger == 11)
        journal.close()
    }

    @Test func compactionBoundsTheJournalAndKeepsTheTotals() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path, keep: 5)
        var n = 0
        for ledger in UInt32(1)...40 {
            var batch: [JournalRecord] = []
            for _ in 0..<10 {
                n += 1
                let e = entry(n, account: n % 2 == 0 ? "rEven" : "rOdd", lls: ledger + 20)
                batch.append(.signed(e))
                batch.append(.transition(hash: e.hash, state: .submitted, result: nil, ledger: ledger, note: nil))
                let final: TxState = n % 5 == 0 ? .expired : .validated
                batch.append(.transition(hash: e.hash, state: final, result: final == .validated ? "tesSUCCESS" : nil, ledger: ledger, note: nil))
            }
            // One left open every ledger: never compacted.
            n += 1
            batch.append(.signed(entry(n, account: "rOpen", lls: ledger + 20)))
            batch.append(.ledger(ledger))
            try await journal.write(batch)
        }
        let reader = try JournalReader(path: path)
        let live = try reader.export(account: nil, state: nil, sinceLedger: nil)
        // Final rows of the last `keep` ledgers and every open one remain; the rest are totals.
        #expect(live.filter { $0.state != "CREATED" }.count == 6 * 10)
        #expect(live.filter { $0.state == "CREATED" }.count == 40)
        let s = try reader.stats()
        #expect(s.transactions == 440)
        #expect(s.byState["VALIDATED"] == 320 && s.byState["EXPIRED"] == 80 && s.byState["CREATED"] == 40)
        #expect(s.byAccount["rEven"]?.values.reduce(0, +) == 200)
        #expect(s.compacted == 340)
        #expect(s.firstLedger == 1 && s.lastLedger == 40)
        journal.close()
    }

    @Test func aNewerSchemaIsRefusedWithItsVersionAndLeftUntouched() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path)
        try await journal.write([.signed(entry(1))])
        journal.close()
        // What a newer seqwatch would leave: the same tables under a higher version.
        let db = try DatabaseQueue(path: path)
        try await db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 9") }
        try db.close()
        let before = try #require(bytes(of: path))
        for attempt in [{ _ = try openJournal(path) }, { _ = try JournalReader(path: path) }] {
            let error = #expect(throws: StateStoreError.self) { try attempt() }
            #expect(error?.description.contains("schema 9") == true, "\(error?.description ?? "")")
        }
        #expect(bytes(of: path) == before)
    }

    @Test func aCorruptOrForeignFileIsRefusedAndLeftByteForByte() async throws {
        let dir = TemporaryDirectory()
        let good = dir.file("good.sqlite")
        let journal = try openJournal(good)
        try await journal.write((1...300).map { .signed(entry($0)) })
        journal.close()
        let whole = try #require(bytes(of: good))
        var damaged = whole
        // A page in the middle overwritten: the header still says SQLite.
        damaged.replaceSubrange(8192..<12288, with: Data(repeating: 0xA5, count: 4096))
        let cases: [(String, Data)] = [
            ("truncated", whole.prefix(whole.count / 2 + 100)),
            ("damaged", damaged),
            ("garbage", Data("not a database at all, just text".utf8)),
            ("empty sqlite", Data()),
        ]
        for (name, content) in cases {
            let path = dir.file("\(name).sqlite")
            FileManager.default.createFile(atPath: path, contents: content, attributes: [.posixPermissions: 0o600])
            let error = #expect(throws: StateStoreError.self, "\(name)") { _ = try openJournal(path) }
            #expect(error?.description.contains("left untouched") == true, "\(name): \(error?.description ?? "")")
            #expect(error?.description.contains("\n") == false)
            #expect(bytes(of: path) == content, "\(name) was changed")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "\(name): a WAL appeared")
        }
    }

    @Test func theFileIsPrivate() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path)
        #expect(mode(of: path) == 0o600)
        journal.close()
    }
}

/// The pipeline between the engine and the sink: batches, waits, and a failure that stops submits.
@Suite struct JournalPipelineTests {
    actor Recorder: JournalSink {
        var batches: [[JournalRecord]] = []
        var failAfter: Int?
        var gate: CheckedContinuation<Void, Never>?
        var held = false
        init(failAfter: Int? = nil) { self.failAfter = failAfter }
        func hold() { held = true }
        func release() {
            held = false
            gate?.resume()
            gate = nil
        }
        func write(_ records: [JournalRecord]) async throws {
            if held { await withCheckedContinuation { gate = $0 } }
            if let failAfter, batches.count >= failAfter { throw StateStoreError("disk full") }
            batches.append(records)
        }
    }

    @Test func aTicketIsDurableOnlyOnceItsBatchIsWrittenAndLaterRecordsShareABatch() async throws {
        let sink = Recorder()
        await sink.hold()
        let pipeline = JournalPipeline(sink: sink)
        let first = pipeline.enqueue([.ledger(1)])
        // While the first batch is held in the sink, more arrive: they must go as one batch.
        let tickets = (2...20).map { pipeline.enqueue([.ledger(UInt32($0))]) }
        let waiter = Task { await pipeline.durable(tickets.last!) }
        await sink.release()
        #expect(await pipeline.durable(first))
        #expect(await waiter.value)
        let batches = await sink.batches
        #expect(batches.flatMap { $0 } == (1...20).map { JournalRecord.ledger(UInt32($0)) })
        #expect(batches.count <= 3, "\(batches.map(\.count))")
    }

    @Test func aFailedWriteRefusesEveryWaitingAndLaterSubmit() async throws {
        let sink = Recorder(failAfter: 1)
        let pipeline = JournalPipeline(sink: sink)
        #expect(await pipeline.durable(pipeline.enqueue([.ledger(1)])))
        let doomed = pipeline.enqueue([.ledger(2)])
        #expect(await pipeline.durable(doomed) == false)
        #expect(pipeline.failure?.contains("disk full") == true)
        #expect(await pipeline.durable(pipeline.enqueue([.ledger(3)])) == false)
    }
}

extension JournalTests {
    /// The detail view's timeline: an account's last transactions with every state they went
    /// through, and the events naming it, in ledger order; other accounts' rows stay out.
    @Test func timelineIsTheAccountsTransactionsWithTheirStatesAndMarks() async throws {
        let dir = TemporaryDirectory()
        let path = dir.file("journal.sqlite")
        let journal = try openJournal(path)
        let me = "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe", other = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"
        let short = AccountAddress(me).short
        var records: [JournalRecord] = []
        for n in 1...60 {
            let base = entry(n, account: n % 2 == 0 ? me : other)
            let e = JournalEntry(
                hash: base.hash, account: base.account, sequence: base.sequence, lastLedgerSequence: 500, fee: 12, generation: 0,
                blob: base.blob, strategy: "heal", kind: "Payment", origin: .workload, ledger: UInt32(100 + n))
            records.append(.signed(e))
            records.append(.transition(hash: e.hash, state: .submitted, result: nil, ledger: UInt32(100 + n), note: nil))
            if n == 58 { records.append(.transition(hash: e.hash, state: .held, result: "terPRE_SEQ", ledger: UInt32(100 + n), note: nil)) }
            records.append(.transition(hash: e.hash, state: .validated, result: "tesSUCCESS", ledger: UInt32(101 + n), note: nil))
        }
        records.append(.event(kind: "heal", ledger: 159, message: "\(short) healed in 1 ledger, since ledger 158"))
        records.append(.event(kind: "heal", ledger: 159, message: "\(AccountAddress(other).short) healed"))
        try await journal.write(records)
        let timeline = try JournalReader(path: path).timeline(account: me, limit: 20)
        let txs = timeline.filter { $0.kind == .transaction }
        #expect(txs.count == 20 && txs.first?.sequence == 22 && txs.last?.sequence == 60)
        #expect(txs.allSatisfy { $0.states.first == "SUBMITTED" && $0.states.last == "VALIDATED" && $0.result == "tesSUCCESS" })
        #expect(txs.first { $0.sequence == 58 }?.states == ["SUBMITTED", "HELD", "VALIDATED"])
        let marks = timeline.filter { $0.kind == .mark }
        #expect(marks.map(\.message) == ["\(short) healed in 1 ledger, since ledger 158"], "only the events naming the account")
        // In ledger order: the mark sits after the transaction signed at its ledger (seq 58 at 158… 159 has none of ours).
        let markIndex = try #require(timeline.firstIndex { $0.kind == .mark })
        #expect(timeline[markIndex - 1].ledger <= 159 && timeline[markIndex + 1].ledger >= 159)
        journal.close()
    }
}
