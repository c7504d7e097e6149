import XRPL
@testable import LedgerSim

/// A simulator on a manual clock with helpers to fund accounts and sign transactions, so each
/// test states only the rule it pins.
struct SimFixture {
    var core: SimulatorCore
    var time: Double = 1_000_000
    let genesis: Wallet

    init(config: SimConfig = SimFixture.config()) throws {
        core = SimulatorCore(config: config, startTime: 1_000_000)
        genesis = try Wallet(seed: try Seed(encoded: SimulatorCore.genesisSeed))
    }

    /// Manual closes, no load model, deterministic seed.
    static func config(ledgerSize: Int? = nil, configure: (inout SimConfig) -> Void = { _ in }) -> SimConfig {
        var c = SimConfig()
        c.closeInterval = nil
        c.loadCapacity = nil
        if let ledgerSize { c.txq = .ledgerSize(ledgerSize) }
        configure(&c)
        return c
    }

    /// A deterministic Ed25519 wallet.
    static func wallet(_ n: Int) throws -> Wallet {
        var entropy = [UInt8](repeating: 0, count: 16)
        entropy[0] = UInt8(n & 0xFF)
        entropy[1] = UInt8((n >> 8) & 0xFF)
        entropy[15] = 0xA5
        return try Wallet(seed: try Seed(entropy: entropy, algorithm: .ed25519))
    }

    func sequence(_ w: Wallet) -> UInt32? { core.openState.account(w.address)?.sequence }
    func validatedSequence(_ w: Wallet) -> UInt32? { core.validatedState.account(w.address)?.sequence }

    func sign(_ w: Wallet, _ body: TransactionBody, seq: UInt32? = nil, fee: UInt64 = 10, lls: UInt32? = nil) throws -> SignedTransaction {
        let s = seq ?? sequence(w) ?? 0
        let tx = Transaction(account: w.address, body: body, fee: fee, sequence: s, lastLedgerSequence: lls)
        return try TransactionSigner.sign(tx, with: w.keys)
    }

    @discardableResult
    mutating func submit(_ signed: SignedTransaction, failHard: Bool = false) throws -> SubmitOutcome {
        try core.submit(blob: signed.blob, failHard: failHard, at: time).get()
    }

    @discardableResult
    mutating func submit(_ w: Wallet, _ body: TransactionBody, seq: UInt32? = nil, fee: UInt64 = 10, lls: UInt32? = nil) throws -> SubmitOutcome {
        try submit(try sign(w, body, seq: seq, fee: fee, lls: lls))
    }

    @discardableResult
    mutating func close(after seconds: Double = 1) -> ClosedLedger {
        time += seconds
        return core.close(at: time)
    }

    /// Funds wallets with `xrp` XRP each: on a fresh simulator as genesis accounts (so the fee
    /// metrics under test never see a funding phase), otherwise with payments from genesis.
    mutating func fund(_ wallets: [Wallet], xrp: UInt64 = 1_000) throws {
        if core.validated.index == SimulatorCore.firstValidatedIndex(core.config), core.openLedgerCount == 0 {
            var config = core.config
            for w in wallets { config.prefundedAccounts[w.address] = xrp * 1_000_000 }
            core = SimulatorCore(config: config, startTime: time)
            return
        }
        // Small batches at a high fee, so funding never depends on the queue under test.
        for start in stride(from: 0, to: wallets.count, by: 8) {
            for w in wallets[start..<min(start + 8, wallets.count)] {
                let r = try submit(genesis, .payment(destination: w.address, amount: .drops(xrp * 1_000_000)), fee: 1_000_000)
                precondition(r.result == .tesSUCCESS, "funding failed: \(r.result)")
            }
            close()
        }
    }

    static func noOp() -> TransactionBody { .noOp }
}
