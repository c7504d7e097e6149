import ArgumentParser
import Console
import Foundation
import StateServer
import Workload
import XRPL

/// `seqwatch bench stream`: what one snapshot costs on `GET /state/stream` at a given number of
/// accounts — its size on the wire, the engine's encode (once per snapshot, for all clients) and
/// an attached console's decode. The snapshot is the console bench's, plus a full pending list
/// (a real snapshot carries at most 1,000 pending rows).
struct StreamBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stream", abstract: "Snapshot stream cost: bytes, encode and decode time.")

    @Option(help: "Accounts in the snapshot.") var accounts: Int = 1_000
    @Option(help: "Encodes and decodes to time.") var rounds: Int = 20
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard (1...100_000).contains(accounts) else { throw ValidationError("--accounts must be in 1...100000") }
        guard (1...10_000).contains(rounds) else { throw ValidationError("--rounds must be in 1...10000") }
    }

    func run() async throws {
        var snapshot = try ConsoleFixture.snapshot(accounts: accounts)
        snapshot.pending = try Self.pending(snapshot.accounts.map(\.address), rows: 1_000)
        let encoder = WireJSON.encoder
        let decoder = WireJSON.decoder
        let clock = ContinuousClock()
        var encodes: [Double] = []
        var decodes: [Double] = []
        var bytes = Data()
        for _ in 0..<rounds {
            let start = clock.now
            bytes = try encoder.encode(snapshot)
            encodes.append((clock.now - start) / .microseconds(1))
            let middle = clock.now
            _ = try decoder.decode(Snapshot.self, from: bytes)
            decodes.append((clock.now - middle) / .microseconds(1))
        }
        let encode = Self.median(encodes) / 1000, decode = Self.median(decodes) / 1000
        if json {
            Output.json([
                "accounts": .int(Int64(accounts)), "bytes": .int(Int64(bytes.count)), "rounds": .int(Int64(rounds)),
                "encode_ms_median": .double((encode * 100).rounded() / 100), "decode_ms_median": .double((decode * 100).rounded() / 100),
            ])
        } else {
            print(String(format: "stream %d accounts: %d bytes per snapshot, encode %.2f ms, decode %.2f ms (medians of %d)",
                         accounts, bytes.count, encode, decode, rounds))
        }
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// `rows` in-flight transactions spread over `accounts`, as the engine lists them.
    static func pending(_ accounts: [String], rows: Int) throws -> [PendingRow] {
        // `-> String`: GRDB's SQL literal would otherwise claim the interpolated literal.
        let text = (0..<rows).map { i -> String in
            let hash = String(repeating: String(format: "%02X", i % 256), count: 32)
            return """
                {"hash":"\(hash)","account":"\(accounts[i % accounts.count])","sequence":\(5_000 + i),"state":"SUBMITTED",\
                "engine_result":"tesSUCCESS","last_ledger_sequence":1250,"submitted_at_ledger":1234,"attempts":1,"type":"Payment"}
                """
        }.joined(separator: ",")
        return try JSONDecoder().decode([PendingRow].self, from: Data("[\(text)]".utf8))
    }
}
