import XRPL

/// A fault an operator injects to reproduce a production failure (issue: the point of a
/// simulator for ops). Parsed from `--fault` flags, the `sim_fault` method and the console.
public enum SimFault: Sendable, Equatable, CustomStringConvertible {
    /// This share of submits is processed but the reply is never sent.
    case dropSubmits(share: Double)
    /// This share of submits is answered with a tel* code instead of being applied. By default
    /// the server then treats it as rippled treats a real tel from a local client
    /// (`isTelLocal` in `NetworkOPsImp::apply`): held and kept in LocalTxs, so it is retried at
    /// the next close and into the next open ledgers and often uses its Sequence after all.
    /// With `drop` (`tel=SHARE:CODE:drop`), the worst case: nothing is kept and the Sequence
    /// stays unused until the client fills it.
    case localError(share: Double, code: String, drop: Bool = false)
    /// Background load: this many escalating transactions per ledger from simulator accounts.
    case feeSurge(perLedger: Int)
    /// No ledger closes for this many seconds (the next close counts as a time leap).
    case stall(seconds: Double)
    /// Another holder of the account's key spends its next Sequence.
    case foreignTransaction(account: String)
    /// Open ledger, queue, held set and sessions lost; validated history kept.
    case restart
    /// Every WebSocket (and in-process) subscriber is disconnected.
    case disconnectClients
    /// Turns the standing faults (drop, tel, surge, stall) off.
    case clear

    public var name: String {
        switch self {
        case .dropSubmits: "drop"
        case .localError: "tel"
        case .feeSurge: "surge"
        case .stall: "stall"
        case .foreignTransaction: "foreign"
        case .restart: "restart"
        case .disconnectClients: "disconnect"
        case .clear: "clear"
        }
    }

    public var description: String {
        switch self {
        case .dropSubmits(let s): "drop=\(s)"
        case .localError(let s, let code, let drop): "tel=\(s):\(code)\(drop ? ":drop" : "")"
        case .feeSurge(let n): "surge=\(n)"
        case .stall(let s): "stall=\(s)"
        case .foreignTransaction(let a): "foreign=\(a)"
        case .restart: "restart"
        case .disconnectClients: "disconnect"
        case .clear: "clear"
        }
    }

    public static let syntax =
        "drop=SHARE | tel=SHARE[:telCODE][:drop] | surge=TX_PER_LEDGER | stall=SECONDS | foreign=ADDRESS | restart | disconnect | clear"

    /// Parses "drop=0.1", "tel=0.2:telINSUF_FEE_P" (or "…:drop"), "surge=200", "stall=5", "foreign=r…",
    /// "restart", "disconnect", "clear". Errors name the problem in one line.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let key = parts.first ?? ""
        let value = parts.count > 1 ? parts[1] : nil
        func share(_ v: String?) throws -> Double {
            guard let v, let d = Double(v), d >= 0, d <= 1 else {
                throw SimFaultError("fault \(key) needs a share between 0 and 1, e.g. \(key)=0.1")
            }
            return d
        }
        switch key {
        case "drop":
            self = .dropSubmits(share: try share(value))
        case "tel":
            var bits = (value ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let drop = bits.count > 1 && bits.last == "drop"
            if drop { bits.removeLast() }
            guard bits.count <= 2 else { throw SimFaultError("fault tel is tel=SHARE[:telCODE][:drop], not tel=\(value ?? "")") }
            let code = bits.count > 1 ? bits[1] : "telLOCAL_ERROR"
            guard let r = ResultCode.named(code), r.resultClass == .tel else {
                throw SimFaultError("fault tel needs a tel* result code, not \(code)")
            }
            self = .localError(share: try share(bits.first), code: r.token, drop: drop)
        case "surge":
            guard let v = value, let n = Int(v), n >= 0, n <= 100_000 else {
                throw SimFaultError("fault surge needs transactions per ledger, e.g. surge=200")
            }
            self = .feeSurge(perLedger: n)
        case "stall":
            guard let v = value, let s = Double(v), s > 0, s <= 3600 else {
                throw SimFaultError("fault stall needs seconds (0–3600], e.g. stall=5")
            }
            self = .stall(seconds: s)
        case "foreign":
            guard let v = value, AddressCodec.isValidClassicAddress(v) else {
                throw SimFaultError("fault foreign needs a classic address, e.g. foreign=rXXXX")
            }
            self = .foreignTransaction(account: v)
        case "restart" where value == nil: self = .restart
        case "disconnect" where value == nil: self = .disconnectClients
        case "clear" where value == nil: self = .clear
        default:
            throw SimFaultError("unknown fault \"\(text)\"; expected \(Self.syntax)")
        }
    }
}

public struct SimFaultError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}

/// Deterministic randomness (SplitMix64): same seed, same fault decisions.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { p > 0 && Double(next() >> 11) / Double(1 << 53) < p }
}
