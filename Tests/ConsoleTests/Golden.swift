import Foundation
import Testing

/// Golden text files under Tests/ConsoleTests/Golden/. `SEQWATCH_UPDATE_GOLDEN=1 swift test
/// --filter Console` (re)writes them; otherwise a missing or different file fails the test and
/// the actual screen is written beside it as `<name>.actual.txt` for a diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent("\(name).txt")
        let actual = directory.appendingPathComponent("\(name).actual.txt")
        let body = text + "\n"
        if ProcessInfo.processInfo.environment["SEQWATCH_UPDATE_GOLDEN"] == "1" {
            try body.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try body.write(to: actual, atomically: true, encoding: .utf8)
            Issue.record("missing golden \(name).txt (run with SEQWATCH_UPDATE_GOLDEN=1)", sourceLocation: sourceLocation)
            return
        }
        if expected != body {
            try body.write(to: actual, atomically: true, encoding: .utf8)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = body.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("screen differs from \(name).txt at line \((first?.offset ?? min(e.count, a.count)) + 1); see \(name).actual.txt", sourceLocation: sourceLocation)
        } else {
            try? FileManager.default.removeItem(at: actual)
        }
    }
}
