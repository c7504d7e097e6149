import Foundation
import XRPL

/// Reads the FILE|- arguments of `tx` subcommands and the seed, with one-line errors.
enum Input {
    static func text(_ path: String) throws -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return String(decoding: data, as: UTF8.self)
        }
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no such file: \(path)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func json(_ path: String) throws -> JSONValue {
        let t = try text(path)
        guard !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw XRPLError.malformedJSON(path == "-" ? "standard input is empty" : "\(path) is empty")
        }
        return try JSONValue.parse(t)
    }

    /// The seed from `--seed`, or from SEQWATCH_SEED so it need not appear in the process list.
    static func seed(_ option: String?, algorithm: KeyAlgorithm?) throws -> Seed {
        guard let text = option ?? ProcessInfo.processInfo.environment["SEQWATCH_SEED"], !text.isEmpty else {
            throw CLIError("a seed is required: pass --seed SEED or set SEQWATCH_SEED")
        }
        return try Seed(encoded: text, algorithm: algorithm)
    }
}

enum Output {
    static func json(_ object: [String: JSONValue]) {
        print(JSONValue.object(object).serialized())
    }

    static func json(_ value: JSONValue) {
        print(value.serialized())
    }
}
