import ArgumentParser
import Foundation
import StateStore
import Workload
import XRPL

/// `seqwatch journal stats|export`: post-mortems from the journal alone. Read-only (a WAL
/// reader), so they run beside an engine that is still writing.
struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Read the engine's journal (works while the engine runs).", subcommands: [Stats.self, Export.self])

    struct Location: ParsableArguments {
        @Option(help: "State directory holding journal.sqlite (or set SEQWATCH_STATE_DIR).") var stateDir: String?

        func reader() throws -> JournalReader {
            let dir = stateDir ?? ProcessInfo.processInfo.environment["SEQWATCH_STATE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".seqwatch"
            do { return try JournalReader(path: (dir as NSString).appendingPathComponent("journal.sqlite")) } catch let e as StateStoreError {
                throw CLIError(e.description)
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts by state, result and account; ledgers; gaps and how they were filled.")
        @OptionGroup var location: Location
        @Flag(help: "Print JSON.") var json = false
        @Option(help: "Accounts to list in the text form (busiest first).") var top: Int = 20

        func run() async throws {
            let reader = try location.reader()
            let s: JournalStats
            do { s = try reader.stats() } catch let e as StateStoreError { throw CLIError(e.description) }
            if json {
                func counts(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .int(Int64($0)) }) }
                Output.json([
                    "journal": .string(reader.path), "runs": .int(Int64(s.runs)), "transactions": .int(Int64(s.transactions)),
                    "compacted": .int(Int64(s.compacted)), "unsettled": .int(Int64(s.unsettled)),
                    "first_ledger": s.firstLedger.map { .int(Int64($0)) } ?? .null, "last_ledger": s.lastLedger.map { .int(Int64($0)) } ?? .null,
                    "by_state": counts(s.byState), "by_result": counts(s.byResult),
                    "by_account": .object(s.byAccount.mapValues(counts)), "by_origin": .object(s.byOrigin.mapValues(counts)),
                    "divergences": .int(Int64(s.divergences)), "heals": .int(Int64(s.heals)),
                ])
                return
            }
            func line(_ d: [String: Int]) -> String {
                d.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key.isEmpty ? "(none)" : $0.key) \($0.value)" }.joined(separator: ", ")
            }
            let ledgers = [s.firstLedger, s.lastLedger].map { $0.map(String.init) ?? "?" }.joined(separator: "–")
            print("journal \(reader.path): \(s.runs) run\(s.runs == 1 ? "" : "s"), ledgers \(ledgers)")
            print("transactions \(s.transactions) (\(s.compacted) compacted into totals), unsettled \(s.unsettled)")
            print("by state:  \(line(s.byState))")
            print("by result: \(line(s.byResult))")
            print("gaps: \(s.divergences) divergences seen, \(s.heals) heal events")
            for origin in ["filler", "replacement", "autofill", "injected"] {
                if let d = s.byOrigin[origin] { print("  \(origin)s: \(line(d))") }
            }
            let busiest = s.byAccount.sorted { ($0.value.values.reduce(0, +), $1.key) > ($1.value.values.reduce(0, +), $0.key) }
            print("by account (\(min(top, busiest.count)) of \(busiest.count), busiest first):")
            for (account, d) in busiest.prefix(max(0, top)) { print("  \(account)  \(line(d))") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Journalled transactions as NDJSON or CSV (live rows; compacted ones are only totals).")
        enum Format: String, ExpressibleByArgument, CaseIterable { case ndjson, csv }
        @OptionGroup var location: Location
        @Option(help: "ndjson or csv.") var format: Format = .ndjson
        @Option(help: "Only this account (r…).") var account: String?
        @Option(help: "Only this state (VALIDATED, REJECTED, EXPIRED, QUEUED, HELD, …).") var state: String?
        @Option(help: "Only transactions whose last change is in this ledger or later.") var sinceLedger: UInt32?

        func validate() throws {
            if let state, TxState(rawValue: state.uppercased()) == nil {
                throw ValidationError("--state: \(state) is not a state (\(TxState.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let account, !AddressCodec.isValidClassicAddress(account) { throw ValidationError("--account: \(account) is not a classic address") }
        }

        func run() async throws {
            let rows: [JournalReader.Entry]
            do { rows = try location.reader().export(account: account, state: state, sinceLedger: sinceLedger) } catch let e as StateStoreError {
                throw CLIError(e.description)
            }
            let columns = ["hash", "account", "sequence", "last_ledger_sequence", "fee", "kind", "origin", "strategy", "run", "signed_ledger", "state", "result", "state_ledger", "note"]
            var out = format == .csv ? columns.joined(separator: ",") + "\n" : ""
            for r in rows {
                let e = r.entry
                let values: [JSONValue] = [
                    .string(e.hash), .string(e.account), .int(Int64(e.sequence)), .int(Int64(e.lastLedgerSequence)), .uint(e.fee), .string(e.kind),
                    .string(e.origin.rawValue), .string(e.strategy), .int(Int64(r.run)), .int(Int64(e.ledger)), .string(r.state),
                    r.result.map(JSONValue.string) ?? .null, .int(Int64(r.stateLedger)), r.note.map(JSONValue.string) ?? .null,
                ]
                if format == .csv {
                    out += values.map(Self.csvField).joined(separator: ",") + "\n"
                } else {
                    var o = Dictionary(uniqueKeysWithValues: zip(columns, values))
                    o["tx_blob"] = .string(Hex.encode(e.blob))
                    out += JSONValue.object(o).serialized() + "\n"
                }
                if out.utf8.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(out.utf8))
                    out = ""
                }
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }

        static func csvField(_ v: JSONValue) -> String {
            switch v {
            case .null: return ""
            case .string(let s):
                return s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            default: return v.serialized()
            }
        }
    }
}
