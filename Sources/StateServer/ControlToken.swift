import Foundation
import Hummingbird

/// The shared secret that guards the control endpoints (pause, resume, resync, heal). Reads stay
/// open: they show nothing secret, and a dashboard should not need the token.
///
/// Accepted as `Authorization: Bearer TOKEN` (what curl users and proxies expect) or as
/// `X-SeqWatch-Token: TOKEN` (for clients that reserve Authorization for something else).
struct ControlToken: Sendable {
    private let expected: [UInt8]

    init(_ token: String) { expected = Array(token.utf8) }

    /// The alternative header, compared by its lower-cased canonical name.
    static let headerName = "x-seqwatch-token"

    /// Whether `headers` carry the token.
    func admits(_ headers: HTTPFields) -> Bool {
        var presented: [[UInt8]] = []
        for field in headers {
            let value = field.value.trimmingCharacters(in: .whitespaces)
            switch field.name.canonicalName {
            case "authorization":
                let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                if parts.count == 2, parts[0].lowercased() == "bearer" {
                    presented.append(Array(parts[1].trimmingCharacters(in: .whitespaces).utf8))
                }
            case Self.headerName:
                presented.append(Array(value.utf8))
            default:
                continue
            }
        }
        // Check every candidate, so the time taken does not say which header was tried.
        var admitted = false
        for candidate in presented where Self.constantTimeEquals(candidate, expected) { admitted = true }
        return admitted
    }

    /// Compares without an early exit: the time taken depends on the lengths only, never on
    /// how many leading bytes matched, so the token cannot be guessed byte by byte.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0 && !b.isEmpty
    }
}
