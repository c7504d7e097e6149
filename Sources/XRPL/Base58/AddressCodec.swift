/// Classic addresses, X-addresses and family seeds (XRPL-PROTOCOL 6.1, 6.3).
public enum AddressCodec {
    static let accountIDPrefix: [UInt8] = [0x00]
    static let secp256k1SeedPrefix: [UInt8] = [0x21]
    static let ed25519SeedPrefix: [UInt8] = [0x01, 0xE1, 0x4B]
    static let xAddressMainnetPrefix: [UInt8] = [0x05, 0x44]
    static let xAddressTestnetPrefix: [UInt8] = [0x04, 0x93]

    // MARK: Classic addresses

    public static func encodeClassicAddress(_ accountID: [UInt8]) throws -> String {
        guard accountID.count == 20 else {
            throw XRPLError.invalidAddress("an account ID is 20 bytes, got \(accountID.count)")
        }
        if let hit = AddressCache.shared.address(for: accountID) { return hit }
        let address = Base58.encodeChecked(accountIDPrefix + accountID)
        AddressCache.shared.remember(address: address, accountID: accountID)
        return address
    }

    /// A classic address is 25 to 35 characters (an account ID of leading zero bytes gives the
    /// shortest). Checked before the cache or any decoding, so a hostile megabyte-long
    /// `account` costs nothing.
    public static let classicAddressLengths = 25...35

    public static func decodeClassicAddress(_ address: String) throws -> [UInt8] {
        guard classicAddressLengths.contains(address.utf8.count) else {
            throw XRPLError.invalidAddress("\(quoted(address)) is not 25 to 35 characters long")
        }
        if let hit = AddressCache.shared.accountID(for: address) { return hit }
        let id = try decodeClassicAddressUncached(address)
        AddressCache.shared.remember(address: address, accountID: id)
        return id
    }

    private static func decodeClassicAddressUncached(_ address: String) throws -> [UInt8] {
        guard address.hasPrefix("r") else {
            throw XRPLError.invalidAddress("\(quoted(address)) does not start with 'r'")
        }
        let payload: [UInt8]
        do {
            payload = try Base58.decodeChecked(address)
        } catch let e as XRPLError {
            throw XRPLError.invalidAddress("\(quoted(address)): \(e.description)")
        }
        guard payload.count == 21, payload[0] == 0 else {
            throw XRPLError.invalidAddress("\(quoted(address)) is not a classic address")
        }
        return Array(payload.dropFirst())
    }

    public static func isValidClassicAddress(_ address: String) -> Bool {
        (try? decodeClassicAddress(address)) != nil
    }

    // MARK: X-addresses

    /// A decoded X-address: classic account, optional destination tag, network.
    public struct XAddress: Sendable, Equatable {
        public let classicAddress: String
        public let tag: UInt32?
        public let isTestnet: Bool
    }

    public static func isXAddress(_ s: String) -> Bool {
        (s.hasPrefix("X") || s.hasPrefix("T")) && s.utf8.count == 47
    }

    public static func decodeXAddress(_ xAddress: String) throws -> XAddress {
        let payload: [UInt8]
        do {
            payload = try Base58.decodeChecked(xAddress)
        } catch let e as XRPLError {
            throw XRPLError.invalidAddress("\(quoted(xAddress)): \(e.description)")
        }
        guard payload.count == 31 else { throw XRPLError.invalidAddress("\(quoted(xAddress)) has the wrong length for an X-address") }
        let prefix = Array(payload[0..<2])
        let isTest: Bool
        if prefix == xAddressMainnetPrefix {
            isTest = false
        } else if prefix == xAddressTestnetPrefix {
            isTest = true
        } else {
            throw XRPLError.invalidAddress("\(quoted(xAddress)) has an unknown X-address prefix")
        }
        let accountID = Array(payload[2..<22])
        let flag = payload[22]
        let tagBytes = payload[23..<31]
        let low = tagBytes.prefix(4).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let high = tagBytes.suffix(4).reduce(UInt64(0)) { $0 | UInt64($1) }
        let tag: UInt32?
        switch flag {
        case 0:
            guard low == 0, high == 0 else { throw XRPLError.invalidAddress("X-address has a tag but its flag says none") }
            tag = nil
        case 1:
            guard high == 0 else { throw XRPLError.invalidAddress("X-address tag is over 32 bits") }
            tag = UInt32(low)
        default:
            throw XRPLError.invalidAddress("X-address has an unsupported flag byte \(flag)")
        }
        return XAddress(classicAddress: try encodeClassicAddress(accountID), tag: tag, isTestnet: isTest)
    }

    public static func encodeXAddress(classicAddress: String, tag: UInt32?, isTestnet: Bool) throws -> String {
        let accountID = try decodeClassicAddress(classicAddress)
        var payload = isTestnet ? xAddressTestnetPrefix : xAddressMainnetPrefix
        payload += accountID
        payload.append(tag == nil ? 0 : 1)
        let t = tag ?? 0
        payload += [UInt8(t & 0xFF), UInt8(t >> 8 & 0xFF), UInt8(t >> 16 & 0xFF), UInt8(t >> 24 & 0xFF), 0, 0, 0, 0]
        return Base58.encodeChecked(payload)
    }

    /// Accepts a classic or X-address; returns the account ID and the X-address's tag if any.
    public static func decodeAnyAddress(_ s: String) throws -> (accountID: [UInt8], tag: UInt32?) {
        if isXAddress(s) {
            let x = try decodeXAddress(s)
            return (try decodeClassicAddress(x.classicAddress), x.tag)
        }
        return (try decodeClassicAddress(s), nil)
    }

    // MARK: Seeds

    /// Encodes 16 bytes of entropy as a family seed ("sEd…" for Ed25519, "s…" for secp256k1).
    public static func encodeSeed(_ entropy: [UInt8], algorithm: KeyAlgorithm) throws -> String {
        guard entropy.count == 16 else { throw XRPLError.invalidSeed("seed entropy must be 16 bytes") }
        let prefix = algorithm == .ed25519 ? ed25519SeedPrefix : secp256k1SeedPrefix
        return Base58.encodeChecked(prefix + entropy)
    }

    /// Decodes a family seed. The error never echoes the seed text.
    public static func decodeSeed(_ seed: String) throws -> (entropy: [UInt8], algorithm: KeyAlgorithm) {
        let payload: [UInt8]
        do {
            payload = try Base58.decodeChecked(seed)
        } catch XRPLError.badChecksum {
            throw XRPLError.invalidSeed("checksum mismatch (a character is wrong or missing)")
        } catch {
            throw XRPLError.invalidSeed("not base58 in the XRPL alphabet")
        }
        if payload.count == 19, Array(payload.prefix(3)) == ed25519SeedPrefix {
            return (Array(payload.dropFirst(3)), .ed25519)
        }
        if payload.count == 17, payload[0] == secp256k1SeedPrefix[0] {
            return (Array(payload.dropFirst(1)), .secp256k1)
        }
        throw XRPLError.invalidSeed("not a family seed (wrong length or version prefix)")
    }

    /// The text clipped for an error line; by UTF-8 length, so a huge string is never walked.
    private static func quoted(_ s: String) -> String {
        let clipped = s.utf8.count > 60 ? String(s.prefix(57)) + "..." : s
        return "\"\(clipped)\""
    }
}
