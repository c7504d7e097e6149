import Foundation
import Workload

/// A fixed, hand-built snapshot for the golden tests and the render benchmark. Snapshot rows
/// have no public memberwise initialisers, so rows are decoded from their (public, stable) JSON
/// shape and the snapshot itself starts from an empty engine core.
public enum ConsoleFixture {
    public static func snapshot(accounts n: Int = 7) throws -> Snapshot {
        var config = WorkloadConfig()
        config.accounts = 1
        var s = try WorkloadCore(config: config, now: 0).snapshot(endpoint: "embedded simulator", health: ConnectionHealthRow(
            connected: true, reconnects: 1, secondsSinceLastLedger: 0.4, requestLatencyMs: 2, lastError: nil))
        s.phase = .running
        s.paused = false
        s.strategy = .heal
        s.targetRate = 50
        s.validatedRate = 48.3
        s.validatedIndex = 1_234
        s.fees = try decode(FeeRow.self, """
            {"expected_ledger_size":124,"current_ledger_size":31,"current_queue_size":12,"max_queue_size":2480,"base_fee":10,
             "minimum_fee":10,"median_fee":5000,"open_ledger_fee":10,"escalated":false,"load_factor":1,
             "read_at_ledger":1235,"age_s":0.4}
            """)
        s.byState = [.created: 2, .submitted: 17, .queued: 12, .held: 3, .retryable: 1, .failedNet: 0, .validated: 55_310, .rejected: 5, .expired: 160, .abandoned: 4]
        s.totalTracked = s.byState.values.reduce(0, +)
        s.results = [("tesSUCCESS", 55_310), ("terPRE_SEQ", 41), ("tefPAST_SEQ", 9), ("telCAN_NOT_QUEUE_FULL", 3), ("tecUNFUNDED_PAYMENT", 2)].map(ResultCount.init)
        s.validatedPerLedger = [44, 51, 49, 50, 47, 52, 50, 12, 30, 48, 50, 53, 49, 51, 50, 46]
        s.submittedPerLedger = [50, 52, 50, 51, 50, 53, 70, 64, 51, 50, 52, 54, 50, 52, 50, 50]
        s.latencyLedgers = [0, 31_200, 20_400, 2_900, 610, 120, 44, 17, 9, 6, 2, 0, 1]
        s.globalPauses = 1
        let statuses: [(AccountStatus, Int64, Int, String)] = [
            (.ok, 0, 3, "tesSUCCESS"), (.diverged, 3, 4, "terPRE_SEQ"), (.healing, 2, 2, "telINSUF_FEE_P"),
            (.ok, 1, 1, "tesSUCCESS"), (.foreign, -1, 0, "tefPAST_SEQ"), (.frozen, 0, 0, "tesSUCCESS"),
            (.stuck, 4, 4, "terPRE_SEQ"),
        ]
        var rows: [AccountRow] = []
        for i in 0..<n {
            let (st, gap, flight, last) = statuses[i % statuses.count]
            let next = 5_000 + i * 7
            let diverged = st == .diverged || st == .healing || st == .foreign || st == .stuck
            rows.append(try decode(AccountRow.self, """
                {"address":"\(address(i))","cached_next_seq":\(next),"ledger_seq":\(next - Int(gap) - 1),"ledger_seq_current":\(next - Int(gap)),
                 "sequence_available":\(next - Int(gap)),"gap":\(gap),"in_flight":\(flight),"queued":\(i % 3 == 0 ? 1 : 0),"held":\(st == .diverged ? 2 : 0),
                 "status":"\(st.rawValue)","last_result":"\(last)",
                 \(diverged ? "\"diverged_for_s\":\(Double(i % 5) + 1.5)," : "")"missing":\(st == .diverged || st == .stuck ? 1 : 0),"role":"workload",
                 \(st == .stuck ? "\"waiting_ledgers\":7,\"underlying\":\"DIVERGED\"," : "")"generation":\(st == .foreign ? 1 : 0)}
                """))
        }
        s.accounts = rows
        s.events = try decode([EngineEvent].self, """
            [{"time":1,"ledger":1201,"kind":"bootstrap","message":"running: \(n) accounts, 3 TrustSets each in the init burst"},
             {"time":2,"ledger":1230,"kind":"inject","message":"divergence injected on \(short(1)): next sequence sent with a fee the server refuses"},
             {"time":3,"ledger":1231,"kind":"divergence","message":"\(short(1)) diverged: cached next 5010, ledger 5006, 1 missing"},
             {"time":4,"ledger":1232,"kind":"heal","message":"heal \(short(2)) started: telINSUF_FEE_P at seq 5016"},
             {"time":5,"ledger":1233,"kind":"foreign","message":"\(short(4)) seq 5028 spent by a transaction SeqWatch did not send (9F3A61C2)"},
             {"time":6,"ledger":1234,"kind":"resync","message":"resync all accounts (operator)"}]
            """)
        return s
    }

    /// Per-ledger state samples to go with `snapshot` (for the sparklines).
    public static var history: StateHistory {
        var samples: [TxState: [Int]] = [:]
        for (k, st) in TxState.allCases.enumerated() {
            samples[st] = (0..<30).map { ($0 * (k + 3) + k * 5) % 17 }
        }
        return StateHistory(samples: samples)
    }

    public static func healPlan() throws -> [HealPlanItem] {
        try decode([HealPlanItem].self, """
            [{"sequence":5006,"action":"replace","hash":"95FB9F50004742C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5","reason":"telINSUF_FEE_P"},
             {"sequence":5007,"action":"keep-held","hash":"29D7C891973B647A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8091A2B3C4D5E6","reason":"held by the server (terPRE_SEQ)"},
             {"sequence":5008,"action":"resubmit","hash":"C1B7D05AA0EE0EF1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F70819","reason":"never reached the server"}]
            """)
    }

    /// Deterministic, address-shaped strings (not real accounts).
    public static func address(_ i: Int) -> String {
        let alphabet = Array("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")
        var x = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
        var s = "r"
        for _ in 0..<33 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            s.append(alphabet[Int((x >> 33) % UInt64(alphabet.count))])
        }
        return s
    }

    static func short(_ i: Int) -> String {
        let a = address(i)
        return String(a.prefix(6)) + "…" + String(a.suffix(4))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}
