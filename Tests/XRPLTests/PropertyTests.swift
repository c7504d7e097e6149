import TestSupport
import Testing
@testable import XRPL

/// Random transactions of the seven workload types survive encode → decode → encode unchanged.
@Suite(.offThePool) struct PropertyTests {
    /// SplitMix64: deterministic, so a failure replays with the printed seed.
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let addresses: [String] = (0..<8).map { i in
        try! KeyPair(seed: try! Seed(entropy: Array(repeating: UInt8(i + 1), count: 16), algorithm: .ed25519)).address
    }

    static func issued(_ r: inout Rng) -> Amount {
        let mantissa = UInt64.random(in: 1...9_999_999_999_999_999, using: &r)
        let exponent = Int.random(in: -30...20, using: &r)
        let negative = Bool.random(using: &r) && Bool.random(using: &r)
        let currency = ["USD", "EUR", "BTC", "0158415500000000C1F76FF6ECB0BAC600000000"].randomElement(using: &r)!
        let text = (negative ? "-" : "") + "\(mantissa)e\(exponent)"
        return try! Amount.issued(text, currency: currency, issuer: addresses.randomElement(using: &r)!)
    }

    static func amount(_ r: inout Rng) -> Amount {
        Bool.random(using: &r) ? .drops(UInt64.random(in: 0...Amount.maxDrops, using: &r)) : issued(&r)
    }

    static func maybe<T>(_ r: inout Rng, _ make: (inout Rng) -> T) -> T? {
        Bool.random(using: &r) ? make(&r) : nil
    }

    static func u32(_ r: inout Rng) -> UInt32 { UInt32.random(in: 0...UInt32.max, using: &r) }

    static func transaction(_ r: inout Rng) -> Transaction {
        let dest = addresses.randomElement(using: &r)!
        let body: TransactionBody
        switch Int.random(in: 0..<7, using: &r) {
        case 0: body = .payment(destination: dest, amount: amount(&r), destinationTag: maybe(&r, u32), sendMax: maybe(&r, amount))
        case 1:
            body = .accountSet(setFlag: maybe(&r) { AccountSetFlag.allCases.randomElement(using: &$0)! },
                clearFlag: maybe(&r) { AccountSetFlag.allCases.randomElement(using: &$0)! },
                domain: maybe(&r) { rr in (0..<Int.random(in: 1...40, using: &rr)).map { _ in UInt8.random(in: 0...255, using: &rr) } },
                transferRate: maybe(&r, u32))
        case 2: body = .trustSet(limit: issued(&r), qualityIn: maybe(&r, u32), qualityOut: maybe(&r, u32))
        case 3: body = .offerCreate(takerPays: amount(&r), takerGets: amount(&r), expiration: maybe(&r, u32), offerSequence: maybe(&r, u32))
        case 4: body = .offerCancel(offerSequence: u32(&r))
        case 5:
            body = .escrowCreate(destination: dest, amount: .drops(UInt64.random(in: 1...1_000_000_000, using: &r)),
                finishAfter: maybe(&r, u32), cancelAfter: maybe(&r, u32), condition: nil, destinationTag: maybe(&r, u32))
        default: body = .escrowFinish(owner: dest, offerSequence: u32(&r))
        }
        let memos = (0..<Int.random(in: 0...2, using: &r)).map { i in Memo(text: "memo \(i) \(u32(&r))", type: Bool.random(using: &r) ? "text/plain" : nil) }
        return Transaction(
            account: addresses.randomElement(using: &r)!, body: body, fee: UInt64.random(in: 10...2_000_000, using: &r),
            sequence: u32(&r), flags: maybe(&r, u32), sourceTag: maybe(&r, u32), lastLedgerSequence: maybe(&r, u32),
            memos: memos, networkID: maybe(&r, u32))
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func encodeDecodeEncode(seed: UInt64) throws {
        var r = Rng(state: seed)
        for _ in 0..<250 {
            let tx = Self.transaction(&r)
            let bytes = try BinaryCodec.encode(tx.json)
            let decoded = try BinaryCodec.decode(bytes)
            #expect(try BinaryCodec.encode(decoded) == bytes, "seed \(seed): \(tx.transactionType)")
            #expect(try Transaction(json: decoded) == tx, "seed \(seed): \(tx.transactionType)")
            // The typed fast path writes exactly what the JSON reference path writes.
            #expect(try TransactionSigner.serialize(tx) == bytes, "seed \(seed): \(tx.transactionType)")
        }
    }

    @Test(arguments: [KeyAlgorithm.ed25519, .secp256k1])
    func signedRandomTransactionsVerify(algorithm: KeyAlgorithm) throws {
        var r = Rng(state: 99)
        let keys = try KeyPair(seed: try Seed(entropy: Array(repeating: 7, count: 16), algorithm: algorithm))
        for _ in 0..<50 {
            var tx = Self.transaction(&r)
            tx.account = keys.address
            let signed = try TransactionSigner.sign(tx, with: keys)
            #expect(try TransactionSigner.verify(blob: signed.blob))
            let back = try Transaction(blob: signed.blob)
            #expect(back.body == tx.body && back.sequence == tx.sequence)
        }
    }

    @Test func issuedValuesNormalise() throws {
        for (text, hex) in [("1", "D4838D7EA4C68000"), ("1000", "D5438D7EA4C68000"), ("1.5", "D485543DF729C000"),
            ("12.5", "D4C470DE4DF82000"), ("-2.5", "9488E1BC9BF04000"), ("0", "8000000000000000")]
        {
            let v = try IssuedValue(parsing: text)
            var w = BinaryWriter()
            w.writeUInt(v.word)
            #expect(Hex.encode(w.bytes) == hex)
            #expect(v.description == text)
        }
        #expect(try IssuedValue(parsing: "0.000001").description == "0.000001")
        #expect(try IssuedValue(parsing: "1e-200").isZero)
        #expect(try IssuedValue(parsing: "9999999999999999e80").description.count == 96)
        #expect(throws: XRPLError.self) { try IssuedValue(parsing: "1e97") }
        #expect(throws: XRPLError.self) { try IssuedValue(parsing: "12345678901234567") }
        #expect(throws: XRPLError.self) { try IssuedValue(parsing: "1.2.3") }
    }
}
