import AsyncHTTPClient
import Foundation
import LedgerClient
import LedgerSim
import NIOCore
@testable import StateServer
import Synchronization
import TestSupport
import Testing
@testable import Workload
import XRPL

/// `GET /state/stream` and what an attached console needs: snapshots pushed to several clients,
/// bounded (clients, slow readers), and a link that survives the engine going away.
///
/// On the cooperative pool, not `waitsOnProcesses`: what a test starts inherits its executor,
/// so the engine, simulator and server would share three threads with tests blocked on child
/// processes — CI once saw no snapshot for 20 s while three tmux tests held them.
@Suite struct StreamAPITests {
    /// Polls `condition` until it holds or `timeout` passes (then records `what`). Generous: only
    /// a failure waits it out, and CI runs the whole suite on two shared cores.
    @discardableResult
    static func eventually(
        _ what: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let expired = ContinuousClock.now >= deadline
            if try await condition() { return true }
            if expired { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)", sourceLocation: sourceLocation)
        return false
    }

    /// `count` links to the API on `port`, closed however `body` ends (an unclosed link's HTTP
    /// client traps in debug builds).
    static func withLinks(_ count: Int, port: Int, _ body: ([EngineLink]) async throws -> Void) async throws {
        let links = (0..<count).map { _ in
            EngineLink(address: HTTPAddress(host: "127.0.0.1", port: port), controlToken: nil, backoff: (.milliseconds(50), .milliseconds(400)))
        }
        do {
            try await body(links)
        } catch {
            for link in links { await link.close() }
            throw error
        }
        for link in links { await link.close() }
    }

    /// Two consoles at once: both receive the engine's snapshots, decoded whole, following it
    /// ledger by ledger; no token is needed to watch.
    @Test func twoClientsStreamTheSameEngine() async throws {
        try await LiveAPIHarness.withLiveAPI { live in
            try await Self.withLinks(2, port: live.client.port) { links in
                let (a, b) = (links[0], links[1])
                a.start()
                b.start()
                await Self.eventually("both links to receive snapshots of a running workload") {
                    a.received >= 3 && b.received >= 3 && a.latest?.phase == .running && b.latest?.phase == .running
                }
                let first = try #require(a.latest?.validatedIndex)
                await Self.eventually("both links to follow new ledgers") {
                    (a.latest?.validatedIndex ?? 0) > first + 1 && (b.latest?.validatedIndex ?? 0) > first + 1
                }
                #expect(a.problem == nil && b.problem == nil)
                #expect(Set(live.workloadAccounts).isSubset(of: Set(a.latest?.accounts.map(\.address) ?? [])))
            }
        }
    }

    /// A third stream beyond the limit is refused with 503 `tooManyStreams`; once a client
    /// leaves, its place is given to the next.
    @Test func streamsAreBoundedAndPlacesAreGivenBack() async throws {
        try await LiveAPIHarness.withLiveAPI(configure: { $0.maxStreamClients = 2 }) { live in
            try await Self.withLinks(3, port: live.client.port) { links in
                let (a, b, c) = (links[0], links[1], links[2])
                a.start()
                b.start()
                await Self.eventually("two streams") { a.received > 0 && b.received > 0 }
                let port = live.client.port
                // A blocking socket read, so on a thread of its own: the server answers from the pool.
                let refused = try await onOwnThread { try RawHTTP.get(port: port, path: "/state/stream", timeout: 10) }
                #expect(refused.status == 503)
                #expect(try JSONValue.parse(refused.body)["error"]?.stringValue == "tooManyStreams")

                c.start()
                await Self.eventually("the refused link to say so") { c.problem?.contains("tooManyStreams") == true }
                #expect(c.received == 0)
                await a.close()
                await Self.eventually("the freed place to go to the waiting link") { c.received > 0 && c.problem == nil }
            }
        }
    }

    /// A reader that does not keep up holds only the event being written; when it reads again
    /// it gets the newest snapshot, skipping the ones published meanwhile.
    @Test func aSlowReaderSkipsToTheNewestSnapshot() async throws {
        try await LiveAPIHarness.withLiveAPI { live in
            let feed = SnapshotFeed(store: live.engine.store, maxClients: 1, interval: .milliseconds(20))
            let written = Mutex<[Int]>([])
            let gate = AsyncStream<Void>.makeStream()
            let pump = Task {
                var release = gate.stream.makeAsyncIterator()
                try await feed.pump { buffer in
                    let text = String(buffer: buffer)
                    guard let id = text.split(separator: "\n").first(where: { $0.hasPrefix("id: ") }).flatMap({ Int($0.dropFirst(4)) }) else { return }
                    let count = written.withLock { $0.append(id); return $0.count }
                    // The reader stalls after its first snapshot, until the test lets it go.
                    if count == 1 { _ = await release.next() }
                }
            }
            await Self.eventually("the first snapshot written") { written.withLock { $0.count } == 1 }
            let stalledAt = try #require(written.withLock { $0.first })
            await Self.eventually("five newer snapshots published while the reader stalls") {
                (feed.newest()?.version ?? 0) >= stalledAt + 5
            }
            let newestWhenReleased = try #require(feed.newest()?.version)
            gate.continuation.yield()
            await Self.eventually("the reader to get a snapshot again") { written.withLock { $0.count } >= 2 }
            pump.cancel()
            _ = await pump.result
            let ids = written.withLock { $0 }
            #expect(ids[1] >= newestWhenReleased, "after the stall the reader got \(ids[1]), older than the newest \(newestWhenReleased)")
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    /// The console's other routes: the divergence (token, never on the funder or issuer), the
    /// heal plan and the account document (open reads), the faults (none here: 409).
    @Test func consoleRoutes() async throws {
        try await LiveAPIHarness.withLiveAPI { live in
            let api = live.client
            let bearer = [("Authorization", "Bearer \(LiveAPIHarness.token)")]
            try await LiveAPIHarness.waitForSummary(api, "running") { $0["phase"]?.stringValue == "running" }
            let account = live.workloadAccounts[0]

            #expect(try await api.post("/workload/diverge?account=\(account)").status == 401)
            #expect(try await api.post("/workload/diverge?account=rNotAnAddress", headers: bearer).status == 400)
            let accounts = try await api.get("/state/accounts").json().arrayValue ?? []
            let funder = try #require(accounts.first { $0["role"]?.stringValue == "funder" }?["address"]?.stringValue)
            let refusedFunder = try await api.post("/workload/diverge?account=\(funder)", headers: bearer)
            #expect(refusedFunder.status == 409 && refusedFunder.errorToken == "operatorAccount")
            let diverged = try await api.post("/workload/diverge?account=\(account)", headers: bearer)
            #expect(diverged.status == 200, "\(diverged.body)")
            try await LiveAPIHarness.waitForSummary(api, "the injection in the event log") { summary in
                (summary["events"]?.arrayValue ?? []).contains { $0["message"]?.stringValue?.contains("divergence injected") == true }
            }

            let plan = try await api.get("/state/heal-plan?account=\(account)")
            #expect(plan.status == 200, "\(plan.body)")
            #expect(try plan.json()["account"]?.stringValue == account && plan.json()["plan"]?.arrayValue != nil)
            #expect(try await api.get("/state/heal-plan").status == 400)

            let detail = try await api.get("/state/account/\(account)")
            #expect(detail.status == 200, "\(detail.body)")
            let document = try WireJSON.decoder.decode(AccountDocument.self, from: Data(detail.body.utf8))
            #expect(document.address == account && document.nextSequence > 0)
            #expect(document.transactions.allSatisfy { $0.sequence < document.nextSequence })
            #expect(try await api.get("/state/account/rNotAnAddress").status == 400)
            #expect(try await api.get("/state/account/rrrrrrrrrrrrrrrrrrrrrhoLvTp").status == 404)

            let faults = try await api.get("/sim/faults")
            #expect(try faults.json()["simulator"]?.boolValue == false && faults.json()["menu"]?.arrayValue?.isEmpty == true)
            #expect(try faults.json()["active"]?.arrayValue == [])
            #expect(try await api.post("/sim/fault?spec=drop%3D0.2").status == 401)
            let noSim = try await api.post("/sim/fault?spec=drop%3D0.2", headers: bearer)
            #expect(noSim.status == 409 && noSim.errorToken == "noSimulator")
            #expect(try await api.get("/workload/diverge").status == 405)

            for body in api.everyBody {
                for secret in live.secrets { #expect(!body.contains(secret), "a reply carried a secret") }
            }
        }
    }

    /// On the embedded simulator the menu and the injection go through the API: the spec
    /// arrives decoded, a spec past the bound never reaches the injector.
    @Test func faultsThroughTheAPI() async throws {
        let seen = Mutex<[String]>([])
        let control = FaultControl(menu: [.init(label: "drop 20% of submit replies", spec: "drop=0.2")], active: {
            seen.withLock { $0.filter { $0 != "bogus" } }
        }) { spec in
            seen.withLock { $0.append(spec) }
            guard spec != "bogus" else { throw HarnessError("unknown fault \"bogus\"") }
            return "fault set: \(spec)"
        }
        try await LiveAPIHarness.withLiveAPI(configure: { $0.faults = control }) { live in
            let api = live.client
            let bearer = [("Authorization", "Bearer \(LiveAPIHarness.token)")]
            let menu = try await api.get("/sim/faults").json()
            #expect(menu["simulator"]?.boolValue == true)
            #expect(menu["menu"]?.arrayValue?.first?["spec"]?.stringValue == "drop=0.2")
            #expect(menu["active"]?.arrayValue == [])

            let injected = try await api.post("/sim/fault?spec=tel%3D0.2%3AtelINSUF_FEE_P", headers: bearer)
            #expect(injected.status == 200, "\(injected.body)")
            #expect(try injected.json()["result"]?.stringValue == "fault set: tel=0.2:telINSUF_FEE_P")
            let bogus = try await api.post("/sim/fault?spec=bogus", headers: bearer)
            #expect(bogus.status == 400 && bogus.body.contains("unknown fault"))
            let long = String(repeating: "a", count: FaultControl.maxSpecLength + 1)
            #expect(try await api.post("/sim/fault?spec=\(long)", headers: bearer).status == 400)
            #expect(try await api.post("/sim/fault", headers: bearer).status == 400)
            #expect(seen.withLock { $0 } == ["tel=0.2:telINSUF_FEE_P", "bogus"])
            // What stands now is read back, as an attached console's header shows it.
            let standing = try WireJSON.decoder.decode(FaultsDocument.self, from: Data(try await api.get("/sim/faults").body.utf8))
            #expect(standing.active == ["tel=0.2:telINSUF_FEE_P"])
        }
    }

    /// The engine's API goes away: the link keeps the last snapshot and says it is lost and
    /// reattaching; the API comes back on the same port and the link streams again by itself.
    /// Stopping the server while a stream is open also ends (a graceful stop waits for it).
    @Test func theLinkReattachesWhenTheEngineComesBack() async throws {
        try await Self.withRestartableServer { serve in
            var server = try await serve(0)
            let port = server.port
            try await Self.withLinks(1, port: port) { links in
                let link = links[0]
                link.start()
                await Self.eventually("snapshots before the engine goes") { link.received >= 2 }
                await server.stop()
                await Self.eventually("the lost-link line") {
                    link.problem?.contains("engine at http://127.0.0.1:\(port) lost") == true && link.problem?.contains("reattaching (attempt") == true
                }
                let reason = link.problem ?? ""
                #expect(reason.contains("connection closed by the server") || reason.contains("connection refused"), "\(reason)")
                #expect(link.latest != nil, "the last snapshot must stay on screen")
                let before = link.received
                server = try await serve(port)
                await Self.eventually("live snapshots again on the same port") { link.problem == nil && link.received > before + 2 }
            }
            await server.stop()
        }
    }

    /// A running engine, and `serve(port)` to put a state API in front of it (again and again).
    static func withRestartableServer(
        _ body: ((Int) async throws -> RunningServer) async throws -> Void
    ) async throws {
        let funder = Seed.random(algorithm: .secp256k1)
        var simConfig = SimConfig()
        simConfig.closeInterval = LiveAPIHarness.closeInterval
        simConfig.prefundedAccounts[try Wallet(seed: funder).address] = 1_000_000_000_000
        let simulator = Simulator(config: simConfig, clock: .wall)
        let connection = InProcessConnection(simulator: simulator, runClock: true, logger: LiveAPIHarness.quietLogger)
        let engine = try Engine(config: LiveAPIHarness.workload(funder: funder), connection: connection, closeInterval: LiveAPIHarness.closeInterval)
        let engineTask = Task { try await engine.run() }
        defer { engineTask.cancel() }
        do {
            try await body { port in try await RunningServer.start(engine: engine, port: port) }
        } catch {
            _ = await engine.stop(drain: .zero)
            throw error
        }
        _ = await engine.stop(drain: .zero)
        _ = await engineTask.result
    }

    struct RunningServer {
        let port: Int
        let task: Task<Void, any Error>

        static func start(engine: Engine, port: Int) async throws -> RunningServer {
            let server = StateAPIServer(engine: engine, port: port, controlToken: nil, logger: LiveAPIHarness.quietLogger)
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let task = Task {
                defer { continuation.finish() }
                try await server.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let bound = await iterator.next() else {
                _ = await task.result
                throw HarnessError("the state API did not start on port \(port)")
            }
            return RunningServer(port: bound, task: task)
        }

        /// Cancels the server and waits for it to end: open streams must not hold it up.
        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }
}

/// The event-stream parser: events split anywhere across reads, comments and CRLF lines,
/// multi-line data, and the size bound.
@Suite struct ServerSentEventsTests {
    @Test func eventsSplitAnywhereParseTheSame() throws {
        let stream = "retry: 1000\n\n: keep-alive\n\nid: 1\nevent: snapshot\ndata: {\"a\":1}\n\nid: 2\r\nevent: snapshot\r\ndata: x\r\ndata: y\r\n\r\n"
        let bytes = Array(stream.utf8)
        for cut in 0...bytes.count {
            var parser = ServerSentEvents(maxEventBytes: 1 << 10)
            let events = try parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events.map(\.id) == ["1", "2"], "cut at \(cut)")
            #expect(events.map(\.name) == ["snapshot", "snapshot"])
            #expect(events.map { String(decoding: $0.data, as: UTF8.self) } == ["{\"a\":1}", "x\ny"])
        }
        var oneByOne = ServerSentEvents(maxEventBytes: 1 << 10)
        var events: [ServerSentEvents.Event] = []
        for b in bytes { events += try oneByOne.feed([b]) }
        #expect(events.count == 2)
    }

    @Test func anEventPastTheBoundIsAnError() throws {
        var parser = ServerSentEvents(maxEventBytes: 64)
        _ = try parser.feed(Array("data: \(String(repeating: "x", count: 50))".utf8))
        #expect(throws: ServerSentEvents.TooLarge.self) { try parser.feed(Array(String(repeating: "x", count: 20).utf8)) }
    }
}
