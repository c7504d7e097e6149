import Foundation
import Hummingbird
import Logging
import StateStore
import Workload
import XRPL

/// Answers every request of the state API. Dispatch is done here rather than by Hummingbird's
/// router so that every failure — unknown path, wrong method, missing token, bad parameter —
/// comes back in the one JSON error shape, with the right status, from one place.
///
/// Reads come from the engine's published snapshot (never from engine internals, so a slow
/// client cannot hold up the engine); only the transaction lookup and the commands call into
/// the engine actor.
struct StateAPIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let engine: Engine
    /// The journal, for transactions the engine no longer tracks (settled long ago, or by an
    /// earlier run of the same state directory).
    var history: JournalReader?
    let token: ControlToken?
    let metrics: StateMetrics
    /// The bounded snapshot stream of `GET /state/stream`.
    let feed: SnapshotFeed
    /// The embedded simulator's faults (nil on a real server).
    var faults: FaultControl?
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await dispatch(request)
        } catch let error as StateAPIError {
            return Self.errorResponse(error)
        } catch {
            logger.error("state API: \(request.method) \(request.uri.path) failed: \(error)")
            return Self.errorResponse(StateAPIError(.internalServerError, "internal", "internal error: \(error)"))
        }
    }

    private func dispatch(_ request: Request) async throws -> Response {
        let path = request.uri.path
        // Every POST needs the token, whatever its path: an unauthenticated caller learns
        // nothing about the control surface.
        if request.method == .post, let token, !token.admits(request.headers) {
            throw StateAPIError.unauthorized
        }
        guard let route = StateAPIRoute(path: path) else { throw StateAPIError.notFound(path: path) }
        guard request.method == route.method else {
            var response = Self.errorResponse(.methodNotAllowed(request.method, path: path, allowed: route.method))
            response.headers[.allow] = route.method.rawValue
            return response
        }
        let query = request.uri.queryParameters
        let snapshot = engine.store.latest
        // `/state/*` answer from a snapshot and say `notReady` until the engine has one.
        func ready() throws -> Snapshot {
            guard let snapshot else { throw StateAPIError.notReady }
            return snapshot
        }

        switch route {
        case .summary:
            return try Self.json(SummaryDocument(ready()))
        case .fees:
            return try Self.json(FeesDocument(row: ready().fees))
        case .pending:
            // Pages in (account, Sequence) order: `after=ACCOUNT:SEQUENCE` continues where the
            // previous page ended; a cut reply says so in `X-SeqWatch-Next-After` (and `Link`).
            let limit = try query["limit"].map { try Self.nonNegativeInt($0, name: "limit") } ?? Self.pendingPageDefault
            guard limit <= Self.pendingPageMax else {
                throw StateAPIError.invalidParams("limit must be at most \(Self.pendingPageMax) (page with after=)")
            }
            let after = try query["after"].map(Self.pendingCursor)
            _ = try ready()
            let page = await engine.pendingPage(after: after, limit: limit)
            var response = try Self.json(page.rows.map { PaddedRow<PendingRow>($0) })
            if page.more, let last = page.rows.last {
                let cursor = "\(last.account):\(last.sequence)"
                response.headers[.init("X-SeqWatch-Next-After")!] = cursor
                response.headers[.init("Link")!] = "</state/pending?limit=\(limit)&after=\(cursor)>; rel=\"next\""
            }
            return response
        case .accounts:
            return try Self.json(ready().accounts.map { PaddedRow<AccountRow>($0) })
        case .transaction(let raw):
            let hash = try Self.validHash(raw)
            _ = try ready()
            if let t = await engine.transaction(hash: hash) { return try Self.json(TransactionDocument(t)) }
            if let row = try? history?.transaction(hash: hash) { return try Self.json(TransactionDocument(row)) }
            throw StateAPIError(.notFound, "txnNotFound", "transaction \(hash) is neither tracked nor journalled")
        case .account(let raw):
            let account = try await knownAccount(raw)
            _ = try ready()
            guard let (chain, transactions) = await engine.chain(account) else {
                throw StateAPIError(.notFound, "actNotFound", "account \(account) is not one of this workload's accounts")
            }
            let plan = await engine.healPlan(account: account)
            var document = AccountDocument(chain: chain, transactions: transactions, plan: plan)
            if let fromJournal = try? history?.timeline(account: account) { document.timeline = fromJournal } else { document.timeline = await engine.timeline(account) }
            return try Self.json(document)
        case .healPlan:
            guard let raw = query["account"] else {
                throw StateAPIError.invalidParams("missing account: GET /state/heal-plan?account=rADDRESS")
            }
            let account = try await knownAccount(String(raw))
            let plan = await engine.healPlan(account: account)
            return try Self.json(HealReply(account: account, dryRun: true, started: false, plan: plan))
        case .stream:
            guard let lease = feed.join() else {
                throw StateAPIError(
                    .serviceUnavailable, "tooManyStreams",
                    "\(feed.maxClients) snapshot streams are open already (the most this engine serves); close one and retry")
            }
            return feed.response(holding: lease)
        case .faults:
            return try Self.json(FaultsDocument(simulator: faults != nil, menu: faults?.menu ?? [], active: await faults?.active() ?? []))
        case .fault:
            guard let faults else {
                throw StateAPIError(.conflict, "noSimulator", "faults need the embedded simulator; this engine runs against a real server")
            }
            guard let raw = query["spec"], !raw.isEmpty, raw.count <= FaultControl.maxSpecLength,
                  raw.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "\0" })
            else {
                throw StateAPIError.invalidParams("POST /sim/fault?spec=SPEC with SPEC a --fault spec of at most \(FaultControl.maxSpecLength) ASCII characters, e.g. drop=0.2")
            }
            let spec = String(raw)
            do {
                let result = try await faults.inject(spec)
                logger.info("state API: fault \(spec)")
                return try Self.json(FaultReply(spec: spec, result: result))
            } catch {
                throw StateAPIError.invalidParams("fault refused: \(error)")
            }
        case .metrics:
            let text = metrics.render(snapshot)
            return Response(
                status: .ok, headers: [.contentType: StateMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: text)))
        case .pause:
            await engine.pause()
            logger.info("state API: workload paused")
            return try Self.json(ControlReply(mode: mode()))
        case .resume:
            await engine.resume()
            logger.info("state API: workload resumed")
            return try Self.json(ControlReply(mode: mode()))
        case .resync:
            var account: String?
            if let raw = query["account"] { account = try await knownAccount(String(raw)) }
            await engine.resync(account: account)
            logger.info("state API: resync \(account ?? "all accounts")")
            return try Self.json(ControlReply(mode: mode(), resynced: account ?? "all"))
        case .heal:
            guard let raw = query["account"] else {
                throw StateAPIError.invalidParams("missing account: POST /workload/heal?account=rADDRESS[&dry_run=false]")
            }
            let account = try await knownAccount(String(raw))
            let dryRun = try query["dry_run"].map { try Self.bool($0, name: "dry_run") } ?? true
            let plan = await engine.healPlan(account: account)
            if !dryRun {
                await engine.heal(account: account)
                logger.info("state API: heal started for \(account) (\(plan.count) steps planned)")
            }
            return try Self.json(HealReply(account: account, dryRun: dryRun, started: !dryRun, plan: plan))
        case .diverge:
            guard let raw = query["account"] else {
                throw StateAPIError.invalidParams("missing account: POST /workload/diverge?account=rADDRESS")
            }
            let account = try await knownAccount(String(raw))
            // The funder and the issuer keep the workload alive: never break them on purpose.
            if let role = engine.store.latest?.accounts.first(where: { $0.address == account })?.role, role != .workload {
                throw StateAPIError(.conflict, "operatorAccount", "divergence targets workload accounts only: \(account) is the \(role.rawValue)")
            }
            await engine.injectDivergence(account: account)
            logger.info("state API: divergence injected on \(account)")
            return try Self.json(ControlReply(mode: mode()))
        case .strategy:
            let names = StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")
            guard let raw = query["name"], let kind = StrategyKind(rawValue: String(raw)) else {
                throw StateAPIError.invalidParams("POST /workload/strategy?name=NAME with NAME one of \(names)")
            }
            await engine.setStrategy(kind)
            logger.info("state API: strategy \(kind.rawValue)")
            return try Self.json(SettingReply(mode: mode(), strategy: kind.rawValue, rate: engine.store.latest?.targetRate))
        case .rate:
            guard let raw = query["tps"], let tps = Double(raw), tps > 0, tps <= 100_000 else {
                throw StateAPIError.invalidParams("POST /workload/rate?tps=N with N in (0, 100000] transactions per second")
            }
            await engine.setRate(tps)
            logger.info("state API: rate \(tps) tx/s")
            return try Self.json(SettingReply(mode: mode(), strategy: engine.store.latest?.strategy.rawValue, rate: tps))
        }
    }

    /// The engine's mode right after a command (the command publishes a fresh snapshot).
    private func mode() -> String { engine.store.latest?.mode ?? WorkloadCore.Phase.starting.rawValue }

    /// An address the engine signs for: 400 if it is not an address at all, 404 if it is not ours.
    private func knownAccount(_ address: String) async throws -> String {
        guard AddressCodec.isValidClassicAddress(address) else {
            // Not echoed: an operator who pasted a seed by mistake must not see it come back.
            throw StateAPIError(.badRequest, "actMalformed", "account is not a classic address (r...)")
        }
        guard await engine.chain(address) != nil else {
            throw StateAPIError(.notFound, "actNotFound", "account \(address) is not one of this workload's accounts")
        }
        return address
    }

    // MARK: parameters

    /// A transaction hash: 64 hex digits, upper-cased as rippled writes them.
    static func validHash(_ raw: String) throws -> String {
        guard raw.utf8.count == 64, raw.allSatisfy(\.isHexDigit) else {
            throw StateAPIError.invalidParams("malformed transaction hash: expected 64 hex digits")
        }
        return raw.uppercased()
    }

    static let pendingPageDefault = 1_000
    static let pendingPageMax = 10_000

    /// `after=ACCOUNT:SEQUENCE`, the last row of the previous page.
    static func pendingCursor(_ raw: Substring) throws -> (account: String, sequence: UInt32) {
        let parts = raw.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].count <= 35, AddressCodec.isValidClassicAddress(String(parts[0])), let seq = UInt32(parts[1]) else {
            throw StateAPIError.invalidParams("after must be ACCOUNT:SEQUENCE (the last row of the previous page), not \"\(raw.prefix(64))\"")
        }
        return (String(parts[0]), seq)
    }

    static func nonNegativeInt(_ raw: Substring, name: String) throws -> Int {
        guard let n = Int(raw), n >= 0 else {
            throw StateAPIError.invalidParams("\(name) must be a non-negative integer, not \"\(raw.prefix(32))\"")
        }
        return n
    }

    static func bool(_ raw: Substring, name: String) throws -> Bool {
        switch raw.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw StateAPIError.invalidParams("\(name) must be true or false, not \"\(raw.prefix(32))\"")
        }
    }

    // MARK: responses

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        // A rate or latency that is not a number must not turn a whole summary into a 500.
        var data = try WireJSON.encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errorResponse(_ error: StateAPIError) -> Response {
        let body = ["error": error.token, "message": error.message]
        // Encoding two strings cannot fail; fall back to a fixed body all the same.
        return (try? json(body, status: error.status))
            ?? Response(status: error.status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"error":"internal","message":"unencodable error"}"#)))
    }
}
