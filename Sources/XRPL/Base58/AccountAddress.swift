/// A classic account address ("r…") as a value: what the engine keys accounts by, so an
/// account cannot be confused with a hash, a currency or any other string. It hashes and
/// compares as its text (the engine's dictionaries stay as fast as with strings). Addresses come
/// from the engine's own wallets or a server's replies; one that is not ours matches nothing.
public struct AccountAddress: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    /// An address known good: derived from a wallet, or read from a server's own reply (a
    /// lookup key that matches nothing if it is not one of ours).
    public init(_ text: String) { self.text = text }

    public init(stringLiteral value: String) { text = value }

    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }

    public var description: String { text }

    public static func < (a: AccountAddress, b: AccountAddress) -> Bool { a.text < b.text }

    /// "rHb9CJ…tyTh": enough to tell accounts apart in a log line.
    public var short: String { text.count > 10 ? String(text.prefix(6)) + "…" + String(text.suffix(4)) : text }
}

extension Wallet {
    public var accountAddress: AccountAddress { AccountAddress(address) }
}
