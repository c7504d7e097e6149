import Console
import Foundation
import StateServer
import Workload

/// The console's backend for an engine in another process (`seqwatch console --attach`): the
/// snapshot comes from the engine's stream, every key that acts becomes a request to the API's
/// routes. Replies and refusals come back as console actions (the fault line, or a notice in the
/// event log), so a key that failed on the far side never fails silently.
struct RemoteBackend: ConsoleBackend {
    let link: EngineLink
    let faultMenu: [FaultMenuEntry]
    /// From the engine: it runs against a real server when it has no simulator to break.
    let realServer: Bool

    init(link: EngineLink, faults: FaultsDocument) {
        self.link = link
        faultMenu = faults.menu.map { FaultMenuEntry($0.label, spec: $0.spec) }
        realServer = !faults.simulator
    }

    var endpointName: String { "the engine at \(link.address.baseURL)" }
    /// The engine's standing faults, as its own console shows them; none while the link is down
    /// (the red line says why) or against a real server.
    func activeFaults() async -> [String] {
        guard !realServer, link.problem == nil else { return [] }
        return (try? await link.faults())?.active ?? []
    }
    func latest() -> Snapshot? { link.latest }
    func linkProblem() -> String? { link.problem }

    func execute(_ c: ConsoleCommand) async -> [ConsoleAction] {
        switch c {
        case .pause: return await control("pause", "/workload/pause")
        case .resume: return await control("resume", "/workload/resume")
        case .resync(let a): return await control("resync", "/workload/resync" + (a.map { "?account=\(Self.escaped($0))" } ?? ""))
        case .heal(let a): return await control("heal", "/workload/heal?account=\(Self.escaped(a))&dry_run=false")
        case .injectDivergence(let a): return await control("divergence", "/workload/diverge?account=\(Self.escaped(a))")
        case .setRate(let r): return await control("rate", "/workload/rate?tps=\(r)")
        case .setStrategy(let k): return await control("strategy", "/workload/strategy?name=\(Self.escaped(k.rawValue))")
        case .loadHealPlan(let a):
            guard let reply = await read("/state/heal-plan?account=\(Self.escaped(a))", as: HealPlanDocument.self) else { return [] }
            return [.healPlanLoaded(account: a, plan: reply.plan)]
        case .loadDetail(let a):
            guard let d = await read("/state/account/\(Self.escaped(a))", as: AccountDocument.self) else { return [] }
            return [.detailLoaded(Self.detail(d))]
        case .export, .redraw:
            // The console's own: it holds the frame.
            return []
        case .injectFault(let spec):
            do {
                let body = try await link.post("/sim/fault?spec=\(Self.escaped(spec))")
                let result = (try? JSONDecoder().decode(FaultResult.self, from: Data(body)))?.result ?? "done"
                return [.faultResult("injected \(spec): \(result)")]
            } catch {
                return [.faultResult("fault \(spec) refused: \(Self.line(error))")]
            }
        }
    }

    /// A control route; only a failure needs saying (the next snapshot shows the success).
    private func control(_ what: String, _ path: String) async -> [ConsoleAction] {
        do {
            _ = try await link.post(path)
            return []
        } catch {
            return [.notice("\(what) not done: \(Self.line(error))")]
        }
    }

    /// A read for an overlay. Failures stay quiet while the link is down (the red line already
    /// says so, and the detail overlay asks twice a second).
    private func read<T: Decodable>(_ path: String, as type: T.Type) async -> T? {
        do {
            return try await link.get(path, as: type)
        } catch {
            return nil
        }
    }

    /// The refusal in a line that fits the log: a missing or wrong token says what to do.
    private static func line(_ error: any Error) -> String {
        guard let e = error as? StateAPIClient.Refused else { return "\(error)" }
        if e.status == 401 { return "the engine wants its control token (attach with --control-token or SEQWATCH_CONTROL_TOKEN)" }
        return "\(e.token): \(e.message)"
    }

    /// Strictly percent-encoded, so `=`, `:` and `&` in a fault spec stay inside the value.
    static func escaped(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The API's account document as the console's detail model.
    static func detail(_ d: AccountDocument) -> AccountDetail {
        var detail = AccountDetail(
            address: d.address, nextSequence: d.nextSequence, ledgerValidated: d.ledgerSeq, ledgerCurrent: d.ledgerSeqCurrent,
            status: d.status, generation: d.generation,
            entries: d.transactions.map {
                AccountDetail.Entry(
                    sequence: $0.sequence, state: $0.state, hash: $0.hash, result: $0.engineResult,
                    lastLedgerSequence: $0.lastLedgerSequence, attempts: $0.attempts, type: $0.type)
            },
            plan: d.healPlan)
        detail.timeline = d.timeline ?? []
        return detail
    }

    /// `GET /state/heal-plan`'s reply, as far as the console needs it.
    private struct HealPlanDocument: Decodable {
        let plan: [HealPlanItem]
    }

    /// `POST /sim/fault`'s reply.
    private struct FaultResult: Decodable {
        let result: String
    }
}
