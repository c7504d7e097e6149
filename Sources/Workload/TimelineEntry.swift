import XRPL

import Foundation

/// One line of an account's timeline in the detail view: a transaction with the states it went
/// through and its results, or a mark (a heal, a resync, a divergence) at its ledger. Built on
/// the engine side — from the journal when there is one (every state change, durable), else from
/// the engine's recent memory — so the console only draws it.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case transaction, mark }

    public var kind: Kind
    /// The ledger it was signed at (a transaction) or happened at (a mark).
    public var ledger: UInt32
    public var sequence: UInt32?
    public var type: String?
    public var hash: String?
    /// The states in order ("SUBMITTED", "QUEUED", "VALIDATED"), the last one current.
    public var states: [String]
    public var result: String?
    /// A mark's kind ("heal", "resync", …) and text.
    public var markKind: String?
    public var message: String?

    public static func transaction(ledger: UInt32, sequence: UInt32, type: String, hash: String, states: [String], result: String?) -> TimelineEntry {
        TimelineEntry(kind: .transaction, ledger: ledger, sequence: sequence, type: type, hash: hash, states: states, result: result, markKind: nil, message: nil)
    }

    public static func mark(ledger: UInt32, kind: String, message: String) -> TimelineEntry {
        TimelineEntry(kind: .mark, ledger: ledger, sequence: nil, type: nil, hash: nil, states: [], result: nil, markKind: kind, message: message)
    }
}

extension WorkloadCore {
    /// The timeline from memory, when there is no journal: the account's recent final
    /// transactions (the engine keeps the newest 500 of all accounts) and its live ones, each
    /// with its current state only, and the events that name it.
    public func timeline(account: AccountAddress, limit: Int = 50) -> [TimelineEntry] {
        var txs = book.recentFinal.filter { $0.account == account }
        if let live = chains[account]?.live {
            txs += live.keys.sorted().compactMap { live[$0].flatMap { self.txs[$0] } }
        }
        var entries: [TimelineEntry] = txs.suffix(limit).map {
            .transaction(ledger: $0.submittedAtLedger ?? 0, sequence: $0.sequence, type: $0.kind, hash: $0.hash, states: [$0.state.rawValue], result: $0.lastResult?.token)
        }
        let first = entries.first?.ledger ?? 0
        let short = account.short
        let marks = (eventLog.events + eventLog.details).filter { $0.ledger >= first && $0.message.contains(short) }
        entries += marks.suffix(50).map { .mark(ledger: $0.ledger, kind: $0.kind.rawValue, message: $0.message) }
        return entries.enumerated().sorted { ($0.element.ledger, $0.offset) < ($1.element.ledger, $1.offset) }.map(\.element)
    }
}
