import XRPL

/// What `sign` needs from the server, read on the actor in microseconds: the seed's key
/// derivation and the signature then run on the caller's task (`Simulator.handle`), as
/// submit's signature checks do.
struct SignContext: Sendable {
    let allowed: Bool
    /// The tx_json.Account the context was taken for, when it names an account.
    let account: String?
    /// That account's next queueable Sequence; nil when it does not exist.
    let nextSequence: UInt32?
    let fee: UInt64
    let networkID: UInt32

    static func take(_ params: [String: JSONValue], core: SimulatorCore) -> SignContext {
        let account = params["tx_json"]?["Account"]?.stringValue.flatMap { $0.utf8.count <= 64 ? $0 : nil }
        return SignContext(
            allowed: core.config.allowsSignAndSubmit, account: account, nextSequence: account.flatMap(core.sequenceAvailable),
            fee: max(core.config.baseFee, core.openLedgerCost()), networkID: core.config.networkID)
    }
}

/// sign.
extension SimAPI {
    /// rippled's `doSign` (TransactionSign.cpp): signs `tx_json` with `secret` (or `seed`,
    /// `seed_hex`, `passphrase`), autofilling Sequence, Fee and SigningPubKey. Refused unless
    /// the simulator allows local signing (the admin switch sign-and-submit uses). The secret
    /// is used and dropped: no error, reply or log line repeats it.
    static func sign(_ params: Params, context: SignContext) -> Reply {
        guard context.allowed else {
            return .failure(RPCError(.notSupported, message: "Signing is not supported by this server."))
        }
        guard let txJSON = params["tx_json"] else { return .failure(RPCParams.missing("tx_json")) }
        guard case .object(var o) = txJSON else { return .failure(RPCParams.expected("tx_json", "object")) }
        let secretFields = ["secret", "seed", "seed_hex", "passphrase"].filter { params[$0] != nil }
        guard let field = secretFields.first else { return .failure(RPCParams.missing("secret")) }
        guard secretFields.count == 1 else {
            return .failure(RPCError(.invalidParams, message: "Exactly one of the following must be specified: passphrase, secret, seed or seed_hex"))
        }
        guard o["TransactionType"] != nil else { return .failure(RPCParams.missing("tx_json.TransactionType")) }
        guard let account = o["Account"] else { return .failure(RPCParams.missing("tx_json.Account")) }
        guard let address = account.stringValue, address.utf8.count <= 64, AddressCodec.isValidClassicAddress(address) else {
            return .failure(srcActMalformed)
        }
        let wallet: Wallet
        switch secretWallet(params[field]!, field: field) {
        case .failure(let e): return .failure(e)
        case .success(let w): wallet = w
        }
        guard context.account == address, let next = context.nextSequence else { return .failure(srcActNotFound) }
        guard wallet.address == address else { return .failure(RPCError(token: "badSecret", code: 43, message: "Secret does not match account.")) }
        if o["Sequence"] == nil { o["Sequence"] = .int(Int64(next)) }
        if o["Fee"] == nil { o["Fee"] = .string(String(context.fee)) }
        if o["NetworkID"] == nil, context.networkID > 1024 { o["NetworkID"] = .int(Int64(context.networkID)) }
        do {
            let signed = try TransactionSigner.sign(json: .object(o), with: wallet.keys)
            guard case .object(var tx) = try BinaryCodec.decode(signed.blob) else { return .failure(RPCError(.internal)) }
            tx["hash"] = .string(signed.hash)
            return .success(["tx_blob": .string(Hex.encode(signed.blob)), "tx_json": .object(tx)])
        } catch {
            return .failure(RPCError(.invalidParams, message: "Invalid transaction: \(error)"))
        }
    }

    /// The wallet a sign request's secret field names; badSeed (44) for anything that is not a
    /// seed, never echoing it. Only `secret` and `seed` in seed encoding, and `seed_hex`, are
    /// understood (RFC-1751 words and passphrases are not).
    private static func secretWallet(_ v: JSONValue, field: String) -> Result<Wallet, RPCError> {
        let bad = RPCError(token: "badSeed", code: 44, message: "Disallowed seed.")
        guard let text = v.stringValue, text.utf8.count <= 128 else { return .failure(bad) }
        do {
            if field == "seed_hex" {
                let entropy = try Hex.decode(text)
                guard entropy.count == 16 else { return .failure(bad) }
                return .success(try Wallet(seed: try Seed(entropy: entropy, algorithm: .secp256k1)))
            }
            guard field != "passphrase" else { return .failure(bad) }
            return .success(try Wallet(seed: try Seed(encoded: text)))
        } catch {
            return .failure(bad)
        }
    }
}
