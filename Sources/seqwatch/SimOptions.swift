import ArgumentParser
import LedgerSim

/// The simulator's knobs, shared by `sim` (the standalone server) and `run` (the embedded one).
struct SimOptions: ParsableArguments {
    @Option(help: "Seconds between ledger closes; 0 closes only on ledger_accept.")
    var closeInterval: Double = 1

    @Option(help: "Expected ledger size (txnsExpected floor and target); small values make escalation easy to reach.")
    var ledgerSize: Int?

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

    func validate() throws {
        guard closeInterval >= 0, closeInterval <= 3600 else { throw ValidationError("--close-interval must be in [0, 3600] seconds") }
        if let ledgerSize, !(1...100_000).contains(ledgerSize) { throw ValidationError("--ledger-size must be in 1...100000") }
        guard loadCapacity >= 0 else { throw ValidationError("--load-capacity must not be negative") }
        guard baseFee > 0, baseFee <= 1_000_000 else { throw ValidationError("--base-fee must be in 1...1000000 drops") }
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
