import Testing
@testable import XRPL

/// XRPL-PROTOCOL section 8, V1–V3: published key, address and hash vectors.
@Suite struct KeyVectorTests {
    let entropy = Fixtures.bytes("0102030405060708090a0b0c0d0e0f10")

    @Test func v1Ed25519() throws {
        let seed = try Seed(encoded: "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2r")
        #expect(seed.algorithm == .ed25519)
        #expect(seed.entropy == entropy)
        #expect(try AddressCodec.encodeSeed(entropy, algorithm: .ed25519) == "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2r")
        let keys = try KeyPair(seed: seed)
        #expect(keys.privateKeyHex() == "EDB4C4E046826BD26190D09715FC31F4E6A728204EADD112905B08B14B7F15C4F3")
        #expect(keys.publicKeyHex == "ED01FA53FA5A7E77798F882ECE20B1ABC00BB358A9E55A202D0D0676BD0CE37A63")
        #expect(Hex.encode(keys.accountID) == "D28B177E48D9A8D057E70F7E464B498367281B98")
        #expect(keys.address == "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD")
        let sig = try keys.sign(Array("test message".utf8))
        #expect(Hex.encode(sig) == "CB199E1BFD4E3DAA105E4832EEDFA36413E1F44205E4EFB9E27E826044C21E3E2E848BBC8195E8959BADF887599B7310AD1B7047EF11B682E0D068F73749750E")
        #expect(KeyPair.verify(signature: sig, message: Array("test message".utf8), publicKey: keys.publicKey))
    }

    @Test func v2Secp256k1() throws {
        let seed = try Seed(encoded: "sp5fghtJtpUorTwvof1NpDXAzNwf5")
        #expect(seed.algorithm == .secp256k1)
        #expect(seed.entropy == entropy)
        let keys = try KeyPair(seed: seed)
        #expect(keys.publicKeyHex == "030D58EB48B4420B1F7B9DF55087E0E29FEF0E8468F9A6825B01CA2C361042D435")
        #expect(keys.address == "rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw1")
        #expect(Hex.encode(keys.accountID) == "8049717CC948789F32F267ADC2582484E3DFA698")
    }

    /// A family seed ("s…") used as Ed25519 (xrpl.js wallet test).
    @Test func v2ForcedEd25519() throws {
        let keys = try KeyPair(seed: try Seed(encoded: "sh1HiK7SwjS1VxFdXi7qeMHRedrYX", algorithm: .ed25519))
        #expect(keys.publicKeyHex == "ED8079E575450E256C496578480020A33E19B579D58A2DB8FF13FC6B05B9229DE3")
        #expect(keys.privateKeyHex() == "EDD2AF6288A903DED9860FC62E778600A985BDF804E40BD8266505553E3222C3DA")
        #expect(keys.address == "rHnnXF4oYodLonx7P7MV4WaqPUvBWzskEw")
    }

    @Test func genesisAccount() throws {
        let keys = try KeyPair(seed: try Seed(encoded: "snoPBrXtMeMyMHUVTgbuqAfg1SUTb"))
        #expect(keys.address == "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh")
    }

    @Test(arguments: [
        ("1200002400000001614000000001312D0068400000000000000C732102A8A44DB3D4C73EEEE11DFE54D2029103B776AA8A8D293A91D645977C9DF5F5447446304402201C0A74EE8ECF5ED83734D7171FB65C01D90D67040DEDCC66414BD546CE302B5802205356843841BFFF60D15F5F5F9FB0AB9D66591778140AB2D137FF576D9DEC44BC8114EE3046A5DDF8422C40DDB93F1D522BB4FE6419158314FDB08D07AAA0EB711793A3027304D688E10C3648",
            "E22186AE9FE477821BF361358174C2B0AC2D3289AA6F7E8C1102B3D270C41204"),
        ("120000228000000023000022B8240000000C2E0000270F201B00D5A36761400000000098968068400000000000000C73210305E09ED602D40AB1AF65646A4007C2DAC17CB6CDACDE301E74FB2D728EA057CF744730450221009C00E8439E017CA622A5A1EE7643E26B4DE9C808DE2ABE45D33479D49A4CEC66022062175BE8733442FA2A4D9A35F85A57D58252AE7B19A66401FE238B36FA28E5A081146C1856D0E36019EA75C56D7E8CBA6E35F9B3F71583147FB49CD110A1C46838788CD12764E3B0F837E0DDF9EA7C1F687474703A2F2F6578616D706C652E636F6D2F6D656D6F2F67656E657269637D0472656E74E1F1",
            "41B9CB78D8E18A796CDD4B0BC6FB0EA19F64C4F25FDE23049197852CAB71D10D"),
    ])
    func v3BlobHash(blob: String, hash: String) throws {
        let bytes = Fixtures.bytes(blob)
        #expect(TransactionHash.compute(blob: bytes) == hash)
        // Decoding and re-encoding reproduces the blob, and the published signature verifies.
        #expect(Hex.encode(try BinaryCodec.encode(try BinaryCodec.decode(bytes))) == blob)
        #expect(try TransactionSigner.verify(blob: bytes))
    }

    @Test func v4EscrowFixtures() throws {
        let create: JSONValue = [
            "TransactionType": "EscrowCreate", "Account": "r4jQDHCUvgcBAa5EzcB1D8BHGcjYP9eBC2", "Amount": "100",
            "CancelAfter": 630_000_001, "FinishAfter": 630_000_000,
            "Condition": "A0258020E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855810100",
            "Destination": "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "DestinationTag": 23480,
        ]
        #expect(Hex.encode(try BinaryCodec.encode(create)) == "1200012E00005BB82024258D09812025258D0980614000000000000064701127A0258020E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B8558101008114EE5F7CF61504C7CF7E0C22562EB19CC7ACB0FCBA8314B5F762798A53D543A014CAF8B297CFF8F2F937E8")
        let finish = "1200022280000000240000000320190000000268400000000000000A7321028DB04DA8B702272B2A29FAF3DBCF40D01386208E6A9541DB497BE962FEF96A9C74473045022100E3C860D54E88AFA8584FBED99AA38BCB512AB1D69D87F3F71EF38ACB6EA4B7A202204CC1BB34DAA221416DB8946B583D4F33C7E22C130F9FA49353FB6ADB2DF6C69D8114E151CA3207BAB5B91D2F0E4D35ECDFD4551C69A18214E151CA3207BAB5B91D2F0E4D35ECDFD4551C69A1"
        #expect(TransactionHash.compute(blob: Fixtures.bytes(finish)) == "1A76D4BA47A53A66B539D4BD4C30826A5E51C78D0B7344758EACAC77A6753C3C")
        let tx = try Transaction(blob: Fixtures.bytes(finish))
        #expect(tx.body == .escrowFinish(owner: tx.account, offerSequence: 2))
        #expect(tx.sequence == 3 && tx.fee == 10 && tx.flags == 0x8000_0000)
    }

    @Test func base58RoundTripAndErrors() throws {
        for bytes: [UInt8] in [[0], [0, 0, 1], Array(0..<32), [255, 254, 0, 1]] {
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
        #expect(throws: XRPLError.self) { try Base58.decode("") }
        #expect(throws: XRPLError.self) { try Base58.decode("0OIl") }
        #expect(throws: XRPLError.self) { try AddressCodec.decodeClassicAddress("rLUEXYuLiQptky37CqLcm9USQpPiz5rkpE") }
        #expect(throws: XRPLError.self) { try AddressCodec.decodeClassicAddress("r0OIl") }
        #expect(throws: XRPLError.self) { try Seed(encoded: "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2s") }
        #expect(throws: XRPLError.self) { try Seed(encoded: "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD") }
    }

    /// A bad seed is reported by its shape; the text of the seed never appears in the error.
    @Test func seedErrorsNeverEchoTheSeed() {
        let typo = "sEdSKaCy2JT7JaM7v95H9SxkhP9wS2s"
        do {
            _ = try Seed(encoded: typo)
            Issue.record("a seed with a bad checksum was accepted")
        } catch {
            #expect(!"\(error)".contains(typo))
            #expect(!"\(error)".contains("SKaCy2"))
        }
        let seed = Seed.random()
        #expect(!"\(seed)".contains(seed.encoded()))
    }

    @Test func xAddresses() throws {
        let x = try AddressCodec.encodeXAddress(classicAddress: "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD", tag: 12345, isTestnet: false)
        #expect(x.hasPrefix("X"))
        let decoded = try AddressCodec.decodeXAddress(x)
        #expect(decoded == .init(classicAddress: "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD", tag: 12345, isTestnet: false))
        let t = try AddressCodec.encodeXAddress(classicAddress: "rLUEXYuLiQptky37CqLcm9USQpPiz5rkpD", tag: nil, isTestnet: true)
        #expect(t.hasPrefix("T"))
        #expect(try AddressCodec.decodeXAddress(t).tag == nil)
    }
}
