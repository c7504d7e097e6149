import ArgumentParser
import Foundation
import StateServer
import Workload
import XRPL

/// `seqwatch status`: one look at a running engine through its HTTP state API, for a second
/// terminal or a script, without attaching to the console.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a running engine's state (GET /state/summary of its HTTP API).")

    @Option(help: "The engine's HTTP API, HOST:PORT (as given to run --http).")
    var http: String = StateAPIServer.defaultAddress.description
    @Flag(help: "Print the summary JSON as the API returns it.") var json = false

    func validate() throws {
        let address: HTTPAddress
        do {
            address = try HTTPAddress(parsing: http)
        } catch {
            throw ValidationError("\(error)")
        }
        guard address.port != 0 else { throw ValidationError("--http needs the port the engine listens on, not 0") }
    }

    func run() async throws {
        let address = try HTTPAddress(parsing: http)
        let body: [UInt8]
        do {
            body = try await StateAPIClient(address: address).get("/state/summary")
        } catch let e as StateAPIClient.Unreachable {
            throw CLIError(e.description)
        } catch let e as StateAPIClient.Refused {
            throw CLIError("\(address.baseURL): \(e.description)")
        }
        if json {
            FileHandle.standardOutput.write(Data(body))
            if body.last != UInt8(ascii: "\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
            return
        }
        guard let summary = try? JSONValue.parse(Data(body)), summary.objectValue != nil else {
            throw CLIError("\(address.baseURL)/state/summary did not answer with a JSON object")
        }
        for line in Self.lines(summary, from: address) { print(line) }
    }

    /// The compact human summary: what an operator checks first, one topic per line.
    static func lines(_ s: JSONValue, from address: HTTPAddress) -> [String] {
        func text(_ v: JSONValue?) -> String {
            guard let v, !v.isNull else { return "-" }
            if let s = v.stringValue { return s }
            if let i = v.int64Value { return String(i) }
            if let d = v.doubleValue { return String((d * 100).rounded() / 100) }
            if let b = v.boolValue { return b ? "yes" : "no" }
            return v.serialized()
        }
        var out: [String] = []
        out.append("seqwatch at \(address.baseURL): \(text(s["mode"])), strategy \(text(s["strategy"])), endpoint \(text(s["endpoint"]))")

        let ledger = s["ledger"]
        var ledgerLine = "ledger \(text(ledger?["validated_index"])) validated"
        if let iso = ledger?["close_time_iso"]?.stringValue { ledgerLine += " (closed \(iso))" }
        ledgerLine += "; \(text(s["validated_rate"])) tx/s validated, target \(text(s["target_rate"])) tx/s"
        out.append(ledgerLine)

        let byState = s["by_state"]
        let states = TxState.allCases.map(\.rawValue)
        out.append("tracked \(text(s["total_tracked"])): " + states.map { "\($0) \(text(byState?[$0]))" }.joined(separator: "  "))

        var accounts = "accounts \(text(s["accounts"])), diverged \(text(s["diverged_accounts"]))"
        if let stuck = s["stuck_accounts"]?.intValue, stuck > 0 { accounts += ", STUCK \(stuck)" }
        if let pauses = s["global_pauses"]?.intValue, pauses > 0 { accounts += ", global pauses \(pauses)" }
        if let resets = s["server_resets"]?.intValue, resets > 0 {
            accounts += ", server lost its state \(resets)×" + (s["last_reset"]?.stringValue.map { " (last: \($0))" } ?? "")
        }
        out.append(accounts)

        let fees = s["fees"]
        var feeLine = "fees (drops): open ledger \(text(fees?["open_ledger_fee"])), base \(text(fees?["base_fee"]))"
        feeLine += ", minimum \(text(fees?["minimum_fee"]))"
        if fees?["escalated"]?.boolValue == true { feeLine += " ESCALATED" }
        feeLine += "; ledger \(text(fees?["current_ledger_size"]))/\(text(fees?["expected_ledger_size"]))"
        feeLine += ", queue \(text(fees?["queue_utilization"]))"
        out.append(feeLine)

        let health = s["health"]
        var conn = "connection: " + (health?["connected"]?.boolValue == true ? "up" : "DOWN")
        conn += ", \(text(health?["reconnects"])) reconnects"
        if let since = health?["seconds_since_last_ledger"]?.doubleValue { conn += ", last ledger \(String(format: "%.1f", since)) s ago" }
        if let latency = health?["request_latency_ms"]?.doubleValue { conn += ", latency \(String(format: "%.1f", latency)) ms" }
        if let error = health?["last_error"]?.stringValue { conn += ", last error: \(error)" }
        out.append(conn)

        if let results = s["results"]?.objectValue, !results.isEmpty {
            let top = results.sorted { ($0.value.intValue ?? 0) > ($1.value.intValue ?? 0) }.prefix(6)
            out.append("results: " + top.map { "\($0.key) \(text($0.value))" }.joined(separator: "  "))
        }
        return out
    }
}
