import StateServer
import Testing

/// `--http` addresses: what `run` binds to and `status` connects to, parsed once for both.
@Suite struct HTTPAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080),
        ("localhost:9000", "localhost", 9000),
        ("[::1]:8080", "::1", 8080),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("http://127.0.0.1:8080/", "127.0.0.1", 8080),
        (" engine-1.internal:65535 ", "engine-1.internal", 65535),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let a = try HTTPAddress(parsing: text)
        #expect(a.host == host)
        #expect(a.port == port)
    }

    @Test(arguments: [
        "", "8080", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536", "127.0.0.1:-1",
        "256.1.1.1:80", "1.2.3:80", "::1:8080", "[::1]8080", "[zz]:80", "bad host:80", "-x:80",
    ])
    func rejectsInOneLine(text: String) {
        do {
            let a = try HTTPAddress(parsing: text)
            Issue.record("\"\(text)\" parsed as \(a)")
        } catch {
            let line = "\(error)"
            #expect(!line.isEmpty && !line.contains("\n"))
            #expect(line.contains("address") || line.contains("port"))
        }
    }

    @Test func printsForURLs() throws {
        #expect(StateAPIServer.defaultAddress.description == "127.0.0.1:8080")
        #expect(StateAPIServer.defaultAddress.baseURL == "http://127.0.0.1:8080")
        let v6 = try HTTPAddress(parsing: "[::1]:8080")
        #expect(v6.description == "[::1]:8080")
        #expect(v6.baseURL == "http://[::1]:8080")
        #expect(try HTTPAddress(parsing: v6.description) == v6)
    }
}
