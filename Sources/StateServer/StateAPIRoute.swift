import Hummingbird

/// The endpoints of the state API, recognised from a path alone, so an unknown path (404) and a
/// known path asked with the wrong method (405) are told apart before anything runs.
enum StateAPIRoute: Sendable, Equatable {
    case summary, fees, pending, accounts
    /// `/state/tx/{hash}`, with the hash as written (validated by the handler: a malformed hash
    /// is the caller's mistake, 400, not an unknown endpoint).
    case transaction(String)
    /// `/state/account/{address}`, the address as written (checked by the handler, like a hash).
    case account(String)
    /// `GET /state/heal-plan?account=`: the plan a heal would run, read without the token.
    case healPlan
    /// `GET /state/stream`: snapshots as Server-Sent Events (see `SnapshotFeed`).
    case stream
    case metrics
    case pause, resume, resync, heal, strategy, rate
    /// `POST /workload/diverge?account=`: the console's `d`.
    case diverge
    /// `GET /sim/faults` (the menu) and `POST /sim/fault?spec=` (inject one).
    case faults, fault

    init?(path rawPath: String) {
        var path = Substring(rawPath)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        switch path {
        case "/state/summary": self = .summary
        case "/state/fees": self = .fees
        case "/state/pending": self = .pending
        case "/state/accounts": self = .accounts
        case "/state/heal-plan": self = .healPlan
        case "/state/stream": self = .stream
        case "/sim/faults": self = .faults
        case "/sim/fault": self = .fault
        case "/workload/diverge": self = .diverge
        case "/metrics": self = .metrics
        case "/workload/pause": self = .pause
        case "/workload/resume": self = .resume
        case "/workload/resync": self = .resync
        case "/workload/heal": self = .heal
        case "/workload/strategy": self = .strategy
        case "/workload/rate": self = .rate
        default:
            if let hash = Self.parameter(of: path, after: "/state/tx/") {
                self = .transaction(hash)
            } else if let address = Self.parameter(of: path, after: "/state/account/") {
                self = .account(address)
            } else {
                return nil
            }
        }
    }

    /// The one path segment after `prefix`, if that is what `path` is.
    private static func parameter(of path: Substring, after prefix: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        return String(rest)
    }

    /// Reads are GETs; everything that changes the workload is a POST (and needs the token).
    var method: HTTPRequest.Method {
        switch self {
        case .summary, .fees, .pending, .accounts, .transaction, .account, .healPlan, .stream, .metrics, .faults: .get
        case .pause, .resume, .resync, .heal, .strategy, .rate, .diverge, .fault: .post
        }
    }
}
