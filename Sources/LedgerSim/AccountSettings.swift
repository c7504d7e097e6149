import XRPL

/// The AccountRoot fields an AccountSet stores without the simulator acting on them, after
/// rippled's `SetAccount::preflight` / `doApply`: a client that sets a Domain, an EmailHash or a
/// TickSize reads it back from `account_info`, rather than seeing tesSUCCESS for a field that
/// was dropped. AccountTxnID is here too: `asfAccountTxnID` creates it, and every later
/// transaction of the account writes its ID into it (`Transactor::apply`).
enum AccountSettings {
    static let zeroHash256 = String(repeating: "0", count: 64)
    /// rippled's `Quality::minTickSize` / `maxTickSize`.
    static let tickSizes: ClosedRange<UInt64> = 3...15

    /// `SetAccount::preflight`'s checks on these fields.
    static func preflight(_ json: JSONValue, set: AccountSetFlag?, clear: AccountSetFlag?) -> ResultCode {
        if let tick = json["TickSize"]?.uint64Value, tick != 0, !tickSizes.contains(tick) {
            return ResultCode.named("temBAD_TICK_SIZE")!
        }
        if let key = json["MessageKey"]?.stringValue, !key.isEmpty {
            // publicKeyType: 33 bytes starting 02, 03 (secp256k1) or ED (Ed25519).
            let prefix = key.prefix(2).uppercased()
            guard key.count == 66, ["02", "03", "ED"].contains(prefix) else { return ResultCode.named("telBAD_PUBLIC_KEY")! }
        }
        let minter = json["NFTokenMinter"] != nil
        if set == .authorizedNFTokenMinter, !minter { return .temMALFORMED }
        if clear == .authorizedNFTokenMinter, minter { return .temMALFORMED }
        return .tesSUCCESS
    }

    /// `SetAccount::doApply` for the stored fields: a zero or empty value (or the default
    /// TransferRate / TickSize) removes the field.
    static func apply(_ json: JSONValue, set: AccountSetFlag?, clear: AccountSetFlag?, to a: inout AccountEntry) {
        for field in ["EmailHash", "WalletLocator", "MessageKey", "Domain"] {
            guard let hex = json[field]?.stringValue else { continue }
            let cleared = hex.isEmpty || (field != "MessageKey" && field != "Domain" && hex.allSatisfy { $0 == "0" })
            a.optionalFields[field] = cleared ? nil : .string(hex.uppercased())
        }
        if let rate = json["TransferRate"]?.uint64Value {
            a.optionalFields["TransferRate"] = rate == 0 || rate == 1_000_000_000 ? nil : .int(Int64(rate))
        }
        if let tick = json["TickSize"]?.uint64Value {
            a.optionalFields["TickSize"] = tick == 0 || tick == tickSizes.upperBound ? nil : .int(Int64(tick))
        }
        if set == .authorizedNFTokenMinter, let minter = json["NFTokenMinter"] { a.optionalFields["NFTokenMinter"] = minter }
        if clear == .authorizedNFTokenMinter { a.optionalFields["NFTokenMinter"] = nil }
        if set == .accountTxnID, a.optionalFields["AccountTxnID"] == nil { a.optionalFields["AccountTxnID"] = .string(zeroHash256) }
        if clear == .accountTxnID { a.optionalFields["AccountTxnID"] = nil }
    }
}
