import XRPL

/// What the engine core asks its driver to do. The core never does I/O itself, so the same
/// logic runs against a real server, the in-process simulator, or a deterministic test loop.
public enum EngineAction: Sendable {
    /// Submit this signed blob; report with `.submitReplied` / `.submitFailed`.
    case submit(TrackedTransaction.ID, blob: [UInt8])
    /// A read; report with `.requestReplied`, the reply decoded by `ReadRequest.decode`.
    case request(RequestID, ReadRequest)
    /// Subscribe to the ledger stream and these accounts' validated transactions.
    case subscribe(accounts: [AccountAddress])
}

public typealias RequestID = UInt64

/// What the driver reports back.
public enum EngineInput: Sendable {
    /// The submit's `result`, decoded at the edge (`SubmitResponse(json:)`).
    case submitReplied(TrackedTransaction.ID, SubmitResponse)
    /// The submit failed: an RPC error (e.g. invalidTransaction), or no reply at all.
    case submitFailed(TrackedTransaction.ID, reason: String, noReply: Bool)
    case requestReplied(RequestID, Result<ServerReply, RequestFailure>)
    case stream(StreamMessage)
    case connection(connected: Bool)
    /// The subscription failed (the stream will not flow): reported, counted, retried.
    case subscribeFailed(reason: String)
    /// A stream message arrived that could not be parsed: reported and counted, never dropped silently.
    case unparsedStream(reason: String)
}

/// The reads the engine makes, typed: the driver sends `method`/`params` and decodes the reply
/// with `decode` before the core sees it, so the core never reads JSON by hand.
public enum ReadRequest: Sendable, Equatable {
    /// `account_info` on the current (open) ledger, with the account's queue when `queue`.
    case accountInfo(account: AccountAddress, queue: Bool)
    case fee
    /// server_state: the load factor in integer units, which `fee` does not carry.
    case serverState
    /// server_info: the validated ledger and the network id.
    case serverInfo
    /// `tx` by hash: is a journalled transaction in a validated ledger (restart reconciliation)?
    case tx(hash: String)

    public var method: String {
        switch self {
        case .accountInfo: "account_info"
        case .fee: "fee"
        case .serverState: "server_state"
        case .serverInfo: "server_info"
        case .tx: "tx"
        }
    }

    public var params: [String: JSONValue] {
        switch self {
        case .accountInfo(let account, let queue):
            var p: [String: JSONValue] = ["account": .string(account.text), "ledger_index": "current"]
            if queue { p["queue"] = true }
            return p
        case .tx(let hash):
            return ["transaction": .string(hash)]
        case .fee, .serverState, .serverInfo:
            return [:]
        }
    }

    /// The reply as its API model; a reply that does not decode is a failure with a reason.
    public func decode(_ result: JSONValue) -> Result<ServerReply, RequestFailure> {
        do {
            switch self {
            case .accountInfo: return .success(.accountInfo(try result.decode(as: AccountInfoResponse.self)))
            case .fee: return .success(.fee(try result.decode(as: FeeResponse.self)))
            case .serverState: return .success(.serverState(try result.decode(as: ServerStateResponse.self).state))
            case .serverInfo: return .success(.serverInfo(try result.decode(as: ServerInfoResponse.self).info))
            case .tx: return .success(.tx(try result.decode(as: TxResponse.self)))
            }
        } catch {
            return .failure(RequestFailure(token: "malformedReply", message: "\(method): \(String(describing: error).prefix(160))"))
        }
    }
}

/// A read's reply as its API model.
public enum ServerReply: Sendable {
    case accountInfo(AccountInfoResponse)
    case fee(FeeResponse)
    case serverState(ServerStateInfo)
    case serverInfo(ServerInfo)
    case tx(TxResponse)

    var accountInfo: AccountInfoResponse? { if case .accountInfo(let a) = self { a } else { nil } }
}

extension AccountInfoResponse {
    /// The Sequences the server's queue holds for the account.
    var queuedSequences: Set<UInt32> { Set(queueData?.transactions?.compactMap(\.seq) ?? []) }
}

/// A failed read: the RPC error token, or a transport problem.
public struct RequestFailure: Error, Sendable, Equatable {
    public let token: String
    public let message: String
    public init(token: String, message: String) {
        self.token = token
        self.message = message
    }
}

/// Why the engine reads an account.
enum ReadPurpose: Sendable, Equatable {
    case funder
    case discover(AccountAddress)
    case heal(AccountAddress)
    case resync(AccountAddress)
    case globalResync(AccountAddress)
    case autofill(AccountAddress)
    /// Confirm HELD/QUEUED beliefs against the server's queue.
    case verify(AccountAddress)
    case fee
    case serverState
    /// The server's validated ledger and network, before anything is signed.
    case serverInfo
    /// Restart reconciliation: an account's Sequence, a journalled transaction's fate.
    case reconcileAccount(AccountAddress)
    case reconcileTx(String)
    /// A live transaction whose Sequence the ledger shows spent: its own, or another's?
    case sequenceSpent(TrackedTransaction.ID)
}
