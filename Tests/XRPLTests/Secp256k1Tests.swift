import TestSupport
import Testing
@testable import XRPL

/// secp256k1 and RIPEMD160 against published vectors, plus the canonical-signature rules rippled
/// enforces. Derivation and signing are pinned byte for byte because the tx hash covers the
/// signature: a nonce that differs from xrpl.js/xrpl-py would still verify but change every hash.
@Suite(.offThePool) struct Secp256k1Tests {
    /// The group order n and n/2, big-endian: the low-S boundary rippled checks.
    static let order = hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")
    static let halfOrder = hex("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0")

    // MARK: Derivation

    /// XRPL-PROTOCOL 8 V2; the private key is xrpl.js ripple-keypairs test/fixtures/api.json.
    @Test func v2FamilySeed() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        #expect(Hex.encode(priv) == "D78B9735C3F26501C7337B8A5727FD53A6EFDBC6AA55984F098488561F985E23")
        #expect(Hex.encode(pub) == "030D58EB48B4420B1F7B9DF55087E0E29FEF0E8468F9A6825B01CA2C361042D435")
        #expect(Hex.encode(RIPEMD160.hash(Hashing.sha256(pub))) == "8049717CC948789F32F267ADC2582484E3DFA698")
        #expect(try Secp256k1.publicKey(privateKey: priv) == pub)
    }

    /// Genesis: snoPBrXtMeMyMHUVTgbuqAfg1SUTb base58-decodes (0x21 prefix, checksum checked) to
    /// this entropy, which is also rippled's passphrase rule: SHA512Half("masterpassphrase")[0..<16].
    @Test func genesisAccount() throws {
        let entropy = Self.hex("DEDCE9CE67B451D852FD4E846FCDE31C")
        #expect(Array(Hashing.sha512Half(Array("masterpassphrase".utf8)).prefix(16)) == entropy)
        let (_, pub) = try Secp256k1.deriveKeyPair(entropy: entropy)
        #expect(Hex.encode(Hashing.accountID(publicKey: pub)) == "B5F762798A53D543A014CAF8B297CFF8F2F937E8")
    }

    /// xrpl.js packages/xrpl/test/wallet/index.test.ts: secp256k1 "fromSeed" (sh1HiK7SwjS1VxFdXi7qeMHRedrYX),
    /// "fromEntropy" (16 zero bytes) and the regular key pair (sh8i92YRnEjJy3fpFkL8txQSCVo79).
    /// Entropy is the seeds' base58 payload; private keys drop xrpl.js's "00" display prefix.
    @Test(arguments: [
        ("9BEBB95A039222ADA8D06E7C631DEC7F", "B6FE8507D977E46E988A8A94DB3B8B35E404B60F8B11AC5213FA8B5ABC8A8D19",
         "03BFC2F7AE242C3493187FA0B72BE97B2DF71194FB772E507FF9DEA0AD13CA1625"),
        ("00000000000000000000000000000000", "2512BBDFDBB77510883B7DCCBEF270B86DEAC8B64AC762873D75A1BEE6298665",
         "0390A196799EE412284A5D80BF78C3E84CBB80E1437A0AECD9ADF94D7FEAAFA284"),
        ("966C0F68643EFBA50D58D191D4CA8AA7", "4265A28F3E18340A490421D47B2EB8DBC2C0BF2C24CEFEA971B61CED2CABD233",
         "03AEEFE1E8ED4BBC009DE996AC03A8C6B5713B1554794056C66E5B8D1753C7DD0E"),
    ])
    func publishedDerivations(entropy: String, privateKey: String, publicKey: String) throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex(entropy))
        #expect(Hex.encode(priv) == privateKey)
        #expect(Hex.encode(pub) == publicKey)
    }

    // MARK: Signing against published signatures

    /// ripple-keypairs test/fixtures/api.json: secp256k1 "signature" of "test message"
    /// (ripple-keypairs signs SHA512Half of the message).
    @Test func rippleKeypairsFixture() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let digest = Hashing.sha512Half(Array("test message".utf8))
        let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
        #expect(Hex.encode(sig) == "30440220583A91C95E54E6A651C47BEC22744E0B101E2C4060E7B08F6341657DAD9BC3EE02207D1489C7395DB0188D3A56A977ECBA54B36FA9371B40319655B1B4429E33EF2D")
        #expect(Secp256k1.verify(digest: digest, signature: sig, publicKey: pub))
    }

    /// xrpl.js wallet/index.test.ts "sign succeeds when given a transaction with no flags" (V3, seed
    /// ss1x3KLrSvfg7irFc1D929WXZ7z9H) and "sign with lowercase hex data in memo" (seed
    /// shd2nxpFD6iBRKWsRss2P4tKMWyy9). Signing blob = 53545800 ‖ tx_blob without its TxnSignature.
    @Test(arguments: [
        ("54F56A4E3F7FEAA1296CF9362ED1ACEC",
         "02A8A44DB3D4C73EEEE11DFE54D2029103B776AA8A8D293A91D645977C9DF5F544",
         "535458001200002400000001614000000001312D0068400000000000000C732102A8A44DB3D4C73EEEE11DFE54D2029103B776AA8A8D293A91D645977C9DF5F5448114EE3046A5DDF8422C40DDB93F1D522BB4FE6419158314FDB08D07AAA0EB711793A3027304D688E10C3648",
         "304402201C0A74EE8ECF5ED83734D7171FB65C01D90D67040DEDCC66414BD546CE302B5802205356843841BFFF60D15F5F5F9FB0AB9D66591778140AB2D137FF576D9DEC44BC"),
        ("8AF0F7BBD68A3740EE374C27411B6A38",
         "0305E09ED602D40AB1AF65646A4007C2DAC17CB6CDACDE301E74FB2D728EA057CF",
         "53545800120000228000000023000022B8240000000C2E0000270F201B00D5A36761400000000098968068400000000000000C73210305E09ED602D40AB1AF65646A4007C2DAC17CB6CDACDE301E74FB2D728EA057CF81146C1856D0E36019EA75C56D7E8CBA6E35F9B3F71583147FB49CD110A1C46838788CD12764E3B0F837E0DDF9EA7C1F687474703A2F2F6578616D706C652E636F6D2F6D656D6F2F67656E657269637D0472656E74E1F1",
         "30450221009C00E8439E017CA622A5A1EE7643E26B4DE9C808DE2ABE45D33479D49A4CEC66022062175BE8733442FA2A4D9A35F85A57D58252AE7B19A66401FE238B36FA28E5A0"),
    ])
    func xrplJSWalletBlobs(entropy: String, publicKey: String, signingBlob: String, signature: String) throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex(entropy))
        #expect(Hex.encode(pub) == publicKey)
        let digest = Hashing.sha512Half(Self.hex(signingBlob))
        let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
        #expect(Hex.encode(sig) == signature)
        #expect(Secp256k1.verify(digest: digest, signature: sig, publicKey: pub))
    }

    // MARK: Round trips and canonicality

    @Test func roundTripAndTampering() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let digest = Hashing.sha512Half(Array("round trip".utf8))
        let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
        #expect(Secp256k1.verify(digest: digest, signature: sig, publicKey: pub))
        #expect(try Secp256k1.sign(digest: digest, privateKey: priv) == sig)

        for bit in [0, 37, sig.count * 8 - 1] {
            var flipped = sig
            flipped[bit / 8] ^= 1 << (bit % 8)
            #expect(!Secp256k1.verify(digest: digest, signature: flipped, publicKey: pub))
        }
        var otherDigest = digest
        otherDigest[31] ^= 1
        #expect(!Secp256k1.verify(digest: otherDigest, signature: sig, publicKey: pub))
        let (_, otherPub) = try Secp256k1.deriveKeyPair(entropy: [UInt8](repeating: 0, count: 16))
        #expect(!Secp256k1.verify(digest: digest, signature: sig, publicKey: otherPub))
    }

    /// (r, n − s) verifies mathematically but rippled rejects it as not fully canonical.
    @Test func highSRejected() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let digest = Hashing.sha512Half(Array("test message".utf8))
        let (r, s) = try #require(Self.parseDER(try Secp256k1.sign(digest: digest, privateKey: priv)))
        let highS = Self.subtract(Self.order, s)
        #expect(Self.isHighS(highS))
        #expect(!Secp256k1.verify(digest: digest, signature: Self.encodeDER(r: r, s: highS), publicKey: pub))
    }

    /// The same (r, s) in BER that rippled's strict DER check refuses.
    @Test func nonStrictDERRejected() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let digest = Hashing.sha512Half(Array("test message".utf8))
        let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
        let (r, s) = try #require(Self.parseDER(sig))
        #expect(Secp256k1.verify(digest: digest, signature: Self.encodeDER(r: r, s: s), publicKey: pub))

        let paddedR = [0x02, UInt8(r.count + 2), 0x00, 0x00] + r      // superfluous leading zeros
        let body = paddedR + [0x02, UInt8(s.count)] + s
        #expect(!Secp256k1.verify(digest: digest, signature: [0x30, UInt8(body.count)] + body, publicKey: pub))
        let longForm = [0x30, 0x81, sig[1]] + sig[2...]                  // long-form length
        #expect(!Secp256k1.verify(digest: digest, signature: Array(longForm), publicKey: pub))
        #expect(!Secp256k1.verify(digest: digest, signature: sig + [0x00], publicKey: pub))   // trailing byte
        #expect(!Secp256k1.verify(digest: digest, signature: [], publicKey: pub))
    }

    @Test func thousandRandomDigestsAreLowSAndVerify() throws {
        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("DEDCE9CE67B451D852FD4E846FCDE31C"))
        var rng = SystemRandomNumberGenerator()
        var failures = 0
        for _ in 0..<1000 {
            let digest = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
            guard let (_, s) = Self.parseDER(sig), !Self.isHighS(s),
                  Secp256k1.verify(digest: digest, signature: sig, publicKey: pub) else {
                failures += 1
                continue
            }
        }
        #expect(failures == 0)
    }

    /// The shared group and HMAC template are used from many threads at once.
    @Test func concurrentSigningMatchesSerial() async throws {
        let (priv, _) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let digests = (0..<64).map { Hashing.sha512Half(Array("parallel \($0)".utf8)) }
        let serial = try digests.map { try Secp256k1.sign(digest: $0, privateKey: priv) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for (i, d) in digests.enumerated() {
                group.addTask { (i, try Secp256k1.sign(digest: d, privateKey: priv)) }
            }
            var out = [[UInt8]](repeating: [], count: digests.count)
            for try await (i, sig) in group { out[i] = sig }
            return out
        }
        #expect(parallel == serial)
    }

    // MARK: Bad input

    @Test func badKeysAndLengthsAreRejected() throws {
        let digest = [UInt8](repeating: 7, count: 32)
        #expect(throws: XRPLError.self) { try Secp256k1.deriveKeyPair(entropy: [1, 2, 3]) }
        #expect(throws: XRPLError.self) { try Secp256k1.publicKey(privateKey: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: XRPLError.self) { try Secp256k1.publicKey(privateKey: Self.order) }
        #expect(throws: XRPLError.self) { try Secp256k1.sign(digest: digest, privateKey: Self.order) }
        #expect(throws: XRPLError.self) { try Secp256k1.sign(digest: [1], privateKey: Self.halfOrder) }
        #expect(throws: XRPLError.self) { try Secp256k1.sign(digest: digest, privateKey: [1]) }

        let (priv, pub) = try Secp256k1.deriveKeyPair(entropy: Self.hex("0102030405060708090a0b0c0d0e0f10"))
        let sig = try Secp256k1.sign(digest: digest, privateKey: priv)
        var notOnCurve = pub
        notOnCurve[32] ^= 1
        var wrongPrefix = pub
        wrongPrefix[0] = 0x04
        for key in [notOnCurve, wrongPrefix, Array(pub.prefix(32)), [UInt8]()] {
            #expect(!Secp256k1.verify(digest: digest, signature: sig, publicKey: key))
        }
        #expect(!Secp256k1.verify(digest: Array(digest.prefix(31)), signature: sig, publicKey: pub))
    }

    /// Error text names the shape of the problem, never the key.
    @Test func errorsCarryNoKeyMaterial() {
        do {
            _ = try Secp256k1.sign(digest: [UInt8](repeating: 1, count: 32), privateKey: Self.order)
            Issue.record("an out-of-range key must not sign")
        } catch {
            #expect(!"\(error)".contains(Hex.encode(Self.order)))
        }
    }

    // MARK: RIPEMD160

    @Test(arguments: [("", "9C1185A5C5E9FC54612808977EE8F548B2258D31"), ("abc", "8EB208F7E05D987A9B044A8E98C6B087F15A0BFC")])
    func ripemd160(input: String, expected: String) {
        #expect(Hex.encode(RIPEMD160.hash(Array(input.utf8))) == expected)
    }

    // MARK: Helpers

    static func hex(_ text: String) -> [UInt8] {
        // Literal vectors are valid hex by construction.
        try! Hex.decode(text)
    }

    /// (r, s) as 32-byte big-endian values, from a DER signature this module produced.
    static func parseDER(_ der: [UInt8]) -> (r: [UInt8], s: [UInt8])? {
        guard der.count >= 8, der[0] == 0x30, Int(der[1]) == der.count - 2, der[2] == 0x02 else { return nil }
        let rLen = Int(der[3])
        guard 4 + rLen + 2 <= der.count, der[4 + rLen] == 0x02 else { return nil }
        let sLen = Int(der[5 + rLen])
        guard 6 + rLen + sLen == der.count else { return nil }
        return (pad32(Array(der[4..<4 + rLen])), pad32(Array(der[(6 + rLen)...])))
    }

    static func encodeDER(r: [UInt8], s: [UInt8]) -> [UInt8] {
        func integer(_ v: [UInt8]) -> [UInt8] {
            var bytes = Array(v.drop { $0 == 0 })
            if bytes.isEmpty || bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
            return [0x02, UInt8(bytes.count)] + bytes
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }

    static func pad32(_ v: [UInt8]) -> [UInt8] {
        let trimmed = Array(v.drop { $0 == 0 })
        return [UInt8](repeating: 0, count: 32 - trimmed.count) + trimmed
    }

    static func isHighS(_ s: [UInt8]) -> Bool { halfOrder.lexicographicallyPrecedes(s) }

    /// a − b for 32-byte big-endian a ≥ b: only to build the high-S twin of a fixture.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for i in stride(from: 31, through: 0, by: -1) {
            var d = Int(a[i]) - Int(b[i]) - borrow
            borrow = d < 0 ? 1 : 0
            if d < 0 { d += 256 }
            out[i] = UInt8(d)
        }
        return out
    }
}
