import Testing
import XRPL
@testable import Workload

/// The one decision of restart reconciliation, as a table: what the ledger shows → the verdict.
@Suite struct ReconciliationTests {
    static let a = AccountAddress("rAlice")

    static func unsettled(_ hash: String, seq: UInt32, lls: UInt32 = 120, state: TxState = .submitted, spentByJournal: Bool = false) -> UnsettledTransaction {
        UnsettledTransaction(
            entry: JournalEntry(
                hash: hash, account: a.text, sequence: seq, lastLedgerSequence: lls, fee: 12, generation: 0, blob: [], strategy: "heal",
                kind: "Payment", origin: .workload, ledger: 90),
            state: state, sequenceSpentByJournal: spentByJournal)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let entry: UnsettledTransaction
        let lookup: Reconciliation.Lookup
        /// The account's next Sequence on the ledger.
        let next: UInt32
        let expected: Reconciliation.Verdict
        var testDescription: String { name }
    }

    static let table: [Row] = [
        Row(name: "validated tes", entry: unsettled("H1", seq: 10), lookup: .validated(.tesSUCCESS, ledger: 99), next: 11, expected: .validated(.tesSUCCESS, ledger: 99)),
        Row(name: "validated tec", entry: unsettled("H2", seq: 10), lookup: .validated(.tecUNFUNDED_PAYMENT, ledger: 99), next: 11, expected: .validated(.tecUNFUNDED_PAYMENT, ledger: 99)),
        Row(name: "abandoned but applied", entry: unsettled("H3", seq: 10, state: .abandoned), lookup: .validated(.tesSUCCESS, ledger: 98), next: 11, expected: .validated(.tesSUCCESS, ledger: 98)),
        Row(name: "past its LastLedgerSequence", entry: unsettled("H4", seq: 12, lls: 99), lookup: .notFound, next: 12, expected: .expired),
        Row(name: "Sequence spent by a stranger", entry: unsettled("H5", seq: 10), lookup: .notFound, next: 11, expected: .sequenceSpent(foreign: true)),
        Row(name: "Sequence spent by the journal", entry: unsettled("H6", seq: 10, spentByJournal: true), lookup: .notFound, next: 11, expected: .sequenceSpent(foreign: false)),
        Row(name: "abandoned and replaced", entry: unsettled("H7", seq: 10, state: .abandoned), lookup: .notFound, next: 11, expected: .sequenceSpent(foreign: false)),
        Row(name: "still valid, server lost it", entry: unsettled("H8", seq: 11), lookup: .notFound, next: 11, expected: .resubmit),
        Row(name: "signed, never sent", entry: unsettled("H9", seq: 13, state: .created), lookup: .notFound, next: 11, expected: .resubmit),
        Row(name: "server holds it", entry: unsettled("HA", seq: 12, state: .held), lookup: .known, next: 11, expected: .pending),
        Row(name: "abandoned, server holds it", entry: unsettled("HB", seq: 12, state: .abandoned), lookup: .known, next: 11, expected: .watchAbandoned),
        Row(name: "abandoned, still valid", entry: unsettled("HC", seq: 12, state: .abandoned), lookup: .notFound, next: 11, expected: .watchAbandoned),
    ]

    @Test(arguments: table) func verdict(_ row: Row) {
        var r = Reconciliation(entries: [row.entry], accounts: [Self.a])
        #expect(!r.complete)
        r.noteLookup(row.entry.entry.hash, row.lookup)
        r.noteAccount(Self.a, sequence: row.next)
        #expect(r.complete)
        #expect(r.verdicts(validated: 100)[row.entry.entry.hash] == row.expected)
    }

    /// Two journalled transactions at one Sequence, the replacement validated: the original
    /// lost to it (not to a stranger), whatever order they are looked at in.
    @Test func aReplacementValidatedAtTheSameSequenceIsNotForeign() {
        let original = Self.unsettled("OLD", seq: 10)
        let replacement = Self.unsettled("NEW", seq: 10)
        var r = Reconciliation(entries: [original, replacement], accounts: [Self.a])
        r.noteLookup("OLD", .notFound)
        r.noteLookup("NEW", .validated(.tesSUCCESS, ledger: 99))
        r.noteAccount(Self.a, sequence: 11)
        let v = r.verdicts(validated: 100)
        #expect(v["OLD"] == .sequenceSpent(foreign: false))
        #expect(v["NEW"] == .validated(.tesSUCCESS, ledger: 99))
    }
}
