import ArgumentParser
import LedgerSim

/// The simulator's knobs, shared by `sim` (the standalone server) and `run` (the embedded one).
struct SimOptions: ParsableArguments {
    @Option(help: "Seconds between ledger closes; 0 closes only on ledger_accept.")
    var closeInterval: Double = 1

    @Option(help: "Expected ledger size (txnsExpected floor and target); small values make escalation easy to reach.")
    var ledgerSize: Int?

    @Flag(help: "Act as rippled --standalone: TxQ minimum/expected ledger size 1000 and a 20,000-transaction queue (the network-mode defaults are 32 and 2000). --ledger-size still wins.")
    var standalone = false

    @Option(help: "Seed for the simulator's randomness (fault shares, load accounts).")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("fault"),
        help: ArgumentHelp("A fault to inject at start; repeatable. \(SimFault.syntax)", valueName: "fault"))
    var faults: [String] = []

    @Option(help: "Submits per second the server digests before its load fee rises; 0 turns the load model off.")
    var loadCapacity: Double = 1_000

    @Option(help: "Base fee in drops.") var baseFee: UInt64 = 10
    @Option(help: "Account reserve in drops.") var reserveBase: UInt64 = 1_000_000
    @Option(help: "Owner reserve per object in drops.") var reserveIncrement: UInt64 = 200_000
    @Option(help: "network_id; above 1024 transactions must carry NetworkID.") var networkID: UInt32 = 0
    @Option(help: "Closed ledgers kept for ledger, tx and account_tx.") var history: Int = 2_000
    @Option(
        help: ArgumentHelp(
            "Index of the first validated ledger (genesis is the one before), so tests stand where real networks are, e.g. 90000000.",
            valueName: "index"))
    var startLedger: UInt64 = UInt64(SimConfig().startLedger)

    /// The most submits per second `--load-capacity` may name: far beyond what one process
    /// digests, and small enough that the load model's arithmetic stays exact.
    static let maxLoadCapacity = 1_000_000_000.0

    /// Every numeric flag is range-checked here, so a value the simulator cannot use ends in one
    /// line and a non-zero exit instead of a trap on the first request that touches it
    /// (`--reserve-base 18446744073709551615` used to trap in `server_info`).
    func validate() throws {
        guard closeInterval >= 0, closeInterval <= 3600 else { throw ValidationError("--close-interval must be in [0, 3600] seconds") }
        if let ledgerSize, !(1...100_000).contains(ledgerSize) { throw ValidationError("--ledger-size must be in 1...100000") }
        guard loadCapacity >= 0, loadCapacity <= Self.maxLoadCapacity else {
            throw ValidationError("--load-capacity must be in [0, 1000000000] submits per second")
        }
        guard baseFee > 0, baseFee <= 1_000_000 else { throw ValidationError("--base-fee must be in 1...1000000 drops") }
        // A reserve above every XRP that exists (10^17 drops) could never be met.
        let maxReserve = SimConfig.maxReserveDrops
        guard reserveBase <= maxReserve else { throw ValidationError("--reserve-base must be in 0...\(maxReserve) drops (100 billion XRP)") }
        guard reserveIncrement <= maxReserve else {
            throw ValidationError("--reserve-increment must be in 0...\(maxReserve) drops (100 billion XRP)")
        }
        guard (1...1_000_000).contains(history) else { throw ValidationError("--history must be in 1...1000000") }
        let starts = SimConfig.startLedgerRange
        guard startLedger >= UInt64(starts.lowerBound), startLedger <= UInt64(starts.upperBound) else {
            throw ValidationError("--start-ledger must be in \(starts.lowerBound)...\(starts.upperBound)")
        }
        _ = try parsedFaults()
    }

    func parsedFaults() throws -> [SimFault] {
        try faults.map { text in
            do { return try SimFault(parsing: text) } catch { throw ValidationError("\(error)") }
        }
    }

    var config: SimConfig {
        var c = SimConfig()
        c.closeInterval = closeInterval > 0 ? closeInterval : nil
        c.standalone = standalone
        if standalone { c.txq = .standalone() }
        if let ledgerSize { c.txq = .ledgerSize(ledgerSize) }
        c.seed = seed
        c.loadCapacity = loadCapacity > 0 ? loadCapacity : nil
        c.baseFee = baseFee
        c.reserveBase = reserveBase
        c.reserveIncrement = reserveIncrement
        c.networkID = networkID
        c.historyLedgers = history
        c.startLedger = UInt32(clamping: startLedger)
        return c
    }
}
