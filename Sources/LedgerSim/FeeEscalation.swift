/// Open-ledger fee escalation as rippled's TxQ computes it (XRPL-PROTOCOL 1.1–1.2).
///
/// Everything is in fee levels (256 = a reference transaction paying exactly its base fee) and
/// integer arithmetic with rippled's rounding, so the simulator reproduces the server's numbers
/// exactly rather than approximately.
public enum FeeEscalation {
    /// The fee level of a reference transaction paying its base fee.
    public static let baseLevel: UInt64 = 256
    /// Floor of the escalation multiplier (256 × 500), the median level when ledgers are empty.
    public static let minimumMultiplier: UInt64 = 128_000

    /// Fee level paid: fee × 256 / baseFee, rounded down. A zero base fee (key reset) still
    /// yields a non-zero level, as in rippled.
    public static func feeLevelPaid(feeDrops: UInt64, baseFeeDrops: UInt64) -> UInt64 {
        guard baseFeeDrops > 0 else { return feeDrops == 0 ? baseLevel : feeDrops * baseLevel + baseLevel }
        return mulDiv(feeDrops, baseLevel, baseFeeDrops)
    }

    /// Level needed to enter an open ledger already holding `current` transactions:
    /// base until `current > target`, then multiplier × current² / target².
    public static func requiredLevel(current: UInt64, target: UInt64, multiplier: UInt64) -> UInt64 {
        guard current > target, target > 0 else { return baseLevel }
        return mulDiv(multiplier, current * current, target * target)
    }

    /// Drops for a transaction with `baseFeeDrops` to reach `level`, rounded up the way the
    /// `fee` RPC reports it (add one drop if converting back falls short).
    public static func drops(forLevel level: UInt64, baseFeeDrops: UInt64) -> UInt64 {
        let d = mulDiv(level, baseFeeDrops, baseLevel)
        return feeLevelPaid(feeDrops: d, baseFeeDrops: baseFeeDrops) < level ? d + 1 : d
    }

    /// Multiply then divide without intermediate overflow, rounding down.
    static func mulDiv(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        guard hi < c else { return UInt64.max }
        return c.dividingFullWidth((hi, lo)).quotient
    }
}
