import XRPL

/// What a recovery strategy asks the engine to do. Strategies never touch the engine's state:
/// they read it through a `StrategyView` and answer with decisions, which the core carries
/// out in order (`WorkloadCore.perform(_:)`). That keeps every write to a chain, a tracked
/// transaction or an account's status in the core, behind its one transition function, and
/// lets a strategy be tested, swapped or handed over as a plain value.
enum StrategyDecision: Sendable, Equatable {
    /// Read the account's ledger and queue state (`account_info`, `queue: true`); the reply
    /// comes back to the strategy as `onRead(purpose, …)`.
    case read(AccountAddress, ReadPurpose)
    /// Move the account through `AccountStateMachine` (held, released, heal started, …).
    case account(AccountAddress, AccountEvent)
    case log(EngineEvent.Kind, String)
    /// Send a tracked transaction's original signed blob again.
    case resubmit(TrackedTransaction.ID)
    /// Send again the lost blobs whose LastLedgerSequence is still comfortably open.
    case resubmitLost([TrackedTransaction.ID])
    /// Sign `body` at exactly `sequence` (a gap filler, or autofill's fresh Sequence).
    case sign(TransactionBody, from: AccountAddress, sequence: UInt32, fee: UInt64)
    /// Send `body` with the account's next cached Sequence (through the strategy in force).
    case send(TransactionBody, from: AccountAddress)
    /// Set the account's cached next Sequence.
    case moveCache(AccountAddress, to: UInt32)
    /// Start a new generation at the ledger's Sequence and abandon what will not consume its own.
    case realign(Realignment)
    /// The operator's resync of one account (read, then realign and resend).
    case resync(AccountAddress)
    /// A workload-wide pause began (counted and logged by the core).
    case globalPause(trigger: String, accounts: Int)
}

/// What a strategy may see of the engine: read-only.
protocol StrategyView {
    var phase: WorkloadCore.Phase { get }
    var validatedIndex: UInt32 { get }
    /// The engine clock (for durations in the log).
    var now: Double { get }
    var fees: FeePolicy { get }
    var funderAddress: AccountAddress { get }
    var issuerAddress: AccountAddress { get }
    /// The workload accounts, in order (the issuer and funder are separate).
    var accountOrder: [AccountAddress] { get }
    /// Whether a gap is filled with a no-op rather than the original body.
    var replacementIsNoOp: Bool { get }
    func chain(_ address: AccountAddress) -> SequenceChain?
    func transaction(_ id: TrackedTransaction.ID) -> TrackedTransaction?
    /// Allocated sequences at or above the ledger's next one that nothing in flight will consume.
    func gaps(of address: AccountAddress) -> [UInt32]
    /// DIVERGED with a gap for two ledgers or more.
    func hasLastingGap(_ address: AccountAddress) -> Bool
    /// Whether the original blob may simply be sent again.
    func canResubmit(_ t: TrackedTransaction) -> Bool
    func short(_ address: AccountAddress) -> String
}

extension StrategyView {
    /// Every account the engine signs for: workload accounts, the issuer and the funder.
    var allAccounts: [AccountAddress] { accountOrder + [issuerAddress, funderAddress] }
    /// The accounts a resync or a global pause covers (the funder heals on its own).
    var workloadAndIssuer: [AccountAddress] { accountOrder + [issuerAddress] }
}

/// A chain realigned with what `account_info` said: a new generation, the cache set to the
/// first Sequence neither applied nor queued, and every transaction that will not consume its
/// Sequence abandoned. `resend` holds their bodies, to be sent again with fresh sequences.
struct Realignment: Sendable, Equatable {
    let account: AccountAddress
    let nextSequence: UInt32
    let abandon: [TrackedTransaction.ID]
    let resend: [TransactionBody]

    init?(account a: AccountAddress, view: some StrategyView) {
        guard let chain = view.chain(a) else { return nil }
        let available = chain.sequenceAvailable ?? chain.ledgerCurrent ?? chain.nextSequence
        var bodies: [TransactionBody] = []
        var abandonIDs: [TrackedTransaction.ID] = []
        for (s, id) in chain.live.sorted(by: { $0.key < $1.key }) {
            guard let t = view.transaction(id) else { continue }
            let willConsume = s < available && (t.state == .submitted || t.state == .queued)
            guard !willConsume else { continue }
            // A held one may still be applied by the server itself (its LocalTxs): re-sending
            // its body too could apply it twice. Its Sequence is reused; if the server's copy
            // wins, it is "resurrected" and the cache follows it.
            if !t.injected && t.state != .held { bodies.append(t.body) }
            abandonIDs.append(id)
        }
        account = a
        nextSequence = available
        abandon = abandonIDs
        resend = bodies
    }
}
