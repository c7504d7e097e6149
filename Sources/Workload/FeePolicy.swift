/// What the engine pays. Base fee normally; the open-ledger cost when the ledger is escalated
/// (so transactions get in rather than queue), never above the cap; and a rising fee for a
/// transaction that was refused for its fee, so telINSUF_FEE_P cannot loop on the same fee.
public struct FeePolicy: Sendable {
    public var baseFee: UInt64 = 10
    public var openLedgerFee: UInt64 = 10
    public var minimumFee: UInt64 = 10
    /// The server's median fee (drops) from the last `fee` read.
    public var medianFee: UInt64 = 5_000
    public var cap: UInt64
    /// The server's own load factor (1 when idle), from server_state: the transaction cost a
    /// server enforces before it even considers the queue is base × this.
    public var loadFactor: Double = 1
    /// Queue fill (current / max) from the last `fee` read.
    public var queueFill: Double = 0

    public init(cap: UInt64) { self.cap = cap }

    /// The fee for a fresh transaction.
    public var fee: UInt64 {
        let wanted = max(baseFee, minimumFee, openLedgerFee > baseFee ? openLedgerFee : baseFee, loadScaledFee)
        return min(cap, wanted)
    }

    /// The fee for another attempt after `failures` fee refusals: +50 % each, capped.
    public func retryFee(previous: UInt64, failures: Int) -> UInt64 {
        var f = max(previous, fee)
        for _ in 0..<max(0, failures) { f = f + max(1, f / 2) }
        return min(cap, f)
    }

    /// rippled replaces a queued transaction (same account, same Sequence) only for more than
    /// this share of its fee (`retry_sequence_percent`, 25 %).
    public static let replacementPercent: UInt64 = 25

    /// The fee that lifts a queued head paying `headFee` to `wanted`, when a replacement is
    /// allowed and worth it (more than 125 % of the old fee, within the cap); nil otherwise.
    public func headBump(headFee: UInt64, wanted: UInt64) -> UInt64? {
        let floor = headFee + headFee * Self.replacementPercent / 100 + 1
        let fee = min(cap, max(wanted, floor))
        return fee >= floor && wanted > headFee ? fee : nil
    }

    /// base × load factor, rounded up: the least a loaded server accepts.
    public var loadScaledFee: UInt64 { UInt64((Double(baseFee) * loadFactor).rounded(.up)) }

    public var isEscalated: Bool { openLedgerFee > baseFee }
}
