import XRPL

/// rippled's transaction formats (`transactions.macro`, `TxFormats.cpp`) and the part of them the
/// simulator models. A client must never see a transaction succeed while a field it sent was
/// ignored, so every field is one of: read by a transactor here; inert in rippled too
/// (`InvoiceID`, `WalletSize`, `OperationLimit`, `PreviousTxnID`); or refused the way rippled
/// refuses it with its amendment off (temDISABLED). A field outside the type's format is what
/// `STObject::applyTemplate` throws for while the blob is parsed, before any engine result.
enum TransactionTemplate {
    /// rippled's `commonFields`.
    static let commonFields: Set<String> = [
        "TransactionType", "Flags", "SourceTag", "Account", "Sequence", "PreviousTxnID", "LastLedgerSequence", "AccountTxnID",
        "Fee", "OperationLimit", "Memos", "SigningPubKey", "TicketSequence", "TxnSignature", "Signers", "NetworkID", "Delegate",
        "Sponsor", "SponsorFlags", "SponsorSignature",
    ]

    /// Each modelled type's own fields, as in `transactions.macro`.
    static let typeFields: [String: Set<String>] = [
        "Payment": ["Destination", "Amount", "SendMax", "Paths", "InvoiceID", "DestinationTag", "DeliverMin", "CredentialIDs", "DomainID"],
        "AccountSet": [
            "EmailHash", "WalletLocator", "WalletSize", "MessageKey", "Domain", "TransferRate", "SetFlag", "ClearFlag", "TickSize",
            "NFTokenMinter",
        ],
        "TrustSet": ["LimitAmount", "QualityIn", "QualityOut"],
        "OfferCreate": ["TakerPays", "TakerGets", "Expiration", "OfferSequence", "DomainID"],
        "OfferCancel": ["OfferSequence"],
        "EscrowCreate": ["Destination", "Amount", "Condition", "CancelAfter", "FinishAfter", "DestinationTag"],
        "EscrowFinish": ["Owner", "OfferSequence", "Fulfillment", "Condition", "CredentialIDs"],
    ]

    /// Fields an amendment gates, with the amendment: rippled's preflight answers temDISABLED
    /// when it is off (`preflight1` for Delegate; the types' preflights for the others), and the
    /// simulator acts as a server with these amendments off.
    static let amendmentFields: [String: String] = [
        "Delegate": "PermissionDelegation", "Sponsor": "Sponsor", "SponsorFlags": "Sponsor", "SponsorSignature": "Sponsor",
        "CredentialIDs": "Credentials", "DomainID": "PermissionedDEX",
    ]

    /// Fields rippled acts on that the simulator has no logic for: refused with temDISABLED (the
    /// logic is off here) rather than applied as if absent. Multi-signing (`Signers`) never
    /// gets this far: its empty SigningPubKey fails the signature check.
    static let unmodelledFields: Set<String> = ["Paths", "DeliverMin"]

    /// What the simulator does with a decoded transaction before any engine result.
    enum Verdict: Equatable {
        case modelled
        /// rippled would parse it; the simulator answers temDISABLED, naming why.
        case disabled(String)
        /// rippled's parser refuses it (`invalidTransaction`) with this exception text.
        case refused(String)
    }

    static func verdict(_ o: [String: JSONValue]) -> Verdict {
        guard let type = o["TransactionType"]?.stringValue else { return .refused("Field 'TransactionType' is required but missing.") }
        guard let own = typeFields[type] else { return .disabled("transaction type \(type) is not modelled by the simulator") }
        // The common case (nothing to refuse) costs one pass; a refusal names the first field in
        // sorted order, so it does not depend on dictionary order.
        let outside = o.keys.filter { !commonFields.contains($0) && !own.contains($0) && $0 != "hash" }
        if let key = outside.min() { return .refused("Field '\(key)' found in disallowed location.") }
        let gated = o.keys.filter { amendmentFields[$0] != nil || unmodelledFields.contains($0) }
        if let key = gated.min() {
            if let amendment = amendmentFields[key] { return .disabled("\(key) needs the \(amendment) amendment, off in the simulator") }
            return .disabled("\(key) is not modelled by the simulator")
        }
        if type == "TrustSet" {
            // QUALITY_ONE and 0 both mean "no quality"; anything else would change how the line values IOUs.
            for key in ["QualityIn", "QualityOut"] {
                if let q = o[key]?.uint64Value, q != 0, q != 1_000_000_000 { return .disabled("\(key) is not modelled by the simulator") }
            }
        }
        return .modelled
    }

    /// Builds the typed transaction for a decoded object, or says why the blob is refused.
    /// A type the simulator does not model still gets its common fields read, so it can be
    /// answered with an engine result as rippled answers a disabled type.
    static func candidateTransaction(_ json: JSONValue) -> Result<(Transaction, disabled: String?), RPCError> {
        guard case .object(let o) = json else { return .failure(RPCError(.invalidTransaction, exception: "not a transaction object")) }
        let verdict = verdict(o)
        do {
            switch verdict {
            case .refused(let why):
                return .failure(RPCError(.invalidTransaction, exception: why))
            case .modelled:
                return .success((try Transaction(json: json), nil))
            case .disabled(let why):
                return .success((try Transaction(json: json, replacingBodyWith: .noOp), why))
            }
        } catch {
            return .failure(RPCError(.invalidTransaction, exception: "fails local checks: \(error)"))
        }
    }
}
