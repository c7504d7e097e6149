/// Where the HTTP state API listens (`run --http`) or is reached (`status --http`): "HOST:PORT"
/// with an IPv4 literal, a host name such as `localhost`, or a bracketed IPv6 literal
/// (`[::1]:8080`). An `http://` prefix is tolerated so a URL copied from a log line works too.
///
/// Parsed here, once, so both commands reject the same inputs with the same one-line error.
public struct HTTPAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host without brackets (`127.0.0.1`, `localhost`, `::1`).
    public let host: String
    /// 0 means "any free port" when binding; a client needs a real one.
    public let port: Int

    public struct InvalidAddress: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws {
        var rest = Substring(text.trimmingWhitespace())
        if rest.lowercased().hasPrefix("http://") { rest = rest.dropFirst(7) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        let hostPart: Substring
        let portPart: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix(":") else {
                throw Self.invalid(text)
            }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            portPart = rest[rest.index(close, offsetBy: 2)...]
            guard Self.isIPv6(hostPart) else { throw Self.invalid(text) }
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw Self.invalid(text) }
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
            guard Self.isIPv4(hostPart) || Self.isHostName(hostPart) else { throw Self.invalid(text) }
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCIIDigit), portPart.count <= 5, let port = Int(portPart) else {
            throw Self.invalid(text)
        }
        guard port <= 65535 else {
            throw InvalidAddress(description: "port \(port) in \"\(text)\" is out of range (0...65535)")
        }
        self.init(host: String(hostPart), port: port)
    }

    /// "HOST:PORT", with an IPv6 host in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The API's base URL, e.g. `http://127.0.0.1:8080`.
    public var baseURL: String { "http://\(description)" }

    private static func invalid(_ text: String) -> InvalidAddress {
        InvalidAddress(description: "invalid HTTP address \"\(text)\": expected HOST:PORT, e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080")
    }

    private static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCIIDigit) && (Int(p) ?? 256) <= 255
        }
    }

    /// A DNS-style name: labels of letters, digits and hyphens. All-digit dotted names are left
    /// to `isIPv4`, so "1.2.3.999" is rejected rather than looked up.
    private static func isHostName(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.count <= 253, !s.allSatisfy({ $0.isASCIIDigit || $0 == "." }) else { return false }
        return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Hex groups and colons (optionally one embedded IPv4 tail); the resolver has the last word.
    private static func isIPv6(_ s: Substring) -> Bool {
        guard s.contains(":"), s.count <= 45 else { return false }
        return s.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return s
    }
}
