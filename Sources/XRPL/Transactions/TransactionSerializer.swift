/// Serializes a typed `Transaction` straight to canonical bytes, without building JSON.
///
/// This is the workload's hot path (every transaction is serialized twice: once for the
/// signing blob, once for the blob). The JSON path in `BinaryCodec` stays the reference; a
/// property test holds the two to identical bytes.
struct TransactionSerializer {
    enum Value {
        case uint16(UInt16)
        case uint32(UInt32)
        case amount(Amount)
        case blob([UInt8])
        case account([UInt8])
        case memos([Memo])
    }

    private(set) var fields: [(def: FieldDefinition, value: Value)] = []

    init(_ tx: Transaction) throws {
        fields.reserveCapacity(16)
        guard let typeCode = Definitions.transactionTypeCodes[tx.transactionType] else {
            throw XRPLError.unknownTransactionType(tx.transactionType)
        }
        add(F.transactionType, .uint16(UInt16(typeCode)))
        add(F.account, .account(try Self.accountID(tx.account, field: "Account")))
        add(F.fee, .amount(.xrp(drops: tx.fee)))
        add(F.sequence, .uint32(tx.sequence))
        add(F.flags, tx.flags.map(Value.uint32))
        add(F.sourceTag, tx.sourceTag.map(Value.uint32))
        add(F.lastLedgerSequence, tx.lastLedgerSequence.map(Value.uint32))
        add(F.networkID, tx.networkID.map(Value.uint32))
        add(F.ticketSequence, tx.ticketSequence.map(Value.uint32))
        if !tx.memos.isEmpty { add(F.memos, .memos(tx.memos)) }
        add(F.signingPubKey, tx.signingPubKey.map(Value.blob))
        add(F.txnSignature, tx.txnSignature.map(Value.blob))
        switch tx.body {
        case .payment(let dest, let amount, let tag, let sendMax):
            add(F.destination, .account(try Self.accountID(dest, field: "Destination")))
            add(F.amount, .amount(amount))
            add(F.destinationTag, tag.map(Value.uint32))
            add(F.sendMax, sendMax.map(Value.amount))
        case .accountSet(let set, let clear, let domain, let rate):
            add(F.setFlag, set.map { .uint32($0.rawValue) })
            add(F.clearFlag, clear.map { .uint32($0.rawValue) })
            add(F.domain, domain.map(Value.blob))
            add(F.transferRate, rate.map(Value.uint32))
        case .trustSet(let limit, let qIn, let qOut):
            add(F.limitAmount, .amount(limit))
            add(F.qualityIn, qIn.map(Value.uint32))
            add(F.qualityOut, qOut.map(Value.uint32))
        case .offerCreate(let pays, let gets, let exp, let seq):
            add(F.takerPays, .amount(pays))
            add(F.takerGets, .amount(gets))
            add(F.expiration, exp.map(Value.uint32))
            add(F.offerSequence, seq.map(Value.uint32))
        case .offerCancel(let seq):
            add(F.offerSequence, .uint32(seq))
        case .escrowCreate(let dest, let amount, let finish, let cancel, let cond, let tag):
            add(F.destination, .account(try Self.accountID(dest, field: "Destination")))
            add(F.amount, .amount(amount))
            add(F.finishAfter, finish.map(Value.uint32))
            add(F.cancelAfter, cancel.map(Value.uint32))
            add(F.condition, cond.map(Value.blob))
            add(F.destinationTag, tag.map(Value.uint32))
        case .escrowFinish(let owner, let seq, let cond, let ful):
            add(F.owner, .account(try Self.accountID(owner, field: "Owner")))
            add(F.offerSequence, .uint32(seq))
            add(F.condition, cond.map(Value.blob))
            add(F.fulfillment, ful.map(Value.blob))
        }
        fields.sort { $0.def.ordinal < $1.def.ordinal }
    }

    private mutating func add(_ def: FieldDefinition, _ value: Value?) {
        if let value { fields.append((def, value)) }
    }

    /// Inserts or replaces a field, keeping canonical order.
    mutating func set(_ def: FieldDefinition, _ value: Value) {
        fields.removeAll { $0.def.name == def.name }
        let i = fields.firstIndex { $0.def.ordinal > def.ordinal } ?? fields.count
        fields.insert((def, value), at: i)
    }

    func bytes(signingOnly: Bool) throws -> [UInt8] {
        var w = BinaryWriter(capacity: 320)
        if signingOnly { w.write(HashPrefix.transactionSign) }
        for (def, value) in fields where !signingOnly || def.isSigningField {
            w.write(def.header)
            switch value {
            case .uint16(let v): w.writeUInt(v)
            case .uint32(let v): w.writeUInt(v)
            case .amount(let a): try a.write(to: &w)
            case .blob(let b): try w.writeVL(b)
            case .account(let id): try w.writeVL(id)
            case .memos(let memos):
                for memo in memos {
                    w.write(F.memo.header)
                    if let t = memo.type { w.write(F.memoType.header); try w.writeVL(t) }
                    if let d = memo.data { w.write(F.memoData.header); try w.writeVL(d) }
                    if let f = memo.format { w.write(F.memoFormat.header); try w.writeVL(f) }
                    w.write(F.objectEnd.header)
                }
                w.write(F.arrayEnd.header)
            }
        }
        return w.bytes
    }

    private static func accountID(_ address: String, field: String) throws -> [UInt8] {
        do {
            return try AddressCodec.decodeClassicAddress(address)
        } catch let e as XRPLError {
            throw XRPLError.invalidFieldValue(field: field, reason: e.description)
        }
    }

    /// The field definitions the typed path uses, looked up once.
    enum F {
        static func d(_ name: String) -> FieldDefinition { Definitions.fields[name]! }
        static let transactionType = d("TransactionType"), account = d("Account"), fee = d("Fee"), sequence = d("Sequence")
        static let flags = d("Flags"), sourceTag = d("SourceTag"), lastLedgerSequence = d("LastLedgerSequence")
        static let networkID = d("NetworkID"), ticketSequence = d("TicketSequence"), memos = d("Memos"), memo = d("Memo")
        static let memoType = d("MemoType"), memoData = d("MemoData"), memoFormat = d("MemoFormat")
        static let objectEnd = d("ObjectEndMarker"), arrayEnd = d("ArrayEndMarker")
        static let signingPubKey = d("SigningPubKey"), txnSignature = d("TxnSignature")
        static let destination = d("Destination"), amount = d("Amount"), destinationTag = d("DestinationTag"), sendMax = d("SendMax")
        static let setFlag = d("SetFlag"), clearFlag = d("ClearFlag"), domain = d("Domain"), transferRate = d("TransferRate")
        static let limitAmount = d("LimitAmount"), qualityIn = d("QualityIn"), qualityOut = d("QualityOut")
        static let takerPays = d("TakerPays"), takerGets = d("TakerGets"), expiration = d("Expiration"), offerSequence = d("OfferSequence")
        static let finishAfter = d("FinishAfter"), cancelAfter = d("CancelAfter"), condition = d("Condition")
        static let owner = d("Owner"), fulfillment = d("Fulfillment")
    }
}
