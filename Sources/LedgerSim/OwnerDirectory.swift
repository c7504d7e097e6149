/// One object an account owns (or is party to: a trust line's both sides, an escrow's
/// destination), as the owner index lists it.
package struct OwnedObject: Hashable, Sendable {
    /// The object's ledger index (64 hex digits).
    let index: String
    let key: StateKey
}

/// The key of one slice of an account's owner index: the account and the first byte of the
/// objects' ledger indexes.
///
/// Why slices: an issuer can be on tens of thousands of trust lines, and each close shares
/// the state with the open ledger, so the first write after a close copies whatever array it
/// touches. Ledger indexes are hashes, so 256 slices split an account's objects evenly, and a
/// write copies and shifts 1/256 of them, while a walk in index order is still a walk over
/// sorted slices (`OwnerIndex.page`).
package struct OwnerSlice: Hashable, Sendable {
    let owner: String
    let prefix: UInt8

    init(owner: String, index: String) {
        self.owner = owner
        self.prefix = Self.prefix(of: index)
    }

    init(owner: String, prefix: UInt8) {
        self.owner = owner
        self.prefix = prefix
    }

    /// The first byte of a hex ledger index (0 for anything that is not hex, never a trap).
    static func prefix(of index: String) -> UInt8 {
        var u = index.utf8.makeIterator()
        guard let a = u.next().flatMap(hexValue), let b = u.next().flatMap(hexValue) else { return 0 }
        return a << 4 | b
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x37
        case 0x61...0x66: c - 0x57
        default: nil
        }
    }
}
