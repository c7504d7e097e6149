import Foundation
import Testing
import Workload
import XRPL

/// The state API through a real socket, in front of a real engine driving the in-process
/// simulator. One engine serves the whole walk-through: starting one costs a bootstrap, and the
/// endpoints are meant to be read together anyway.
@Suite struct StateAPITests {
    static let allStates = ["CREATED", "SUBMITTED", "QUEUED", "HELD", "RETRYABLE", "FAILED_NET", "VALIDATED", "REJECTED", "EXPIRED", "ABANDONED"]
    static let accountKeys = [
        "address", "cached_next_seq", "ledger_seq", "ledger_seq_current", "sequence_available", "gap", "in_flight", "held",
        "status", "generation", "last_result",
    ]
    static let pendingKeys = ["hash", "account", "sequence", "state", "engine_result", "last_ledger_sequence", "submitted_at_ledger", "attempts"]
    static let feeKeys = [
        "expected_ledger_size", "current_ledger_size", "current_queue_size", "max_queue_size", "queue_utilization", "minimum_fee",
        "base_fee", "median_fee", "open_ledger_fee",
    ]
    static let txKeys = [
        "hash", "account", "sequence", "state", "engine_result", "last_ledger_sequence", "submitted_at_ledger", "validated_at_ledger",
        "attempts", "type", "fee", "generation", "source",
    ]
    static let bearer = [("Authorization", "Bearer \(LiveAPIHarness.token)")]

    static func keys(_ j: JSONValue?) -> Set<String> { Set(j?.objectValue?.keys.map { $0 } ?? []) }

    @Test func liveEngineThroughTheAPI() async throws {
        try await LiveAPIHarness.withLiveAPI { live in
            let api = live.client
            let summary = try await LiveAPIHarness.waitForSummary(api, "phase running with validated transactions") {
                $0["phase"] == "running" && ($0["by_state"]?["VALIDATED"]?.intValue ?? 0) > 0
            }
            try Self.checkSummary(summary)
            try await Self.checkAccountsAndFees(api, live)
            try await Self.checkPendingAndTransactions(api)
            try await Self.checkMetrics(api)
            try await Self.checkControl(api, live)
            try await Self.checkErrors(api)

            // Nothing any endpoint said, success or error, carried a seed or a private key.
            let bodies = api.everyBody
            #expect(bodies.count > 30)
            for secret in live.secrets {
                #expect(!bodies.contains { $0.localizedCaseInsensitiveContains(secret) }, "a response carried a secret")
            }
        }
    }

    static func checkSummary(_ s: JSONValue) throws {
        for key in [
            "total_tracked", "by_state", "mode", "strategy", "phase", "paused", "endpoint", "target_rate", "validated_rate", "ledger",
            "results", "diverged_accounts", "accounts", "global_pauses", "requests_sent", "submits_sent", "health",
            "validated_per_ledger", "events", "fees",
        ] {
            #expect(s[key] != nil, "summary lacks \(key)")
        }
        #expect(keys(s["by_state"]) == Set(allStates))
        for state in allStates { #expect(s["by_state"]?[state]?.intValue != nil) }
        let sum = allStates.compactMap { s["by_state"]?[$0]?.intValue }.reduce(0, +)
        #expect(s["total_tracked"]?.intValue == sum)
        #expect(s["mode"] == "running")
        #expect(s["strategy"] == "heal")
        #expect(s["paused"] == false)
        #expect(s["endpoint"] == "embedded simulator")
        #expect(s["target_rate"]?.doubleValue == 20)
        #expect((s["ledger"]?["validated_index"]?.intValue ?? 0) > 1)
        #expect(s["ledger"]?["close_time"]?.intValue != nil)
        #expect(s["accounts"]?.intValue == 7, "5 workload accounts, the issuer and the funder")
        #expect(s["health"]?["connected"] == true)
        #expect((s["results"]?["tesSUCCESS"]?.intValue ?? 0) > 0)
        #expect((s["validated_per_ledger"]?.arrayValue?.count ?? 99) <= 20)
        let events = try #require(s["events"]?.arrayValue)
        #expect(!events.isEmpty && events.count <= 20)
        #expect(keys(events.first).isSuperset(of: ["time", "ledger", "kind", "message"]))
        #expect(keys(s["fees"]).isSuperset(of: Set(feeKeys)))
    }

    static func checkAccountsAndFees(_ api: APIClient, _ live: LiveAPIHarness.Live) async throws {
        let reply = try await api.get("/state/accounts")
        #expect(reply.status == 200)
        #expect(reply.contentType == "application/json")
        let rows = try #require(try reply.json().arrayValue)
        #expect(rows.count == 7)
        for row in rows { #expect(keys(row).isSuperset(of: Set(accountKeys)), "account row keys: \(keys(row).sorted())") }
        let addresses = Set(rows.compactMap { $0["address"]?.stringValue })
        #expect(addresses.isSuperset(of: live.workloadAccounts))

        let fees = try await api.get("/state/fees")
        #expect(fees.status == 200)
        #expect(fees.contentType == "application/json")
        let f = try fees.json()
        #expect(keys(f).isSuperset(of: Set(feeKeys)), "fee keys: \(keys(f).sorted())")
        let current = try #require(f["current_queue_size"]?.intValue)
        let max = f["max_queue_size"]?.intValue.map(String.init) ?? "-"
        #expect(f["queue_utilization"]?.stringValue == "\(current)/\(max)")
        #expect((f["base_fee"]?.intValue ?? 0) > 0)
    }

    static func checkPendingAndTransactions(_ api: APIClient) async throws {
        // Hashes seen in flight; by the end of the loop one of them must have validated.
        var seen: [String] = []
        var validated: JSONValue?
        var checkedLive = false
        let deadline = ContinuousClock.now + .seconds(10)
        while validated == nil, ContinuousClock.now < deadline {
            let pending = try await api.get("/state/pending")
            #expect(pending.status == 200)
            #expect(pending.contentType == "application/json")
            let rows = try #require(try pending.json().arrayValue)
            for row in rows {
                #expect(keys(row).isSuperset(of: Set(pendingKeys)), "pending row keys: \(keys(row).sorted())")
                if let h = row["hash"]?.stringValue, !seen.contains(h) { seen.append(h) }
            }
            if !checkedLive, let first = rows.first, let hash = first["hash"]?.stringValue {
                // A transaction just listed as pending is tracked: its document matches the row.
                let tx = try await api.get("/state/tx/\(hash)")
                #expect(tx.status == 200)
                let t = try tx.json()
                #expect(keys(t).isSuperset(of: Set(txKeys)), "tx keys: \(keys(t).sorted())")
                #expect(t["hash"]?.stringValue == hash)
                #expect(t["account"] == first["account"])
                #expect(t["sequence"] == first["sequence"])
                #expect(UInt64(t["fee"]?.stringValue ?? "") != nil, "fee is a string of drops")
                // Lower-case hashes are the same transaction.
                #expect(try await api.get("/state/tx/\(hash.lowercased())").status == 200)
                checkedLive = true
            }
            for hash in seen.suffix(40) {
                let tx = try await api.get("/state/tx/\(hash)")
                if tx.status == 200, let t = try? tx.json(), t["state"] == "VALIDATED" {
                    validated = t
                    break
                }
            }
            if validated == nil { try await Task.sleep(for: .milliseconds(300)) }
        }
        #expect(checkedLive, "pending never listed a transaction")
        let v = try #require(validated, "none of \(seen.count) pending transactions validated")
        // In a validated ledger: tesSUCCESS, or a tec (which also consumes the sequence).
        let result = v["engine_result"]?.stringValue ?? ""
        #expect(result == "tesSUCCESS" || result.hasPrefix("tec"), "validated with \(result)")
        #expect((v["validated_at_ledger"]?.intValue ?? 0) > 0)

        let limited = try await api.get("/state/pending?limit=1")
        #expect(limited.status == 200)
        #expect((try limited.json().arrayValue?.count ?? 99) <= 1)
        // Paging: small pages joined are the whole list, in (account, Sequence) order, each
        // cut page saying where to go on; no row twice.
        var cursor: String?
        var paged: [(String, Int)] = []
        var pages = 0
        repeat {
            let page = try await api.get("/state/pending?limit=3" + (cursor.map { "&after=\($0)" } ?? ""))
            #expect(page.status == 200)
            let rows = try #require(try page.json().arrayValue)
            #expect(rows.count <= 3)
            paged += rows.map { ($0["account"]?.stringValue ?? "", $0["sequence"]?.intValue ?? -1) }
            cursor = page.headers.first { $0.0.lowercased() == "x-seqwatch-next-after" }?.1
            if cursor != nil { #expect(rows.count == 3, "a page was cut short of its limit") }
            pages += 1
        } while cursor != nil && pages < 1_000
        #expect(pages < 1_000)
        let keysPaged = paged.map { "\($0.0):\($0.1)" }
        #expect(Set(keysPaged).count == keysPaged.count, "a row on two pages")
        #expect(zip(paged, paged.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }, "pages out of order")
        for bad in ["after=nonsense", "after=rBogus:1", "limit=10001"] {
            let r = try await api.get("/state/pending?\(bad)")
            #expect(r.status == 400 && r.errorToken == "invalidParams", "\(bad)")
        }
        let badLimit = try await api.get("/state/pending?limit=lots")
        #expect(badLimit.status == 400)
        #expect(badLimit.errorToken == "invalidParams")

        let unknown = try await api.get("/state/tx/" + String(repeating: "AB", count: 32))
        #expect(unknown.status == 404)
        #expect(unknown.contentType == "application/json")
        #expect(unknown.errorToken == "txnNotFound")
        #expect(try unknown.json()["message"]?.stringValue?.isEmpty == false)
        for bad in ["XYZ", String(repeating: "G", count: 64), String(repeating: "A", count: 63)] {
            let r = try await api.get("/state/tx/\(bad)")
            #expect(r.status == 400, "hash \(bad)")
            #expect(r.errorToken == "invalidParams")
        }
    }

    static func checkMetrics(_ api: APIClient) async throws {
        let reply = try await api.get("/metrics")
        #expect(reply.status == 200)
        #expect(reply.contentType?.hasPrefix("text/plain; version=0.0.4") == true, "\(reply.contentType ?? "none")")
        let samples = try PrometheusText.parse(reply.body)
        #expect((samples[#"seqwatch_transactions{state="VALIDATED"}"#] ?? 0) > 0)
        for state in allStates { #expect(samples[#"seqwatch_transactions{state="\#(state)"}"#] != nil) }
        #expect((samples[#"seqwatch_results_total{result="tesSUCCESS"}"#] ?? 0) > 0)
        #expect(samples[#"seqwatch_accounts{status="diverged"}"#] != nil)
        #expect(samples[#"seqwatch_accounts{status="ok"}"#] != nil)
        #expect((samples["seqwatch_validated_ledger_index"] ?? 0) > 0)
        #expect((samples["seqwatch_open_ledger_fee_drops"] ?? 0) > 0)
        #expect(samples["seqwatch_connection_up"] == 1)
        #expect(samples["seqwatch_reconnects_total"] == 0)
        #expect(samples["seqwatch_global_pauses_total"] == 0)
        for name in ["seqwatch_queue_size", "seqwatch_expected_ledger_size", "seqwatch_queue_max"] {
            #expect(samples[name] != nil, "missing \(name)")
        }
        #expect(reply.body.contains("# TYPE seqwatch_results_total counter"))
        #expect(reply.body.contains("# TYPE seqwatch_transactions gauge"))

        // A later scrape reflects a later snapshot: the validated ledger only moves forward.
        try await Task.sleep(for: .milliseconds(500))
        let again = try PrometheusText.parse(try await api.get("/metrics").body)
        #expect((again["seqwatch_validated_ledger_index"] ?? 0) > (samples["seqwatch_validated_ledger_index"] ?? 0))
    }

    static func checkControl(_ api: APIClient, _ live: LiveAPIHarness.Live) async throws {
        // The token guards every POST; reads never need it.
        let anonymous = try await api.post("/workload/pause")
        #expect(anonymous.status == 401)
        #expect(anonymous.errorToken == "unauthorized")
        #expect(try await api.post("/workload/pause", headers: [("Authorization", "Bearer wrong-token")]).status == 401)
        #expect(try await api.post("/workload/pause", headers: [("X-SeqWatch-Token", LiveAPIHarness.token + "x")]).status == 401)
        #expect(try await api.get("/state/summary")["mode"] == "running", "a refused pause changed nothing")

        let paused = try await api.post("/workload/pause", headers: bearer)
        #expect(paused.status == 200)
        #expect(paused.contentType == "application/json")
        #expect(try paused.json()["ok"] == true)
        #expect(try paused.json()["mode"] == "paused")
        let summary = try await api.get("/state/summary").json()
        #expect(summary["mode"] == "paused")
        #expect(summary["paused"] == true)

        let resumed = try await api.post("/workload/resume", headers: [("X-SeqWatch-Token", LiveAPIHarness.token)])
        #expect(resumed.status == 200)
        #expect(try resumed.json()["mode"] == "running")
        #expect(try await api.get("/state/summary")["mode"] == "running")

        // Heal: a dry run by default, which plans and changes nothing.
        let healed = live.workloadAccounts[2]
        let stranger = try Wallet(seed: Seed.random()).address
        let before = try await Self.account(api, healed)
        let eventsBefore = try await api.get("/state/summary").json()["events"]?.arrayValue ?? []
        let dry = try await api.post("/workload/heal?account=\(healed)", headers: bearer)
        #expect(dry.status == 200)
        let plan = try dry.json()
        #expect(plan["account"]?.stringValue == healed)
        #expect(plan["dry_run"] == true)
        #expect(plan["started"] == false)
        #expect(plan["plan"]?.arrayValue != nil)
        #expect(try await api.post("/workload/heal?account=\(healed)&dry_run=true", headers: bearer).status == 200)
        try await Task.sleep(for: .milliseconds(300))
        let after = try await Self.account(api, healed)
        #expect(after["status"] == before["status"])
        #expect(after["generation"] == before["generation"])
        let eventsAfter = try await api.get("/state/summary").json()["events"]?.arrayValue ?? []
        let newEvents = eventsAfter.filter { !eventsBefore.contains($0) }
        #expect(!newEvents.contains { $0["kind"] == "heal" }, "a dry run logged \(newEvents)")

        // Resync one account, then all.
        let victim = live.workloadAccounts[1]
        let one = try await api.post("/workload/resync?account=\(victim)", headers: bearer)
        #expect(one.status == 200)
        #expect(try one.json()["ok"] == true)
        #expect(try one.json()["resynced"]?.stringValue == victim)
        let short = String(victim.prefix(6)) + "…" + String(victim.suffix(4))
        #expect(Self.events(try await api.get("/state/summary")).contains { $0["kind"] == "resync" && $0["message"]?.stringValue == "resync \(short)" })
        let all = try await api.post("/workload/resync", headers: bearer)
        #expect(all.status == 200)
        #expect(try all.json()["resynced"] == "all")
        #expect(Self.events(try await api.get("/state/summary")).contains { $0["message"]?.stringValue?.hasPrefix("resync all accounts (operator)") == true })
        let unknown = try await api.post("/workload/resync?account=\(stranger)", headers: bearer)
        #expect(unknown.status == 404)
        #expect(unknown.errorToken == "actNotFound")
        let malformed = try await api.post("/workload/resync?account=rNotAnAddress", headers: bearer)
        #expect(malformed.status == 400)
        #expect(malformed.errorToken == "actMalformed")
        // A seed pasted where an address belongs is refused without being echoed (the secrets
        // check at the end covers this body too).
        let pastedSeed = try #require(live.secrets.dropFirst(2).first)
        #expect(try await api.post("/workload/resync?account=\(pastedSeed)", headers: bearer).status == 400)
        #expect(try await api.post("/workload/heal?account=\(pastedSeed)", headers: bearer).status == 400)

        // Strategy and rate at run time.
        let strategy = try await api.post("/workload/strategy?name=global", headers: bearer)
        #expect(strategy.status == 200)
        #expect(try strategy.json()["strategy"] == "global")
        #expect(try await api.get("/state/summary")["strategy"] == "global")
        #expect(try await api.post("/workload/strategy?name=magic", headers: bearer).status == 400)
        #expect(try await api.post("/workload/strategy?name=heal", headers: bearer).status == 200)
        let rate = try await api.post("/workload/rate?tps=12.5", headers: bearer)
        #expect(rate.status == 200)
        #expect(try await api.get("/state/summary")["target_rate"]?.doubleValue == 12.5)
        #expect(try await api.post("/workload/rate?tps=-1", headers: bearer).status == 400)
        #expect(try await api.post("/workload/rate", headers: [("Authorization", "Bearer wrong")]).status == 401)

        #expect(try await api.post("/workload/heal", headers: bearer).status == 400)
        #expect(try await api.post("/workload/heal?account=\(healed)&dry_run=maybe", headers: bearer).status == 400)
        #expect(try await api.post("/workload/heal?account=\(stranger)", headers: bearer).status == 404)

        // dry_run=false starts it, and still reports the plan.
        let real = try await api.post("/workload/heal?account=\(healed)&dry_run=false", headers: bearer)
        #expect(real.status == 200)
        #expect(try real.json()["dry_run"] == false)
        #expect(try real.json()["started"] == true)
        #expect(try real.json()["plan"]?.arrayValue != nil)
        #expect(Self.events(try await api.get("/state/summary")).contains {
            $0["kind"] == "heal" && $0["message"]?.stringValue?.hasSuffix("started: operator") == true
        })
    }

    static func events(_ summary: APIClient.Reply) -> [JSONValue] { summary["events"]?.arrayValue ?? [] }

    static func account(_ api: APIClient, _ address: String) async throws -> JSONValue {
        let rows = try await api.get("/state/accounts").json().arrayValue ?? []
        return try #require(rows.first { $0["address"]?.stringValue == address })
    }

    static func checkErrors(_ api: APIClient) async throws {
        let missing = try await api.get("/no/such/thing")
        #expect(missing.status == 404)
        #expect(missing.contentType == "application/json")
        #expect(missing.errorToken == "notFound")
        #expect(try await api.get("/state").status == 404)
        #expect(try await api.get("/state/tx/").status == 404)
        // Wrong method: 405 with Allow, in the JSON error shape.
        let wrong = try await api.get("/workload/pause")
        #expect(wrong.status == 405)
        #expect(wrong.errorToken == "methodNotAllowed")
        #expect(wrong.headers.contains { $0.0.lowercased() == "allow" && $0.1 == "POST" })
        #expect(try await api.post("/state/summary", headers: bearer).status == 405)
        #expect(try await api.send("DELETE", "/state/summary").status == 405)
        // Even an unknown POST needs the token before anything else is said.
        #expect(try await api.post("/no/such/thing").status == 401)
        #expect(try await api.post("/no/such/thing", headers: bearer).status == 404)
        // A trailing slash is the same endpoint.
        #expect(try await api.get("/state/summary/").status == 200)
    }

    /// Before the engine's first snapshot the state endpoints say so (503), the rest still work.
    @Test func notReadyBeforeTheFirstSnapshot() async throws {
        try await LiveAPIHarness.withLiveAPI(token: nil, startEngine: false) { live in
            let api = live.client
            for path in ["/state/summary", "/state/fees", "/state/pending", "/state/accounts", "/state/tx/" + String(repeating: "0", count: 64)] {
                let r = try await api.get(path)
                #expect(r.status == 503, "\(path)")
                #expect(r.contentType == "application/json")
                #expect(r.errorToken == "notReady")
            }
            #expect(try await api.get("/state/tx/nothex").status == 400)
            #expect(try await api.get("/metrics").status == 200)
            // No token configured: control is open (loopback only by default).
            #expect(try await api.post("/workload/pause").status == 200)
        }
    }
}

extension APIClient.Reply {
    subscript(key: String) -> JSONValue? { (try? json())?[key] }
}
