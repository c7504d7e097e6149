import Foundation
import TestSupport
import Testing

/// `seqwatch status` against an address nobody listens on: one line, non-zero exit.
@Suite(.waitsOnProcesses) struct StatusCommandTests {
    /// A loopback port that was free a moment ago: bound to port 0, then closed.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    @Test func unreachableEngineFailsInOneLine() throws {
        let port = try Self.freePort()
        let r = try CLITests.run(["status", "--http", "127.0.0.1:\(port)"])
        try CLITests.expectOneLineFailure(r, mentioning: "cannot reach the state API at http://127.0.0.1:\(port)")
        #expect(r.stderr.contains("connection refused"), "stderr was: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let json = try CLITests.run(["status", "--http", "127.0.0.1:\(port)", "--json"])
        try CLITests.expectOneLineFailure(json, mentioning: "connection refused")
    }

    @Test func badAddressFailsInOneLine() throws {
        try CLITests.expectOneLineFailure(try CLITests.run(["status", "--http", "nowhere"]), mentioning: "HOST:PORT")
        try CLITests.expectOneLineFailure(try CLITests.run(["status", "--http", "127.0.0.1:0"]), mentioning: "port")
    }
}
