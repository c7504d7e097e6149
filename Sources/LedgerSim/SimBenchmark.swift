import Foundation
import XRPL

/// `seqwatch bench sim`: how fast the simulator applies signed transactions in-process, with
/// every signature checked, and what a ledger close costs when the queue is full.
///
/// Transactions are signed before the clock starts, so the figure is the server's cost alone:
/// decode, signature check, TxQ decision, open-ledger apply, plus the close (canonical
/// re-application with metadata) amortised over the ledger.
public enum SimBenchmark {
    public struct Result: Sendable {
        public var transactions: Int
        /// Submits per second, closes excluded.
        public var submitPerSecond: Double
        /// Transactions per second including the closes that put them in ledgers.
        public var appliedPerSecond: Double
        public var microsPerSubmit: Double
        /// Of a submit: decoding the blob and checking its signature (parallel in the server).
        public var microsDecodeAndVerify: Double
        /// Of a submit: the serial part, TxQ decision and open-ledger apply.
        public var microsApply: Double
        /// Per transaction: its share of the ledger close (canonical re-apply with metadata).
        public var microsClose: Double
        /// The serial ledger path alone (apply + close), i.e. one core's rate when signature
        /// checks run on other cores as they do behind the actor.
        public var serialPathPerSecond: Double
        /// Mean close time with the queue at its maximum size.
        public var closeMillisFullQueue: Double
        public var queueSizeAtClose: Int
        public var algorithm: KeyAlgorithm
    }

    /// Runs both measurements. `transactions` is the submit count for the throughput figure.
    /// With a `sink`, every ledger of the throughput run is handed to it as `seqwatch sim
    /// --state-dir` does, so its cost shows in the close figures.
    public static func run(
        transactions: Int = 40_000, accounts: Int = 1_000, algorithm: KeyAlgorithm = .ed25519, sink: (any LedgerSink)? = nil
    ) throws -> Result {
        let wallets = try (0..<accounts).map { i -> Wallet in
            var entropy = [UInt8](repeating: 0x42, count: 16)
            entropy[0] = UInt8(i & 0xFF)
            entropy[1] = UInt8(i >> 8)
            return try Wallet(seed: try Seed(entropy: entropy, algorithm: algorithm))
        }
        var config = SimConfig()
        config.closeInterval = nil
        config.loadCapacity = nil
        // Roomy ledgers: the throughput figure measures applying, not queueing.
        config.txq = .ledgerSize(100_000)
        for w in wallets { config.prefundedAccounts[w.address] = 10_000_000_000 }
        let perLedger = 5_000

        // Pre-sign: round-robin over accounts so each ledger holds many accounts' runs.
        var blobs: [[UInt8]] = []
        blobs.reserveCapacity(transactions)
        var sequences = [UInt32](repeating: 1, count: accounts)
        for i in 0..<transactions {
            let a = i % accounts
            let dest = wallets[(a + 1) % accounts].address
            let tx = Transaction(
                account: wallets[a].address, body: .payment(destination: dest, amount: .drops(1_000 + UInt64(i % 97))),
                fee: 12, sequence: sequences[a])
            sequences[a] += 1
            blobs.append(try TransactionSigner.sign(tx, with: wallets[a].keys).blob)
        }

        var core = SimulatorCore(config: config, startTime: 1_000_000)
        core.ledgerSink = sink
        let clock = ContinuousClock()
        var submitTime = Duration.zero
        var verifyTime = Duration.zero
        var closeTime = Duration.zero
        var now = 1_000_000.0
        var applied = 0
        for (i, blob) in blobs.enumerated() {
            let t0 = clock.now
            guard case .success(let candidate) = SimulatorCore.candidate(blob: blob, baseFee: config.baseFee, failHard: false) else {
                throw SimFaultError("benchmark setup error: a pre-signed transaction failed its checks")
            }
            let t1 = clock.now
            if core.submit(candidate: candidate, failHard: false).result.consumesSequence { applied += 1 }
            let t2 = clock.now
            verifyTime += t1 - t0
            submitTime += t2 - t0
            if (i + 1) % perLedger == 0 || i == blobs.count - 1 {
                now += 1
                let t1 = clock.now
                core.close(at: now)
                closeTime += clock.now - t1
            }
        }
        guard applied == transactions else {
            throw SimFaultError("benchmark setup error: only \(applied) of \(transactions) transactions applied")
        }
        let submitSeconds = submitTime / .seconds(1)
        let totalSeconds = (submitTime + closeTime) / .seconds(1)
        let n = Double(transactions)
        let verifyMicros = verifyTime / .microseconds(1) / n
        let applyMicros = (submitTime - verifyTime) / .microseconds(1) / n
        let closeMicros = closeTime / .microseconds(1) / n
        let (closeMillis, queued) = try fullQueueCloseCost(algorithm: algorithm)
        return Result(
            transactions: transactions, submitPerSecond: Double(transactions) / submitSeconds,
            appliedPerSecond: Double(transactions) / totalSeconds, microsPerSubmit: submitSeconds * 1e6 / Double(transactions),
            microsDecodeAndVerify: verifyMicros, microsApply: applyMicros, microsClose: closeMicros,
            serialPathPerSecond: 1e6 / (applyMicros + closeMicros),
            closeMillisFullQueue: closeMillis, queueSizeAtClose: queued, algorithm: algorithm)
    }

    /// Network-mode defaults (expected 32, queue max 2000): fill the open ledger and the queue,
    /// then time the close that accepts from it. Repeated, refilling each time.
    static func fullQueueCloseCost(algorithm: KeyAlgorithm) throws -> (Double, Int) {
        let accountCount = 260
        let wallets = try (0..<accountCount).map { i -> Wallet in
            var entropy = [UInt8](repeating: 0x17, count: 16)
            entropy[0] = UInt8(i & 0xFF)
            entropy[1] = UInt8(i >> 8)
            return try Wallet(seed: try Seed(entropy: entropy, algorithm: algorithm))
        }
        var config = SimConfig()
        config.closeInterval = nil
        config.loadCapacity = nil
        for w in wallets { config.prefundedAccounts[w.address] = 10_000_000_000 }
        var core = SimulatorCore(config: config, startTime: 1_000_000)
        var now = 1_000_000.0
        now += 1
        core.close(at: now)  // sets max_queue_size
        var sequences = [UInt32](repeating: 1, count: accountCount)
        let clock = ContinuousClock()
        var total = Duration.zero
        var rounds = 0
        var queuedAtClose = 0
        for _ in 0..<5 {
            // Fill: every account up to its 10-transaction limit, rising fees so order matters.
            var progress = true
            while progress, core.queueCount < (core.queueMaxSize ?? 2000) {
                progress = false
                for (a, w) in wallets.enumerated() where core.queueCount < (core.queueMaxSize ?? 2000) {
                    let tx = Transaction(account: w.address, body: .noOp, fee: 10 + UInt64(a % 50), sequence: sequences[a])
                    let blob = try TransactionSigner.sign(tx, with: w.keys).blob
                    if case .success(let o) = core.submit(blob: blob, at: now), o.result.consumesSequence || o.result == .terQUEUED {
                        sequences[a] += 1
                        progress = true
                    }
                }
            }
            queuedAtClose = core.queueCount
            now += 1
            let t0 = clock.now
            core.close(at: now)
            total += clock.now - t0
            rounds += 1
        }
        return (total / .milliseconds(1) / Double(rounds), queuedAtClose)
    }
}
