import XRPL

/// What a transactor needs to know about the ledger it applies to.
struct ApplyContext {
    /// Index of the ledger being built (the open ledger, or the one closing).
    var ledgerIndex: UInt32
    /// Close time of the parent ledger: escrow and offer times compare against it (§4.1).
    var parentCloseTime: UInt32
    var config: SimConfig
    /// Server load factor (256 = idle) for the fee check.
    var loadFactor: UInt64 = FeeEscalation.baseLevel
}

/// A decoded, signature-checked transaction as the server holds it.
public struct Candidate: Sendable {
    public let tx: Transaction
    public let blob: [UInt8]
    public let hash: String
    public let json: JSONValue
    /// Fee level paid (§1.1).
    public let feeLevel: UInt64
    /// XRP this transaction can spend besides its fee (TxConsequences::potentialSpend).
    let potentialSpend: UInt64
    /// Changes how the account authorises (TxConsequences::isBlocker).
    let isBlocker: Bool
    let submittedFailHard: Bool
    /// Written by the simulator itself (a fault's foreign transaction): no signature to check.
    let trusted: Bool
    /// Why the simulator answers temDISABLED: a type or field it does not model, or one an
    /// amendment it keeps off gates (`TransactionTemplate`). The body is then a placeholder.
    let disabledBecause: String?

    init(
        tx: Transaction, blob: [UInt8], hash: String, json: JSONValue, baseFee: UInt64, failHard: Bool, trusted: Bool = false,
        disabledBecause: String? = nil
    ) {
        self.trusted = trusted
        self.disabledBecause = disabledBecause
        self.tx = tx
        self.blob = blob
        self.hash = hash
        self.json = json
        self.feeLevel = FeeEscalation.feeLevelPaid(feeDrops: tx.fee, baseFeeDrops: baseFee)
        switch tx.body {
        case .payment(_, let amount, _, let sendMax):
            potentialSpend = (sendMax ?? amount).drops ?? 0
        case .escrowCreate(_, let amount, _, _, _, _):
            potentialSpend = amount.drops ?? 0
        case .offerCreate(_, let gets, _, _):
            potentialSpend = gets.drops ?? 0
        default:
            potentialSpend = 0
        }
        isBlocker = TxConsequences.isBlocker(tx)
        self.submittedFailHard = failHard
    }

    public var account: String { tx.account }
    public var sequence: UInt32 { tx.sequence }
}

/// The result of applying one transaction.
struct AppliedOutcome {
    var result: ResultCode
    /// True for tes and tec: the transaction is in the ledger and consumed its Sequence.
    var applied: Bool { result.consumesSequence }
    var meta: JSONValue?
    var delivered: Amount?
}

/// rippled's preflight → preclaim → doApply pipeline for the seven workload types.
///
/// Each type's doApply checks every failure condition before its first write, so a tec result
/// leaves only the fee and the Sequence consumed — what rippled achieves by discarding the
/// transaction's changes and re-applying just the fee.
enum Transactor {
    static let universalFlags: UInt32 = 0xC000_0000  // tfFullyCanonicalSig | tfInnerBatchTxn

    // MARK: preflight

    /// Checks that need no ledger: malformed input gives tem*, network mismatches tel*.
    static func preflight(_ c: Candidate, config: SimConfig) -> ResultCode {
        let tx = c.tx
        // A disabled type's or field's preflight refuses before preflight1 looks at anything.
        if c.disabledBecause != nil { return ResultCode.named("temDISABLED")! }
        if tx.fee > Amount.maxDrops { return .temBAD_FEE }
        if config.networkID <= 1024, tx.networkID != nil { return .telNETWORK_ID_MAKES_TX_NON_CANONICAL }
        if config.networkID > 1024 {
            guard let id = tx.networkID else { return .telREQUIRES_NETWORK_ID }
            if id != config.networkID { return .telWRONG_NETWORK }
        }
        if tx.ticketSequence != nil, tx.sequence != 0 { return ResultCode.named("temSEQ_AND_TICKET")! }
        if !c.trusted, (tx.signingPubKey ?? []).isEmpty { return .temBAD_SIGNATURE }
        let flags = tx.flags ?? 0
        switch tx.body {
        case .payment(let destination, let amount, _, let sendMax):
            if flags & ~(universalFlags | 0x0007_0000) != 0 { return .temINVALID_FLAG }
            guard positive(amount) else { return .temBAD_AMOUNT }
            if let sendMax, !positive(sendMax) { return .temBAD_AMOUNT }
            if case .xrp = amount {
                if destination == tx.account { return .temREDUNDANT }
                if sendMax != nil { return ResultCode.named("temBAD_SEND_XRP_MAX")! }
                if flags & TransactionFlags.Payment.partialPayment != 0 { return ResultCode.named("temBAD_SEND_XRP_PARTIAL")! }
                if flags & TransactionFlags.Payment.limitQuality != 0 { return ResultCode.named("temBAD_SEND_XRP_LIMIT")! }
                if flags & TransactionFlags.Payment.noRippleDirect != 0 { return ResultCode.named("temBAD_SEND_XRP_NO_DIRECT")! }
            }
            if case .issued(_, let currency, _) = amount, currency.isXRP { return .temBAD_CURRENCY }
            if destination == tx.account, sendMax == nil { return .temREDUNDANT }
        case .accountSet(let set, let clear, let domain, let rate):
            if flags & ~(universalFlags | 0x003F_0000) != 0 { return .temINVALID_FLAG }
            if let set, set == clear { return .temINVALID_FLAG }
            if let domain, domain.count > 256 { return ResultCode.named("telBAD_DOMAIN")! }
            if let rate, rate != 0, rate < 1_000_000_000 || rate > 2_000_000_000 {
                return ResultCode.named("temBAD_TRANSFER_RATE")!
            }
            let settings = AccountSettings.preflight(c.json, set: set, clear: clear)
            if settings != .tesSUCCESS { return settings }
        case .trustSet(let limit, _, _):
            if flags & ~(universalFlags | 0x00F7_0000) != 0 { return .temINVALID_FLAG }
            guard case .issued(let value, let currency, let issuer) = limit else { return .temBAD_LIMIT }
            if currency.isXRP { return .temBAD_CURRENCY }
            if value.isNegative { return .temBAD_LIMIT }
            if issuer == tx.account { return .temDST_IS_SRC }
        case .offerCreate(let pays, let gets, let expiration, let offerSeq):
            if flags & ~(universalFlags | 0x001F_0000) != 0 { return .temINVALID_FLAG }
            let ioc = flags & TransactionFlags.OfferCreate.immediateOrCancel != 0
            let fok = flags & TransactionFlags.OfferCreate.fillOrKill != 0
            if ioc && fok { return .temINVALID_FLAG }
            if expiration == 0 { return .temBAD_EXPIRATION }
            if offerSeq == 0 { return .temBAD_SEQUENCE }
            guard positive(pays), positive(gets) else { return .temBAD_OFFER }
            if pays.drops != nil, gets.drops != nil { return .temBAD_OFFER }
            if case .issued(_, let c1, let i1) = pays, case .issued(_, let c2, let i2) = gets, c1 == c2, i1 == i2 {
                return .temREDUNDANT
            }
        case .offerCancel(let seq):
            if flags & ~universalFlags != 0 { return .temINVALID_FLAG }
            if seq == 0 { return .temBAD_SEQUENCE }
        case .escrowCreate(_, let amount, let finishAfter, let cancelAfter, let condition, _):
            if flags & ~universalFlags != 0 { return .temINVALID_FLAG }
            guard let drops = amount.drops else { return .temBAD_AMOUNT }
            if drops == 0 { return .temBAD_AMOUNT }
            if finishAfter == nil, cancelAfter == nil { return .temBAD_EXPIRATION }
            if let f = finishAfter, let c = cancelAfter, c <= f { return .temBAD_EXPIRATION }
            if finishAfter == nil, condition == nil { return .temMALFORMED }
        case .escrowFinish(_, _, let condition, let fulfillment):
            if flags & ~universalFlags != 0 { return .temINVALID_FLAG }
            if (condition == nil) != (fulfillment == nil) { return .temMALFORMED }
        }
        return .tesSUCCESS
    }

    private static func positive(_ a: Amount) -> Bool {
        switch a {
        case .xrp(let d): d > 0
        case .issued(let v, _, _): v.signum > 0
        case .mpt(let v, _): v > 0
        }
    }

    // MARK: preclaim

    /// Checks against the ledger that decide whether the transaction can claim a fee:
    /// sequence, LastLedgerSequence, duplicates, fee, authorisation, then the type's own.
    /// `trialAccount` replaces the sender's entry, for the TxQ's trial view (§1.5 step 9)
    /// without copying the state.
    static func preclaim(
        _ c: Candidate, state: LedgerState, ctx: ApplyContext, checkSequence: Bool = true, trialAccount: AccountEntry? = nil,
        isDuplicate: Bool = false
    ) -> ResultCode {
        let tx = c.tx
        guard let account = trialAccount ?? state.accounts[tx.account] else { return .terNO_ACCOUNT }
        if checkSequence {
            if let ticket = tx.ticketSequence {
                return ticket < account.sequence ? ResultCode.named("tefNO_TICKET")! : ResultCode.named("terPRE_TICKET")!
            }
            if tx.sequence < account.sequence { return .tefPAST_SEQ }
            if tx.sequence > account.sequence { return .terPRE_SEQ }
        }
        // checkPriorTxAndLastLedger: AccountTxnID names the account's last transaction.
        if let prior = c.json["AccountTxnID"]?.stringValue,
            prior.uppercased() != (account.optionalFields["AccountTxnID"]?.stringValue ?? AccountSettings.zeroHash256)
        {
            return ResultCode.named("tefWRONG_PRIOR")!
        }
        if let lls = tx.lastLedgerSequence, lls < ctx.ledgerIndex { return .tefMAX_LEDGER }
        if isDuplicate { return .tefALREADY }
        // checkFee: the load-scaled minimum, then the balance.
        let feeDue = FeeEscalation.mulDiv(ctx.config.baseFee, ctx.loadFactor, FeeEscalation.baseLevel)
        if tx.fee < feeDue { return .telINSUF_FEE_P }
        if tx.fee > 0, account.balance == 0 || account.balance < tx.fee { return .terINSUF_FEE_B }
        // checkSign: the key must be the account's master key (no regular keys in the simulator).
        if !c.trusted, let pub = tx.signingPubKey {
            if Hashing.accountID(publicKey: pub) != account.accountID { return ResultCode.named("tefBAD_AUTH_MASTER")! }
            if account.flags & AccountRootFlag.disableMaster != 0 { return ResultCode.named("tefMASTER_DISABLED")! }
        }
        switch tx.body {
        case .payment(let destination, let amount, _, _):
            if amount.drops == nil, state.accounts[destination] == nil { return .tecNO_DST }
        case .trustSet(let limit, _, _):
            if case .issued(_, _, let issuer) = limit, state.accounts[issuer] == nil { return .tecNO_DST }
        case .offerCreate(let pays, let gets, let expiration, _):
            // CreateOffer::preclaim: either issuer globally frozen.
            for case .issued(_, _, let issuer) in [pays, gets] where (state.accounts[issuer]?.flags ?? 0) & AccountRootFlag.globalFreeze != 0 {
                return ResultCode.named("tecFROZEN")!
            }
            if let expiration, expiration <= ctx.parentCloseTime { return .tecEXPIRED }
        case .escrowCreate(let destination, _, _, _, _, _):
            if state.accounts[destination] == nil { return .tecNO_DST }
        default:
            break
        }
        return .tesSUCCESS
    }

    // MARK: apply

    /// preclaim + doApply: the full application used for direct applies, queue accepts and
    /// ledger building. Returns the result; on tes/tec the view carries the changes.
    static func apply(
        _ c: Candidate, view: inout ApplyView, ctx: ApplyContext, checkSequence: Bool = true, transactionIndex: Int = 0,
        isDuplicate: Bool = false
    ) -> AppliedOutcome {
        let pre = preclaim(c, state: view.state, ctx: ctx, checkSequence: checkSequence, isDuplicate: isDuplicate)
        guard pre.consumesSequence else { return AppliedOutcome(result: pre) }
        var result = pre
        var delivered: Amount?
        // The fee and the Sequence are taken whatever the type-specific outcome.
        var account = view.state.accounts[c.tx.account]!
        let priorBalance = account.balance
        account.balance -= c.tx.fee
        account.sequence = c.tx.sequence + 1
        view.put(account)
        view.state.totalCoins -= c.tx.fee
        if result == .tesSUCCESS {
            let tracksTxnID = account.optionalFields["AccountTxnID"] != nil
            (result, delivered) = doApply(c, view: &view, ctx: ctx, priorBalance: priorBalance)
            // Transactor::apply writes the ID before doApply, so the AccountSet that turns
            // AccountTxnID on leaves it zero, and one that turns it off leaves none; a tec keeps
            // the old value (the fee-only re-apply never writes it).
            if result == .tesSUCCESS, tracksTxnID, var a = view.state.accounts[c.tx.account], a.optionalFields["AccountTxnID"] != nil {
                a.optionalFields["AccountTxnID"] = .string(c.hash)
                view.put(a)
            }
        }
        let meta = view.recordsMeta
            ? view.metadata(result: result, transactionIndex: transactionIndex, deliveredAmount: delivered)
            : nil
        return AppliedOutcome(result: result, meta: meta, delivered: delivered)
    }

    private static func doApply(_ c: Candidate, view: inout ApplyView, ctx: ApplyContext, priorBalance: UInt64) -> (ResultCode, Amount?) {
        let tx = c.tx
        switch tx.body {
        case .payment(let destination, let amount, let tag, _):
            if case .xrp(let drops) = amount {
                return (payXRP(tx, to: destination, drops: drops, tag: tag, view: &view, ctx: ctx, priorBalance: priorBalance), amount)
            }
            let r = payIssued(tx, to: destination, amount: amount, view: &view)
            return (r, r == .tesSUCCESS ? amount : nil)
        case .accountSet(let set, let clear, _, _):
            return (accountSet(tx, set: set, clear: clear, json: c.json, view: &view), nil)
        case .trustSet(let limit, _, _):
            return (trustSet(tx, limit: limit, view: &view, ctx: ctx, priorBalance: priorBalance), nil)
        case .offerCreate(let pays, let gets, let expiration, let cancelSeq):
            return (offerCreate(tx, pays: pays, gets: gets, expiration: expiration, cancelSeq: cancelSeq, view: &view, ctx: ctx, priorBalance: priorBalance), nil)
        case .offerCancel(let seq):
            if let offer = view.state.offers[OwnedKey(owner: tx.account, sequence: seq)] {
                view.remove(offer)
                adjustOwnerCount(tx.account, by: -1, view: &view)
            }
            return (.tesSUCCESS, nil)
        case .escrowCreate(let destination, let amount, let finishAfter, let cancelAfter, let condition, let tag):
            return (escrowCreate(tx, destination: destination, drops: amount.drops ?? 0, finishAfter: finishAfter, cancelAfter: cancelAfter, condition: condition, tag: tag, view: &view, ctx: ctx, priorBalance: priorBalance), nil)
        case .escrowFinish(let owner, let seq, _, let fulfillment):
            return (escrowFinish(tx, owner: owner, seq: seq, fulfillment: fulfillment, view: &view, ctx: ctx), nil)
        }
    }

    static func adjustOwnerCount(_ address: String, by delta: Int, view: inout ApplyView) {
        guard var a = view.state.accounts[address] else { return }
        a.ownerCount = UInt32(max(0, Int(a.ownerCount) + delta))
        view.put(a)
    }

    private static func payXRP(
        _ tx: Transaction, to destination: String, drops: UInt64, tag: UInt32?, view: inout ApplyView, ctx: ApplyContext,
        priorBalance: UInt64
    ) -> ResultCode {
        let sender = view.state.accounts[tx.account]!
        let reserve = ctx.config.accountReserve(ownerCount: sender.ownerCount)
        // rippled: the prior balance must cover the amount plus max(reserve, fee).
        if priorBalance < drops + max(reserve, tx.fee) { return .tecUNFUNDED_PAYMENT }
        if var dest = view.state.accounts[destination] {
            if dest.flags & AccountRootFlag.requireDestTag != 0, tag == nil { return .tecDST_TAG_NEEDED }
            if dest.flags & AccountRootFlag.depositAuth != 0 { return .tecNO_PERMISSION }
            var s = sender
            s.balance -= drops
            view.put(s)
            dest.balance += drops
            view.put(dest)
            return .tesSUCCESS
        }
        if drops < ctx.config.reserveBase { return .tecNO_DST_INSUF_XRP }
        guard let id = try? AddressCodec.decodeClassicAddress(destination) else { return .temBAD_AMOUNT }
        var s = sender
        s.balance -= drops
        view.put(s)
        // A new account starts at the index of the ledger that creates it.
        view.put(AccountEntry(address: destination, accountID: id, balance: drops, sequence: ctx.ledgerIndex))
        return .tesSUCCESS
    }

    /// Issued payments along a direct trust line, or holder to holder through the issuer (the
    /// default path). Anything else needs path finding, which the simulator leaves out.
    private static func payIssued(_ tx: Transaction, to destination: String, amount: Amount, view: inout ApplyView) -> ResultCode {
        guard case .issued(let value, let currency, let issuer) = amount else { return .tecPATH_DRY }
        guard view.state.accounts[destination] != nil else { return .tecNO_DST }
        let sender = tx.account
        if sender == issuer {
            guard var line = view.state.line(destination, issuer, currency: currency) else { return .tecPATH_DRY }
            guard let newHolding = try? line.holding(of: destination) + value, !(line.limit(of: destination) < newHolding) else {
                return .tecPATH_PARTIAL
            }
            line.balance = destination == line.low ? newHolding : newHolding.negated
            view.put(line)
            return .tesSUCCESS
        }
        guard var from = view.state.line(sender, issuer, currency: currency) else { return .tecPATH_DRY }
        // Through the issuer (two steps), each step passes checkFreeze; a direct redeem does not.
        if destination != issuer {
            if stepFrozen(sender, issuer, currency: currency, state: view.state) || stepFrozen(issuer, destination, currency: currency, state: view.state) {
                return .tecPATH_DRY
            }
        }
        let held = from.holding(of: sender)
        if held.signum <= 0 { return .tecPATH_DRY }
        if held < value { return .tecPATH_PARTIAL }
        guard let newFrom = try? held - value else { return .tecPATH_DRY }
        if destination == issuer {
            from.balance = sender == from.low ? newFrom : newFrom.negated
            view.put(from)
            return .tesSUCCESS
        }
        guard var to = view.state.line(destination, issuer, currency: currency) else { return .tecPATH_DRY }
        guard let newTo = try? to.holding(of: destination) + value, !(to.limit(of: destination) < newTo) else {
            return .tecPATH_PARTIAL
        }
        from.balance = sender == from.low ? newFrom : newFrom.negated
        to.balance = destination == to.low ? newTo : newTo.negated
        view.put(from)
        view.put(to)
        return .tesSUCCESS
    }

    private static func accountSet(
        _ tx: Transaction, set: AccountSetFlag?, clear: AccountSetFlag?, json: JSONValue, view: inout ApplyView
    ) -> ResultCode {
        var a = view.state.accounts[tx.account]!
        // Disabling the master key needs another way to sign; the simulator has none.
        if set == .disableMaster { return ResultCode.named("tecNO_ALTERNATIVE_KEY")! }
        if set == .noFreeze, clear == .noFreeze { return .temINVALID_FLAG }
        if let set, let bit = AccountRootFlag.forSetFlag(set) { a.flags |= bit }
        // NoFreeze and AllowTrustLineClawback, once set, cannot be cleared.
        if let clear, let bit = AccountRootFlag.forSetFlag(clear), clear != .noFreeze, clear != .allowTrustLineClawback { a.flags &= ~bit }
        AccountSettings.apply(json, set: set, clear: clear, to: &a)
        view.put(a)
        return .tesSUCCESS
    }

    /// OfferCreate: funding and freeze checks, then `OfferCrossing` against the direct book,
    /// then the remainder placed as an owned object (see the README for what is left out).
    private static func offerCreate(
        _ tx: Transaction, pays: Amount, gets: Amount, expiration: UInt32?, cancelSeq: UInt32?, view: inout ApplyView,
        ctx: ApplyContext, priorBalance: UInt64
    ) -> ResultCode {
        let flags = tx.flags ?? 0
        let me = view.state.accounts[tx.account]!
        var ownerCount = me.ownerCount
        let cancelled = cancelSeq.flatMap { view.state.offers[OwnedKey(owner: tx.account, sequence: $0)] }
        if cancelled != nil { ownerCount -= 1 }
        // Funding: the account must hold some of what it offers.
        switch gets {
        case .xrp:
            let reserve = ctx.config.accountReserve(ownerCount: ownerCount)
            if me.balance <= reserve { return .tecUNFUNDED_OFFER }
        case .issued(_, let currency, let issuer):
            if issuer != tx.account {
                guard let line = view.state.line(tx.account, issuer, currency: currency), line.holding(of: tx.account).signum > 0,
                    !holdingFrozen(tx.account, issuer: issuer, currency: currency, state: view.state)
                else {
                    return .tecUNFUNDED_OFFER
                }
            }
        case .mpt:
            return .tecUNFUNDED_OFFER
        }
        // checkAcceptAsset: nobody may take in a token on a deep-frozen line.
        if case .issued(_, let currency, let issuer) = pays, issuer != tx.account,
            view.state.line(tx.account, issuer, currency: currency)?.isDeepFrozen == true
        {
            return ResultCode.named("tecFROZEN")!
        }
        // Cross the opposite book first (planned without writing), then place what is left.
        typealias F = TransactionFlags.OfferCreate
        let crossing = OfferCrossing(
            taker: tx.account, wants: pays, gives: gets, sell: flags & F.sell != 0, passive: flags & F.passive != 0)
        let plan = crossing.plan(state: view.state, config: ctx.config, parentCloseTime: ctx.parentCloseTime)
        // Fill-or-kill that cannot fill changes nothing (rippled discards its sandbox);
        // immediate-or-cancel that crossed nothing is killed (featureImmediateOfferKilled).
        if flags & F.fillOrKill != 0, !crossing.fills(plan) { return .tecKILLED }
        if flags & F.immediateOrCancel != 0, !plan.crossed { return .tecKILLED }
        let remainder = flags & (F.immediateOrCancel | F.fillOrKill) != 0 ? nil : crossing.remainder(after: plan)
        // The reserve for the new offer is judged on the balance before the transaction; an
        // offer that crossed something succeeds without placing the rest.
        let lacksReserve = remainder != nil && priorBalance < ctx.config.accountReserve(ownerCount: ownerCount + 1)
        if lacksReserve, !plan.crossed { return .tecINSUF_RESERVE_OFFER }
        if let cancelled {
            view.remove(cancelled)
            adjustOwnerCount(tx.account, by: -1, view: &view)
        }
        crossing.apply(plan, view: &view)
        guard let (restWants, restGives) = remainder, !lacksReserve else { return .tesSUCCESS }
        adjustOwnerCount(tx.account, by: 1, view: &view)
        view.put(Offer(
            owner: tx.account, sequence: tx.sequence, index: Keylet.offer(me.accountID, tx.sequence), takerPays: restWants,
            takerGets: restGives, expiration: expiration, flags: flags & 0x000F_0000))
        return .tesSUCCESS
    }

    private static func escrowCreate(
        _ tx: Transaction, destination: String, drops: UInt64, finishAfter: UInt32?, cancelAfter: UInt32?,
        condition: [UInt8]?, tag: UInt32?, view: inout ApplyView, ctx: ApplyContext, priorBalance: UInt64
    ) -> ResultCode {
        if let c = cancelAfter, c <= ctx.parentCloseTime { return .tecNO_PERMISSION }
        if let f = finishAfter, f <= ctx.parentCloseTime { return .tecNO_PERMISSION }
        guard let dest = view.state.accounts[destination] else { return .tecNO_DST }
        if dest.flags & AccountRootFlag.requireDestTag != 0, tag == nil { return .tecDST_TAG_NEEDED }
        var me = view.state.accounts[tx.account]!
        let reserve = ctx.config.accountReserve(ownerCount: me.ownerCount + 1)
        if priorBalance < reserve { return .tecINSUFFICIENT_RESERVE }
        if priorBalance < reserve + drops { return ResultCode.named("tecUNFUNDED")! }
        me.balance -= drops
        me.ownerCount += 1
        view.put(me)
        view.put(Escrow(
            owner: tx.account, sequence: tx.sequence, index: Keylet.escrow(me.accountID, tx.sequence), destination: destination,
            amount: drops, finishAfter: finishAfter, cancelAfter: cancelAfter, condition: condition, destinationTag: tag))
        return .tesSUCCESS
    }

    private static func escrowFinish(
        _ tx: Transaction, owner: String, seq: UInt32, fulfillment: [UInt8]?, view: inout ApplyView, ctx: ApplyContext
    ) -> ResultCode {
        guard let escrow = view.state.escrows[OwnedKey(owner: owner, sequence: seq)] else { return .tecNO_TARGET }
        if let f = escrow.finishAfter, ctx.parentCloseTime <= f { return .tecNO_PERMISSION }
        if let c = escrow.cancelAfter, ctx.parentCloseTime > c { return .tecNO_PERMISSION }
        // Crypto-conditions are not modelled: a conditional escrow cannot be finished here.
        if escrow.condition != nil || fulfillment != nil { return ResultCode.named("tecCRYPTOCONDITION_ERROR")! }
        guard var dest = view.state.accounts[escrow.destination] else { return .tecNO_DST }
        view.remove(escrow)
        dest.balance += escrow.amount
        view.put(dest)
        adjustOwnerCount(owner, by: -1, view: &view)
        return .tesSUCCESS
    }
}
