import Foundation
@testable import XRPL

/// The published codec fixtures live in ../shared/fixtures/xrpl beside the repository and are
/// read from there, never copied in. SEQWATCH_SHARED overrides the location.
enum Fixtures {
    static let directory: URL = {
        if let env = ProcessInfo.processInfo.environment["SEQWATCH_SHARED"] {
            return URL(fileURLWithPath: env).appendingPathComponent("fixtures/xrpl")
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/fixtures/xrpl")
    }()

    static func load(_ name: String) throws -> JSONValue {
        try JSONValue.parse(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func bytes(_ hex: String) -> [UInt8] {
        // Test vectors are valid hex by construction.
        try! Hex.decode(hex)
    }
}
