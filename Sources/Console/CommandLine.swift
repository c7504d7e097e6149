import Workload

/// The `:` command line: what the operator may type, its completion and its meaning. Pure, so
/// every command and every completion is a unit test.
public enum CommandLine {
    /// Verbs and what each takes, in the order help lists them.
    public static let verbs: [(verb: String, argument: String, meaning: String)] = [
        ("goto", "ADDRESS", "select the account whose address starts so"),
        ("heal", "ADDRESS", "heal that account (shows the plan first)"),
        ("resync", "all|ADDRESS", "resync every account, or one"),
        ("rate", "TX/S", "set the target rate"),
        ("strategy", "none|global|autofill|heal", "switch the recovery strategy"),
        ("fault", "SPEC", "inject a simulator fault (drop=0.2, tel=0.05, clear…)"),
        ("sort", "natural|status|gap|address|in-flight|last", "sort the accounts"),
        ("filter", "TEXT", "filter the focused panel (empty: clear)"),
        ("export", "", "write the snapshot and the screen to the state directory"),
        ("pause", "", "pause the workload"),
        ("resume", "", "resume the workload"),
        ("help", "", "the keys and columns"),
        ("quit", "", "stop, drain and quit"),
    ]

    /// What a command line means once Enter is pressed.
    public enum Parsed: Sendable, Equatable {
        case goto(String), heal(String), resyncAll, resync(String), rate(Double), strategy(StrategyKind), fault(String)
        case sort(ConsoleState.Sort), filter(String), export, pause, resume, help, quit
    }

    /// The account a prefix names: exact address first, else the only one it starts; an error
    /// line when it names none or several.
    static func account(_ prefix: String, in accounts: [String]) -> Result<String, CommandError> {
        guard !prefix.isEmpty else { return .failure(CommandError("name an account (an address or its first letters)")) }
        if accounts.contains(prefix) { return .success(prefix) }
        let matches = accounts.filter { $0.hasPrefix(prefix) }
        switch matches.count {
        case 0: return .failure(CommandError("no account starts with \(prefix)"))
        case 1: return .success(matches[0])
        default: return .failure(CommandError("\(matches.count) accounts start with \(prefix); type more of it"))
        }
    }

    public struct CommandError: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    public static func parse(_ line: String, accounts: [String]) -> Result<Parsed, CommandError> {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return .failure(CommandError("empty command (try :help)")) }
        let arg = words.dropFirst().joined(separator: " ")
        let matching = verbs.map(\.verb).filter { $0.hasPrefix(verb) }
        guard let full = matching.contains(verb) ? verb : (matching.count == 1 ? matching[0] : nil) else {
            return .failure(CommandError(matching.isEmpty ? "unknown command \(verb) (try :help)" : "\(verb) could be \(matching.joined(separator: ", "))"))
        }
        switch full {
        case "goto": return account(arg, in: accounts).map { .goto($0) }
        case "heal": return account(arg, in: accounts).map { .heal($0) }
        case "resync": return arg.lowercased() == "all" ? .success(.resyncAll) : account(arg, in: accounts).map { .resync($0) }
        case "rate":
            guard let r = Double(arg), r.isFinite, r > 0, r <= 100_000 else { return .failure(CommandError("rate takes tx/s between 0 and 100000, not \(arg.isEmpty ? "nothing" : arg)")) }
            return .success(.rate(r))
        case "strategy":
            guard let k = StrategyKind(rawValue: arg.lowercased()) else {
                return .failure(CommandError("strategy is one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return .success(.strategy(k))
        case "fault":
            guard !arg.isEmpty else { return .failure(CommandError("fault takes a spec, e.g. :fault tel=0.05 or :fault clear")) }
            return .success(.fault(arg))
        case "sort":
            let name = arg.lowercased() == "last" ? "last result" : arg.lowercased()
            guard let s = ConsoleState.Sort(rawValue: name) else {
                return .failure(CommandError("sort by \(ConsoleState.Sort.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return .success(.sort(s))
        case "filter": return .success(.filter(arg))
        case "export": return .success(.export)
        case "pause": return .success(.pause)
        case "resume": return .success(.resume)
        case "help": return .success(.help)
        default: return .success(.quit)
        }
    }

    /// Tab: completes the verb, then the argument (account addresses, strategies, sorts), as
    /// far as every candidate agrees; returns the new line and the candidates left.
    public static func complete(_ line: String, accounts: [String]) -> (line: String, candidates: [String]) {
        let endsWithSpace = line.hasSuffix(" ")
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count <= 1 && !endsWithSpace {
            let typed = words.first ?? ""
            let c = verbs.map(\.verb).filter { $0.hasPrefix(typed.lowercased()) }
            guard !c.isEmpty else { return (line, []) }
            let common = commonPrefix(c)
            return (c.count == 1 ? common + " " : common, c)
        }
        let verb = words[0].lowercased()
        let typed = endsWithSpace ? "" : (words.popLast() ?? "")
        let options: [String]
        switch verb {
        case "goto", "heal": options = accounts
        case "resync": options = ["all"] + accounts
        case "strategy": options = StrategyKind.allCases.map(\.rawValue)
        case "sort": options = ConsoleState.Sort.allCases.map { $0 == .lastResult ? "last" : $0.rawValue }
        case "fault": options = ["drop=0.2", "tel=0.05", "surge=200", "stall=5", "clear"]
        default: options = []
        }
        let c = options.filter { $0.hasPrefix(typed) }
        guard !c.isEmpty else { return (line, []) }
        let head = words.joined(separator: " ") + " "
        let common = commonPrefix(c)
        return (head + common, Array(c.prefix(50)))
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for s in strings.dropFirst() {
            while !s.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
