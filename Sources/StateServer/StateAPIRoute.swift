import Hummingbird

/// The endpoints of the state API, recognised from a path alone, so an unknown path (404) and a
/// known path asked with the wrong method (405) are told apart before anything runs.
enum StateAPIRoute: Sendable, Equatable {
    case summary, fees, pending, accounts
    /// `/state/tx/{hash}`, with the hash as written (validated by the handler: a malformed hash
    /// is the caller's mistake, 400, not an unknown endpoint).
    case transaction(String)
    case metrics
    case pause, resume, resync, heal, strategy, rate

    init?(path rawPath: String) {
        var path = Substring(rawPath)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        switch path {
        case "/state/summary": self = .summary
        case "/state/fees": self = .fees
        case "/state/pending": self = .pending
        case "/state/accounts": self = .accounts
        case "/metrics": self = .metrics
        case "/workload/pause": self = .pause
        case "/workload/resume": self = .resume
        case "/workload/resync": self = .resync
        case "/workload/heal": self = .heal
        case "/workload/strategy": self = .strategy
        case "/workload/rate": self = .rate
        default:
            let prefix = "/state/tx/"
            guard path.hasPrefix(prefix) else { return nil }
            let hash = path.dropFirst(prefix.count)
            guard !hash.isEmpty, !hash.contains("/") else { return nil }
            self = .transaction(String(hash))
        }
    }

    /// Reads are GETs; everything that changes the workload is a POST (and needs the token).
    var method: HTTPRequest.Method {
        switch self {
        case .summary, .fees, .pending, .accounts, .transaction, .metrics: .get
        case .pause, .resume, .resync, .heal, .strategy, .rate: .post
        }
    }
}
