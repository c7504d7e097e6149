import XRPL

/// What the engine core asks its driver to do. The core never does I/O itself, so the same
/// logic runs against a real server, the in-process simulator, or a deterministic test loop.
public enum EngineAction: Sendable {
    /// Submit this signed blob; report with `.submitReplied` / `.submitFailed`.
    case submit(TrackedTransaction.ID, blob: [UInt8])
    /// A read; report with `.requestReplied`.
    case request(RequestID, method: String, params: [String: JSONValue])
    /// Subscribe to the ledger stream and these accounts' validated transactions.
    case subscribe(accounts: [String])
}

public typealias RequestID = UInt64

/// What the driver reports back.
public enum EngineInput: Sendable {
    /// The submit's `result` object.
    case submitReplied(TrackedTransaction.ID, JSONValue)
    /// The submit failed: an RPC error (e.g. invalidTransaction), or no reply at all.
    case submitFailed(TrackedTransaction.ID, reason: String, noReply: Bool)
    case requestReplied(RequestID, Result<JSONValue, RequestFailure>)
    case stream(StreamMessage)
    case connection(connected: Bool)
    /// The subscription failed (the stream will not flow): reported, counted, retried.
    case subscribeFailed(reason: String)
    /// A stream message arrived that could not be parsed: reported and counted, never dropped silently.
    case unparsedStream(reason: String)
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
    case discover(String)
    case heal(String)
    case resync(String)
    case globalResync(String)
    case autofill(String)
    /// Confirm HELD/QUEUED beliefs against the server's queue.
    case verify(String)
    case fee
    case serverState
    /// The server's validated ledger and network, before anything is signed.
    case serverInfo
}
