import Testing
@testable import LedgerClient

@Suite struct LedgerEndpointTests {
    @Test func parsesTransports() throws {
        #expect(try LedgerEndpoint(parsing: "") == .embedded)
        #expect(try LedgerEndpoint(parsing: "ws://127.0.0.1:6006") == .webSocket(host: "127.0.0.1", port: 6006, secure: false, path: "/"))
        #expect(try LedgerEndpoint(parsing: "wss://s.altnet.rippletest.net:51233") == .webSocket(host: "s.altnet.rippletest.net", port: 51233, secure: true, path: "/"))
        #expect(try LedgerEndpoint(parsing: "http://localhost") == .jsonRPC(host: "localhost", port: 5005, secure: false, path: "/"))
    }

    @Test func rejectsWithOneLine() {
        for bad in ["ftp://x:1", "not a url", "ws://", "ws://h:70000"] {
            #expect(throws: LedgerEndpoint.InvalidEndpoint.self) { try LedgerEndpoint(parsing: bad) }
        }
    }

    @Test func describesItself() throws {
        #expect(try LedgerEndpoint(parsing: "ws://127.0.0.1:6006").description == "ws://127.0.0.1:6006")
        #expect(LedgerEndpoint.embedded.description == "embedded simulator")
    }
}
