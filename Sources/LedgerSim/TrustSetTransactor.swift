import XRPL

/// rippled's `SetTrust` (SetTrust.cpp) and `trustCreate` (View.cpp): limits, the per-side
/// NoRipple / freeze / deep-freeze / auth flags, which side holds a reserve, and deletion when
/// both sides are back at their defaults. Every refusal is decided before the first write.
extension Transactor {
    enum TrustSetFlag {
        static let setAuth: UInt32 = 0x0001_0000
        static let setNoRipple: UInt32 = 0x0002_0000
        static let clearNoRipple: UInt32 = 0x0004_0000
        static let setFreeze: UInt32 = 0x0010_0000
        static let clearFreeze: UInt32 = 0x0020_0000
        static let setDeepFreeze: UInt32 = 0x0040_0000
        static let clearDeepFreeze: UInt32 = 0x0080_0000
    }

    /// `computeFreezeFlags`: the freeze bits of one side after the transaction's requests.
    static func freezeFlags(_ flags: UInt32, low: Bool, noFreeze: Bool, tx: UInt32) -> UInt32 {
        var f = flags
        let (setF, clearF) = (tx & TrustSetFlag.setFreeze != 0, tx & TrustSetFlag.clearFreeze != 0)
        let (setD, clearD) = (tx & TrustSetFlag.setDeepFreeze != 0, tx & TrustSetFlag.clearDeepFreeze != 0)
        if setF, !clearF, !noFreeze { f |= LineFlag.freeze.bit(low: low) } else if clearF, !setF { f &= ~LineFlag.freeze.bit(low: low) }
        if setD, !clearD, !noFreeze { f |= LineFlag.deepFreeze.bit(low: low) } else if clearD, !setD { f &= ~LineFlag.deepFreeze.bit(low: low) }
        return f
    }

    /// `SetTrust::preclaim`'s freeze invariants: NoFreeze forbids freezing, freezing and
    /// unfreezing together is refused, and a deep freeze needs a freeze on the same side.
    static func trustSetPreclaim(_ tx: Transaction, me: AccountEntry, line: TrustLine?, iAmLow: Bool) -> ResultCode {
        let tf = tx.flags ?? 0
        if tf & TrustSetFlag.setAuth != 0, me.flags & AccountRootFlag.requireAuth == 0 { return ResultCode.named("tefNO_AUTH_REQUIRED")! }
        let noFreeze = me.flags & AccountRootFlag.noFreeze != 0
        let setting = tf & (TrustSetFlag.setFreeze | TrustSetFlag.setDeepFreeze) != 0
        let clearing = tf & (TrustSetFlag.clearFreeze | TrustSetFlag.clearDeepFreeze) != 0
        if noFreeze, setting { return .tecNO_PERMISSION }
        if setting, clearing { return .tecNO_PERMISSION }
        let after = freezeFlags(line?.flags ?? 0, low: iAmLow, noFreeze: noFreeze, tx: tf)
        if after & LineFlag.deepFreeze.bit(low: iAmLow) != 0, after & LineFlag.freeze.bit(low: iAmLow) == 0 { return .tecNO_PERMISSION }
        return .tesSUCCESS
    }

    static func trustSet(
        _ tx: Transaction, limit: Amount, view: inout ApplyView, ctx: ApplyContext, priorBalance: UInt64
    ) -> ResultCode {
        guard case .issued(let value, let currency, let issuer) = limit else { return .temBAD_LIMIT }
        let me = view.state.accounts[tx.account]!
        guard let peer = view.state.accounts[issuer] else { return .tecNO_DST }
        let key = LedgerState.lineKey(me.address, me.accountID, issuer, peer.accountID, currency: currency)
        let iAmLow = key.low == me.address
        let existing = view.state.lines[key]
        let pre = trustSetPreclaim(tx, me: me, line: existing, iAmLow: iAmLow)
        if pre != .tesSUCCESS { return pre }
        let tf = tx.flags ?? 0
        let setNoRipple = tf & TrustSetFlag.setNoRipple != 0 && tf & TrustSetFlag.clearNoRipple == 0
        let clearNoRipple = tf & TrustSetFlag.clearNoRipple != 0 && tf & TrustSetFlag.setNoRipple == 0
        let setAuth = tf & TrustSetFlag.setAuth != 0
        // rippled lets an account own its first two objects with no owner reserve.
        let reserveCreate = me.ownerCount < 2 ? 0 : ctx.config.accountReserve(ownerCount: me.ownerCount + 1)
        guard var line = existing else {
            if value.isZero, !setAuth { return .tecNO_LINE_REDUNDANT }
            if priorBalance < reserveCreate { return .tecNO_LINE_INSUF_RESERVE }
            let lowID = iAmLow ? me.accountID : peer.accountID
            let highID = iAmLow ? peer.accountID : me.accountID
            var created = TrustLine(low: key.low, high: key.high, currency: currency, index: Keylet.line(low: lowID, high: highID, currency: currency))
            if iAmLow { (created.lowLimit, created.lowReserve) = (value, true) } else { (created.highLimit, created.highReserve) = (value, true) }
            if setAuth { created.flags |= LineFlag.auth.bit(low: iAmLow) }
            if setNoRipple { created.flags |= LineFlag.noRipple.bit(low: iAmLow) }
            if tf & TrustSetFlag.setFreeze != 0, tf & TrustSetFlag.clearFreeze == 0 { created.flags |= LineFlag.freeze.bit(low: iAmLow) }
            if tf & TrustSetFlag.setDeepFreeze != 0 { created.flags |= LineFlag.deepFreeze.bit(low: iAmLow) }
            // trustCreate: the other side's default is no rippling unless it set DefaultRipple.
            if peer.flags & AccountRootFlag.defaultRipple == 0 { created.flags |= LineFlag.noRipple.bit(low: !iAmLow) }
            view.put(created)
            adjustOwnerCount(me.address, by: 1, view: &view)
            return .tesSUCCESS
        }
        if iAmLow { line.lowLimit = value } else { line.highLimit = value }
        var flags = line.flags
        if setNoRipple {
            // fix1578: NoRipple cannot be set on a negative balance.
            if line.holding(of: me.address).isNegative { return .tecNO_PERMISSION }
            flags |= LineFlag.noRipple.bit(low: iAmLow)
        } else if clearNoRipple {
            flags &= ~LineFlag.noRipple.bit(low: iAmLow)
        }
        flags = freezeFlags(flags, low: iAmLow, noFreeze: me.flags & AccountRootFlag.noFreeze != 0, tx: tf)
        if setAuth { flags |= LineFlag.auth.bit(low: iAmLow) }
        line.flags = flags
        // Which sides still need a reserve: a limit, a positive balance, a freeze, or a
        // NoRipple setting that differs from the account's default.
        func wantsReserve(_ account: String, low: Bool) -> Bool {
            let defaultRipple = (view.state.accounts[account]?.flags ?? 0) & AccountRootFlag.defaultRipple != 0
            return (flags & LineFlag.noRipple.bit(low: low) == 0) != defaultRipple || flags & LineFlag.freeze.bit(low: low) != 0
                || !(low ? line.lowLimit : line.highLimit).isZero || line.holding(of: account).signum > 0
        }
        let lowWants = wantsReserve(line.low, low: true)
        let highWants = wantsReserve(line.high, low: false)
        if !lowWants, !highWants {
            view.remove(line)
            if line.lowReserve { adjustOwnerCount(line.low, by: -1, view: &view) }
            if line.highReserve { adjustOwnerCount(line.high, by: -1, view: &view) }
            return .tesSUCCESS
        }
        let myIncrease = iAmLow ? lowWants && !line.lowReserve : highWants && !line.highReserve
        if myIncrease, priorBalance < reserveCreate { return .tecINSUF_RESERVE_LINE }
        for (account, wants, had) in [(line.low, lowWants, line.lowReserve), (line.high, highWants, line.highReserve)] where wants != had {
            adjustOwnerCount(account, by: wants ? 1 : -1, view: &view)
        }
        (line.lowReserve, line.highReserve) = (lowWants, highWants)
        view.put(line)
        return .tesSUCCESS
    }

    /// rippled's `checkFreeze` for one step of an issued payment from `src` to `dst`: the
    /// destination's global freeze, the line frozen on the destination's side, or a deep freeze
    /// on either side. Only payments through the issuer pass it; a direct issue or redeem
    /// cannot be frozen.
    static func stepFrozen(_ src: String, _ dst: String, currency: CurrencyCode, state: LedgerState) -> Bool {
        if (state.accounts[dst]?.flags ?? 0) & AccountRootFlag.globalFreeze != 0 { return true }
        guard let line = state.line(src, dst, currency: currency) else { return false }
        return line.has(.freeze, on: dst) || line.isDeepFrozen
    }

    /// `isFrozen` / `isDeepFrozen` for `account`'s holding of `currency` from `issuer`: what
    /// `accountFunds(…, fhZERO_IF_FROZEN)` treats as no funds.
    static func holdingFrozen(_ account: String, issuer: String, currency: CurrencyCode, state: LedgerState) -> Bool {
        if account == issuer { return false }
        if (state.accounts[issuer]?.flags ?? 0) & AccountRootFlag.globalFreeze != 0 { return true }
        guard let line = state.line(account, issuer, currency: currency) else { return false }
        return line.has(.freeze, on: issuer) || line.isDeepFrozen
    }
}
