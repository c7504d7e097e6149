/// The class of a transaction result, from its token prefix (XRPL-PROTOCOL.md §2.1).
///
/// Only `tes` and `tec` reach a ledger; they are the only classes that consume a Sequence and burn
/// the fee. Everything else leaves the account untouched, which is exactly how a sequence cache drifts.
public enum ResultClass: String, Sendable, CaseIterable, Codable {
    case tes, tec, tef, tel, tem, ter

    /// The numeric range rippled reserves for the class (TER.h).
    public var range: ClosedRange<Int> {
        switch self {
        case .tes: 0...0
        case .tec: 100...255
        case .tef: -199...(-100)
        case .tel: -399...(-300)
        case .tem: -299...(-200)
        case .ter: -99...(-1)
        }
    }
}

/// When an outcome can be trusted not to change (XRPL-PROTOCOL.md §2.3).
public enum ResultFinality: String, Sendable, Codable {
    /// tes/tec: final once the transaction is in a validated ledger.
    case whenValidated
    /// tem: final unless the protocol changes.
    case final
    /// tefPAST_SEQ: final once another transaction with that Sequence is validated.
    case whenSequenceValidated
    /// tefMAX_LEDGER: final once a validated ledger passes LastLedgerSequence without it.
    case whenLastLedgerPassed
    /// Anything else: the server may still hold the blob and apply it later.
    case notFinal
}

/// What a client that allocates sequences locally must do next (XRPL-PROTOCOL.md §7).
/// The workload engine and the console both read this, so the policy lives in one place.
public enum ClientAction: String, Sendable, Codable {
    /// Sequence consumed (tes/tec): keep the counter at `account_sequence_available`.
    case advance
    /// terQUEUED: the Sequence is reserved in the queue; continue at `account_sequence_available`.
    case waitInQueue
    /// terPRE_SEQ: a lower Sequence is missing; resubmit or replace it. The server holds this one.
    case fillGap
    /// tefPAST_SEQ: the counter is behind; look the hash up, resync, re-sign what did not apply.
    case lookUpAndResync
    /// tefALREADY: a duplicate; track the original hash.
    case trackOriginal
    /// tefMAX_LEDGER: LastLedgerSequence passed; re-sign with a new one (same Sequence if unused).
    case resignWithNewLastLedger
    /// telINSUF_FEE_P / telCAN_NOT_QUEUE*: nothing consumed; back off or pay `open_ledger_cost`.
    case raiseFeeOrBackOff
    /// Other ter: the server holds the transaction and retries it; wait, then check.
    case waitForServer
    /// tem, other tef and tel: the transaction itself is wrong here; fix it and re-sign.
    /// Its Sequence is still unused and must be reused or every later one stalls.
    case fixAndResign

    /// One line for the console's help and event log.
    public var summary: String {
        switch self {
        case .advance: "sequence consumed; continue"
        case .waitInQueue: "queued; continue at account_sequence_available"
        case .fillGap: "gap below; resubmit or replace the missing sequence"
        case .lookUpAndResync: "cache behind; look up the hash and resync"
        case .trackOriginal: "duplicate; track the original hash"
        case .resignWithNewLastLedger: "LastLedgerSequence passed; re-sign with a new one"
        case .raiseFeeOrBackOff: "not consumed; back off or pay the open-ledger cost"
        case .waitForServer: "held by the server; wait and check"
        case .fixAndResign: "not consumed; fix the transaction and reuse its sequence"
        }
    }
}

/// One transaction engine result: token, number, rippled's message and what it means for sequences.
///
/// Compare tokens, not numbers: only tes/tec numbers are stable (they are stored in metadata).
public struct ResultCode: Sendable, Hashable, CustomStringConvertible {
    public let token: String
    public let number: Int
    /// rippled's `engine_result_message`.
    public let message: String
    /// True when the message is SeqWatch wording because the code is newer than the rippled source read.
    public let isParaphrased: Bool

    init(_ token: String, _ number: Int, _ message: String, paraphrased: Bool = false) {
        self.token = token
        self.number = number
        self.message = message
        self.isParaphrased = paraphrased
    }

    public var description: String { token }

    public var resultClass: ResultClass {
        // The prefix is authoritative; every token starts with one of the six classes.
        ResultClass(rawValue: String(token.prefix(3))) ?? .tef
    }

    /// tes and tec are applied to a ledger: the Sequence is used and the fee burned.
    public var consumesSequence: Bool { resultClass == .tes || resultClass == .tec }

    public var isSuccess: Bool { resultClass == .tes }

    public var finality: ResultFinality {
        switch (resultClass, token) {
        case (.tes, _), (.tec, _): .whenValidated
        case (.tem, _): .final
        case (_, "tefPAST_SEQ"): .whenSequenceValidated
        case (_, "tefMAX_LEDGER"): .whenLastLedgerPassed
        default: .notFinal
        }
    }

    /// Whether this result can ever become final (every class but the transient ones).
    public var canBeFinal: Bool { finality != .notFinal }

    /// rippled keeps ter results (except terQUEUED, which is in the TxQ) in its held set and
    /// re-applies them at each close (§1.10).
    public var isHeldByServer: Bool { resultClass == .ter && token != "terQUEUED" }

    public var clientAction: ClientAction {
        switch token {
        case "terQUEUED": return .waitInQueue
        case "terPRE_SEQ": return .fillGap
        case "tefPAST_SEQ": return .lookUpAndResync
        case "tefALREADY": return .trackOriginal
        case "tefMAX_LEDGER": return .resignWithNewLastLedger
        case "telINSUF_FEE_P": return .raiseFeeOrBackOff
        default: break
        }
        if token.hasPrefix("telCAN_NOT_QUEUE") { return .raiseFeeOrBackOff }
        switch resultClass {
        case .tes, .tec: return .advance
        case .ter: return .waitForServer
        case .tef, .tel, .tem: return .fixAndResign
        }
    }
}

extension ResultCode {
    private static let byToken: [String: ResultCode] =
        Dictionary(uniqueKeysWithValues: catalogue.map { ($0.token, $0) })
    private static let byNumber: [Int: ResultCode] =
        Dictionary(uniqueKeysWithValues: catalogue.map { ($0.number, $0) })

    /// Looks a code up by token ("terPRE_SEQ"); nil for a token rippled does not define.
    public static func named(_ token: String) -> ResultCode? { byToken[token] }

    /// Looks a code up by number (`engine_result_code`, metadata TransactionResult).
    public static func numbered(_ number: Int) -> ResultCode? { byNumber[number] }

    /// Like `named`, but fails with a one-line error for unknown tokens.
    public static func require(_ token: String) throws -> ResultCode {
        guard let code = byToken[token] else { throw XRPLError.invalidFieldValue(field: "TransactionResult", reason: "unknown result \"\(token)\"") }
        return code
    }

    // The codes the engine, the simulator and the console name directly.
    public static let tesSUCCESS = named("tesSUCCESS")!
    public static let terQUEUED = named("terQUEUED")!
    public static let terPRE_SEQ = named("terPRE_SEQ")!
    public static let terINSUF_FEE_B = named("terINSUF_FEE_B")!
    public static let terNO_ACCOUNT = named("terNO_ACCOUNT")!
    public static let terRETRY = named("terRETRY")!
    public static let tefPAST_SEQ = named("tefPAST_SEQ")!
    public static let tefMAX_LEDGER = named("tefMAX_LEDGER")!
    public static let tefALREADY = named("tefALREADY")!
    public static let tefBAD_AUTH = named("tefBAD_AUTH")!
    public static let tefFAILURE = named("tefFAILURE")!
    public static let telLOCAL_ERROR = named("telLOCAL_ERROR")!
    public static let telINSUF_FEE_P = named("telINSUF_FEE_P")!
    public static let telCAN_NOT_QUEUE = named("telCAN_NOT_QUEUE")!
    public static let telCAN_NOT_QUEUE_BALANCE = named("telCAN_NOT_QUEUE_BALANCE")!
    public static let telCAN_NOT_QUEUE_BLOCKS = named("telCAN_NOT_QUEUE_BLOCKS")!
    public static let telCAN_NOT_QUEUE_BLOCKED = named("telCAN_NOT_QUEUE_BLOCKED")!
    public static let telCAN_NOT_QUEUE_FEE = named("telCAN_NOT_QUEUE_FEE")!
    public static let telCAN_NOT_QUEUE_FULL = named("telCAN_NOT_QUEUE_FULL")!
    public static let telWRONG_NETWORK = named("telWRONG_NETWORK")!
    public static let telREQUIRES_NETWORK_ID = named("telREQUIRES_NETWORK_ID")!
    public static let telNETWORK_ID_MAKES_TX_NON_CANONICAL = named("telNETWORK_ID_MAKES_TX_NON_CANONICAL")!
    public static let temMALFORMED = named("temMALFORMED")!
    public static let temBAD_AMOUNT = named("temBAD_AMOUNT")!
    public static let temBAD_CURRENCY = named("temBAD_CURRENCY")!
    public static let temBAD_EXPIRATION = named("temBAD_EXPIRATION")!
    public static let temBAD_FEE = named("temBAD_FEE")!
    public static let temBAD_LIMIT = named("temBAD_LIMIT")!
    public static let temBAD_OFFER = named("temBAD_OFFER")!
    public static let temBAD_SEQUENCE = named("temBAD_SEQUENCE")!
    public static let temBAD_SIGNATURE = named("temBAD_SIGNATURE")!
    public static let temDST_IS_SRC = named("temDST_IS_SRC")!
    public static let temDST_NEEDED = named("temDST_NEEDED")!
    public static let temINVALID = named("temINVALID")!
    public static let temINVALID_FLAG = named("temINVALID_FLAG")!
    public static let temREDUNDANT = named("temREDUNDANT")!
    public static let temBAD_SEND_XRP_PATHS = named("temBAD_SEND_XRP_PATHS")!
    public static let tecUNFUNDED_PAYMENT = named("tecUNFUNDED_PAYMENT")!
    public static let tecNO_DST = named("tecNO_DST")!
    public static let tecNO_DST_INSUF_XRP = named("tecNO_DST_INSUF_XRP")!
    public static let tecPATH_DRY = named("tecPATH_DRY")!
    public static let tecPATH_PARTIAL = named("tecPATH_PARTIAL")!
    public static let tecNO_LINE_INSUF_RESERVE = named("tecNO_LINE_INSUF_RESERVE")!
    public static let tecINSUF_RESERVE_LINE = named("tecINSUF_RESERVE_LINE")!
    public static let tecINSUF_RESERVE_OFFER = named("tecINSUF_RESERVE_OFFER")!
    public static let tecUNFUNDED_OFFER = named("tecUNFUNDED_OFFER")!
    public static let tecNO_PERMISSION = named("tecNO_PERMISSION")!
    public static let tecNO_TARGET = named("tecNO_TARGET")!
    public static let tecNO_LINE_REDUNDANT = named("tecNO_LINE_REDUNDANT")!
    public static let tecINSUFF_FEE = named("tecINSUFF_FEE")!
    public static let tecKILLED = named("tecKILLED")!
    public static let tecEXPIRED = named("tecEXPIRED")!
    public static let tecNO_ENTRY = named("tecNO_ENTRY")!
    public static let tecNO_LINE = named("tecNO_LINE")!
    public static let tecINSUFFICIENT_RESERVE = named("tecINSUFFICIENT_RESERVE")!
    public static let tecDST_TAG_NEEDED = named("tecDST_TAG_NEEDED")!
}
