import Foundation
import Workload

/// What the console drives: the engine in this process (`LocalBackend`), or an engine in another
/// process reached over its HTTP API (`seqwatch console --attach`). The console loop reads the
/// newest snapshot without waiting and sends commands through one ordered channel; whatever
/// answers a command comes back as console actions for the next frame.
public protocol ConsoleBackend: Sendable {
    /// The server the engine works against, named while no snapshot has arrived.
    var endpointName: String { get }
    /// The fault menu; empty when there is nothing to break (a real server).
    var faultMenu: [FaultMenuEntry] { get }
    /// Whether the engine works against a real server: `d`, `r` and `R` then need a second press.
    var realServer: Bool { get }
    /// The newest snapshot, without waiting (nil until the first).
    func latest() -> Snapshot?
    /// Why the console cannot see the engine right now (nil while it can). A local engine is
    /// always seen; an attached one may be lost and found again.
    func linkProblem() -> String?
    /// Runs one command; the returned actions are fed to the reducer at the next frame.
    func execute(_ command: ConsoleCommand) async -> [ConsoleAction]
    /// Where `e` (export) writes: the engine's state directory for a local engine.
    var exportDirectory: String { get }
    /// The simulator's standing faults (empty on a real server).
    func activeFaults() async -> [String]
}

extension ConsoleBackend {
    public var exportDirectory: String { FileManager.default.currentDirectoryPath }
    public func activeFaults() async -> [String] { [] }
}

/// The engine of this process, and the embedded simulator's faults when there is one.
public struct LocalBackend: ConsoleBackend {
    public let engine: Engine
    public let faults: (any FaultInjector)?

    public let exportDirectory: String
    /// An account's timeline from the journal (nil: from the engine's memory).
    public let journalTimeline: (@Sendable (String) -> [TimelineEntry]?)?

    public init(
        engine: Engine, faults: (any FaultInjector)?, exportDirectory: String = FileManager.default.currentDirectoryPath,
        journalTimeline: (@Sendable (String) -> [TimelineEntry]?)? = nil
    ) {
        self.engine = engine
        self.faults = faults
        self.exportDirectory = exportDirectory
        self.journalTimeline = journalTimeline
    }

    public var endpointName: String { engine.endpointName }
    public var faultMenu: [FaultMenuEntry] { faults?.menu ?? [] }
    // Faults exist only on the embedded simulator: without them, this is a real server.
    public var realServer: Bool { faults == nil }
    public func latest() -> Snapshot? { engine.store.latest }
    public func linkProblem() -> String? { nil }
    public func activeFaults() async -> [String] { await faults?.active() ?? [] }

    public func execute(_ c: ConsoleCommand) async -> [ConsoleAction] {
        switch c {
        case .pause: await engine.pause()
        case .resume: await engine.resume()
        case .resync(let a): await engine.resync(account: a)
        case .heal(let a): await engine.heal(account: a)
        case .injectDivergence(let a): await engine.injectDivergence(account: a)
        case .setRate(let r): await engine.setRate(r)
        case .setStrategy(let k): await engine.setStrategy(k)
        case .loadHealPlan(let a):
            return [.healPlanLoaded(account: a, plan: await engine.healPlan(account: a))]
        case .loadDetail(let a):
            guard let (chain, txs) = await engine.chain(a) else { return [] }
            let plan = await engine.healPlan(account: a)
            var detail = AccountDetail(chain: chain, transactions: txs, plan: plan)
            if let fromJournal = journalTimeline?(a) { detail.timeline = fromJournal } else { detail.timeline = await engine.timeline(a) }
            return [.detailLoaded(detail)]
        case .export, .redraw:
            // The console's own: it holds the frame.
            return []
        case .injectFault(let spec):
            guard let faults else { return [.faultResult("faults need the embedded simulator")] }
            do {
                return [.faultResult("injected \(spec): \(try await faults.inject(spec))")]
            } catch {
                return [.faultResult("fault \(spec) refused: \(error)")]
            }
        }
        return []
    }
}
