import Foundation
import LedgerSim
import SimStore
import XRPL

/// A temporary state directory and a simulator on a manual clock writing into it, with the
/// helpers the store tests share. Every directory is removed by `cleanUp`.
struct StoreFixture {
    let directory: String
    var time: Double = 1_000_000

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("simstore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    var databasePath: String { directory + "/" + SimStore.fileName }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    static func config(_ configure: (inout SimConfig) -> Void = { _ in }) -> SimConfig {
        var c = SimConfig()
        c.closeInterval = nil
        c.loadCapacity = nil
        configure(&c)
        return c
    }

    /// A store that fails the test (by trapping) if a write fails: no write should.
    func open(_ config: SimConfig) throws -> SimStore {
        try SimStore(directory: directory, config: config) { line in fatalError("store write failed: \(line)") }
    }

    /// A simulator backed by `store`, continuing from what it kept, or new.
    func simulator(_ store: SimStore, _ config: SimConfig) async throws -> Simulator {
        let restored = store.takeRestored()
        let sim = Simulator(config: config, clock: .manual(start: time), sink: store, restoring: restored)
        if restored == nil { try store.writeInitial(await sim.withCore { $0 }) }
        return sim
    }

    /// A store and its simulator after genesis funded `accounts` wallets, `perLedger` payments
    /// to a ledger (the last ledger closed too).
    func storeWithFundedAccounts(_ config: SimConfig, accounts: Int, perLedger: Int = 10) async throws -> (SimStore, Simulator) {
        let store = try open(config)
        let sim = try await simulator(store, config)
        for n in 0..<accounts {
            let to = try Self.wallet(n).address
            try await Self.submit(sim, Self.genesis, .payment(destination: to, amount: .drops(50_000_000)))
            if n % perLedger == perLedger - 1 || n == accounts - 1 { await sim.closeLedger() }
        }
        return (store, sim)
    }

    static func wallet(_ n: Int) throws -> Wallet {
        var entropy = [UInt8](repeating: 0, count: 16)
        entropy[0] = UInt8(n & 0xFF)
        entropy[1] = UInt8((n >> 8) & 0xFF)
        entropy[15] = 0x5A
        return try Wallet(seed: try Seed(entropy: entropy, algorithm: .ed25519))
    }

    static let genesis: Wallet = try! Wallet(seed: try! Seed(encoded: SimulatorCore.genesisSeed))

    /// Signs and submits; returns the engine result and the hash.
    @discardableResult
    static func submit(_ sim: Simulator, _ w: Wallet, _ body: TransactionBody, fee: UInt64 = 10) async throws -> SubmitOutcome {
        let seq = await sim.withCore { $0.openState.account(w.address)?.sequence } ?? 0
        let signed = try TransactionSigner.sign(Transaction(account: w.address, body: body, fee: fee, sequence: seq), with: w.keys)
        return try await sim.submit(blob: signed.blob).get()
    }

    /// Every state object, in index order, for comparing two states.
    static func entries(_ state: LedgerState) -> [StateEntry] { StateEntry.all(in: state).sorted { $0.index < $1.index } }

    static func sha256(_ path: String) throws -> String {
        Hex.encode(Hashing.sha256(try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
