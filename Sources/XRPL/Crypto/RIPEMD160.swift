import CXRPLCrypto

/// RIPEMD160, which account IDs need and swift-crypto lacks; OpenSSL supplies it.
public enum RIPEMD160 {
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        // Only a libcrypto without RIPEMD160 at all can fail here, and then no account ID is possible.
        guard cxrpl_ripemd160(data, data.count, &out) == 1 else { fatalError("RIPEMD160 unavailable in libcrypto") }
        return out
    }
}
