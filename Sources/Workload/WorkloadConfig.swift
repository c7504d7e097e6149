import XRPL

/// Which recovery strategy the engine runs (DESIGN.md "The problem it solves").
public enum StrategyKind: String, Sendable, CaseIterable, Codable {
    case none, global, autofill, heal

    public var next: StrategyKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Relative weights of the transaction types the continuous workload sends.
public struct TransactionMix: Sendable, Equatable {
    public var xrpPayment = 40
    public var issuedPayment = 15
    public var accountSet = 15
    public var trustSet = 10
    public var offer = 10
    public var escrow = 10

    public init() {}

    public var total: Int { xrpPayment + issuedPayment + accountSet + trustSet + offer + escrow }
}

/// Everything the workload's behaviour depends on.
public struct WorkloadConfig: Sendable {
    public var accounts = 20
    public var ratePerSecond: Double = 50
    /// Transactions in flight per account (allocated, not final). rippled queues at most 10.
    public var maxInFlightPerAccount = 4
    /// In flight for the funding account during bootstrap.
    public var fundingInFlight = 40
    public var strategy: StrategyKind = .heal
    public var mix = TransactionMix()
    /// LastLedgerSequence = validated index + this (xrpl.js and xrpl-py use 20).
    public var lastLedgerOffset: UInt32 = 20
    /// Highest fee the policy will pay, in drops.
    public var feeCap: UInt64 = 2_000
    /// Stop generating while the server's queue is fuller than this share of its maximum.
    public var queueBackoffFill = 0.8
    /// Stop generating while the queue holds more than this many ledgers' worth. The TxQ takes
    /// equal fee levels in a pseudo-random order that changes every ledger, so the deeper the
    /// backlog, the likelier a transaction waits past its LastLedgerSequence; two and a half
    /// ledgers keep every ledger full and (seed-000) cut queue expirations from 12 % to 3 %.
    public var queueBacklogLedgers = 2.5
    /// Seconds without a submit reply before the transaction counts as FAILED_NET.
    public var submitTimeout: Double = 5
    /// Seed for the workload's wallets and its random choices. Wallets are derived from it, so
    /// the same seed gives the same accounts (and never needs printing).
    public var seed: UInt64 = 1
    public var algorithm: KeyAlgorithm = .ed25519
    /// Drops each workload account is funded with.
    public var fundingDrops: UInt64 = 10_000_000_000
    /// TrustSets each account sends in its init burst (the seed's init phase).
    public var initTrustLines = 3
    /// The funding account; the standalone genesis when nil.
    public var funder: Seed?
    /// K of the STUCK rule: an account with non-final transactions whose Sequence has not
    /// advanced in a validated ledger for this many ledgers is STUCK, whatever the strategy.
    public var stuckLedgers: UInt32 = 5
    /// A HELD or QUEUED belief older than this many ledgers is checked against the server.
    public var beliefCheckLedgers: UInt32 = 3
    /// How long a server keeps a held (terPRE_SEQ) transaction in its LocalTxs after a submit:
    /// rippled's `holdLedgers`. Past it, a held transaction the queue does not show is lost.
    public var serverHoldLedgers: UInt32 = 5
    /// Queued heads re-signed at a higher fee per ledger at most (fee inversion).
    public var maxHeadBumpsPerLedger = 100
    /// Verification reads per ledger at most (oldest beliefs first).
    public var maxVerifyReadsPerLedger = 200
    /// Submit no-op AccountSet replacements for a gap when the original blob is no longer usable.
    public var replacementIsNoOp = true

    /// The keys of the issuer (first) and the workload accounts, from a wallet file. When nil,
    /// they are derived from `seed`: repeatable, and therefore public — for the embedded
    /// simulator's benches and tests only.
    public var accountSeeds: [Seed]?
    /// Produce journal records (`WorkloadCore.journal`) for the engine to write.
    public var journaling = false
    /// Keys derived from a public seed against a real server (`--insecure-derived-keys`): shown in red.
    public var insecureDerivedKeys = false
    /// Set when the state directory's journal left transactions open: the engine reconciles
    /// them with the ledger before it allocates anything.
    public var restart: RestartState?
    /// Fund the accounts again when the server is found to have lost its state while running.
    /// `seqwatch run` against a real server sets it only on `--refund`: spending the funder's
    /// XRP again is the operator's call.
    public var refundOnServerLoss = true

    public init() {}

    public static let currencies = ["USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "CHF", "SEK", "NZD"]
}
