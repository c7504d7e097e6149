import ArgumentParser
import Foundation
import LedgerClient
import Workload
import XRPL

/// The options every engine command shares (`run`, headless or with the console).
struct WorkloadOptions: ParsableArguments {
    @Option(help: "Server URL: ws://HOST:PORT (WebSocket), http://HOST:PORT (JSON-RPC). Default: the embedded simulator.")
    var url: String?

    @Option(help: "Workload accounts to fund and drive.") var accounts: Int = 20
    @Option(help: "Target submit rate, transactions per second.") var rate: Double = 50
    @Option(help: "Recovery strategy: heal, global, autofill or none.") var strategy: StrategyKind = .heal
    @Option(help: "Transactions in flight per account (1...10).") var inFlight: Int = 4
    @Option(help: "Highest fee the engine pays, in drops.") var feeCap: UInt64 = 2_000
    @Option(
        help: """
            Derive the workload's keys (and its randomness) from this number instead of the wallet file. \
            Anyone can recompute such keys: for benches on the embedded simulator only \
            (against --url it needs --insecure-derived-keys).
            """)
    var workloadSeed: UInt64?
    @Option(help: "Key algorithm of the workload wallets.") var algorithm: KeyAlgorithm = .ed25519
    @Option(
        help: ArgumentHelp(
            "Transaction mix as relative weights, e.g. xrp=40,issued=15,accountset=15,trustset=10,offer=10,escrow=10 (unnamed kinds keep their default).",
            valueName: "weights"))
    var mix: String?

    @Option(
        help: ArgumentHelp(
            "File holding the seed of a funded account to fund the workload from (default: the standalone genesis). Or set SEQWATCH_FUNDER_SEED.",
            valueName: "file"))
    var funderSeedFile: String?

    func validate() throws {
        guard (1...5_000).contains(accounts) else { throw ValidationError("--accounts must be in 1...5000") }
        guard rate > 0, rate <= 100_000 else { throw ValidationError("--rate must be in (0, 100000]") }
        guard (1...10).contains(inFlight) else { throw ValidationError("--in-flight must be in 1...10 (rippled queues at most 10 per account)") }
        guard feeCap >= 10 else { throw ValidationError("--fee-cap must be at least 10 drops") }
        if let mix { _ = try Self.parseMix(mix) }
    }

    func endpoint() throws -> LedgerEndpoint {
        do { return try LedgerEndpoint(parsing: url ?? "") } catch { throw CLIError("\(error)") }
    }

    /// The funder's seed is read from a file or the environment, never from the command line
    /// (where `ps` and shell history would show it), and never printed.
    func funder() throws -> Seed? {
        var text: String?
        if let funderSeedFile {
            guard let data = FileManager.default.contents(atPath: funderSeedFile), let s = String(data: data, encoding: .utf8) else {
                throw CLIError("cannot read the funder seed file \(funderSeedFile)")
            }
            text = s
        } else if let env = ProcessInfo.processInfo.environment["SEQWATCH_FUNDER_SEED"], !env.isEmpty {
            text = env
        }
        guard let raw = text?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        do { return try Seed(encoded: raw) } catch { throw CLIError("the funder seed is not a valid XRPL family seed") }
    }

    func config() throws -> WorkloadConfig {
        var c = WorkloadConfig()
        c.accounts = accounts
        c.ratePerSecond = rate
        c.strategy = strategy
        c.maxInFlightPerAccount = inFlight
        c.feeCap = feeCap
        c.seed = workloadSeed ?? 1
        c.algorithm = algorithm
        c.funder = try funder()
        if let mix { c.mix = try Self.parseMix(mix) }
        return c
    }

    /// "xrp=40,issued=15,…" → a `TransactionMix`; unknown kinds, bad weights and an all-zero
    /// mix are refused with the list of kinds.
    static func parseMix(_ text: String) throws -> TransactionMix {
        let kinds = "xrp, issued, accountset, trustset, offer, escrow"
        var m = TransactionMix()
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard kv.count == 2, let w = Int(kv[1]), (0...1_000).contains(w) else {
                throw ValidationError("--mix: \"\(part)\" is not KIND=WEIGHT with a weight in 0...1000 (kinds: \(kinds))")
            }
            switch kv[0] {
            case "xrp": m.xrpPayment = w
            case "issued": m.issuedPayment = w
            case "accountset": m.accountSet = w
            case "trustset": m.trustSet = w
            case "offer": m.offer = w
            case "escrow": m.escrow = w
            default: throw ValidationError("--mix: unknown kind \"\(kv[0])\" (kinds: \(kinds))")
            }
        }
        guard m.total > 0 else { throw ValidationError("--mix: at least one weight must be positive") }
        return m
    }
}

extension StrategyKind: ExpressibleByArgument {}
