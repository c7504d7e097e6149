import Foundation
import TestSupport
import Testing
@testable import XRPL

/// Hostile input to the decoders: every blob, however deep, truncated or oversized, ends in a
/// value or an error, never a crash, and in time linear in its size. Time is measured and
/// printed (the figures are in README's benchmarks); the only time assertion is a generous
/// ceiling, so the test holds on a busy two-core machine.
@Suite(.offThePool) struct DecodingFuzzTests {
    typealias Rng = PropertyTests.Rng

    /// Decodes, and reports whether it threw; a crash would end the test process.
    @discardableResult
    static func survives(_ bytes: [UInt8]) -> Bool {
        (try? BinaryCodec.decode(bytes)) != nil
    }

    static func hex(_ s: String) -> [UInt8] { try! Hex.decode(s) }

    // MARK: nesting

    /// The blob from the issue: 20,000 nested Memo headers overflowed the stack.
    @Test func twentyThousandNestedObjectsAreRefused() {
        let blob = [UInt8](repeating: 0xEA, count: 20_000)
        #expect(throws: XRPLError.self) { try BinaryCodec.decode(blob) }
        do {
            _ = try BinaryCodec.decode(hex: String(repeating: "EA", count: 20_000))
            Issue.record("a 20,000-deep blob decoded")
        } catch {
            #expect("\(error)".contains("nesting depth"), "\(error)")
        }
    }

    /// rippled's bound, exactly: objects nested 10 deep decode, 11 do not (a top-level field is
    /// at depth 1). STObject header 0xEA is Memo; 0xE1 ends an object.
    @Test func objectsNestTenDeepAndNoDeeper() throws {
        let ten = [UInt8](repeating: 0xEA, count: 10) + [UInt8](repeating: 0xE1, count: 10)
        var value = try BinaryCodec.decode(ten)
        for _ in 0..<10 { value = try #require(value["Memo"]) }
        #expect(value == .object([:]))
        let eleven = [UInt8](repeating: 0xEA, count: 11) + [UInt8](repeating: 0xE1, count: 11)
        #expect(throws: XRPLError.self) { try BinaryCodec.decode(eleven) }
    }

    /// An array's element object counts one level below the array, as in rippled's STArray.
    /// 0xF9 is Memos (STArray), 0xF1 ends an array.
    @Test func arraysCountTheirElementsAsALevel() throws {
        // Memos(1) → Memo(2) → Memos(3) → Memo(4) … → Memo(10): decodes.
        func nested(pairs: Int) -> [UInt8] {
            Array(repeating: [0xF9, 0xEA], count: pairs).flatMap { $0 } + Array(repeating: [0xE1, 0xF1], count: pairs).flatMap { $0 }
        }
        _ = try BinaryCodec.decode(nested(pairs: 5))
        #expect(throws: XRPLError.self) { try BinaryCodec.decode(nested(pairs: 6)) }
    }

    /// Encoding refuses what decoding refuses, so the codec never writes a blob rippled rejects.
    @Test func encodingBoundsNestingToo() throws {
        func memo(depth: Int) -> JSONValue {
            depth == 0 ? .object([:]) : .object(["Memo": memo(depth: depth - 1)])
        }
        var ok = memo(depth: 10).objectValue!
        ok["TransactionType"] = "AccountSet"
        _ = try BinaryCodec.encode(.object(ok))
        var deep = memo(depth: 11).objectValue!
        deep["TransactionType"] = "AccountSet"
        #expect(throws: XRPLError.self) { try BinaryCodec.encode(.object(deep)) }
    }

    // MARK: size

    @Test func blobsOverOneMegabyteAreRefusedByLength() {
        let big = [UInt8](repeating: 0x12, count: BinaryCodec.maxBlobBytes + 1)
        do {
            _ = try BinaryCodec.decode(big)
            Issue.record("an oversized blob decoded")
        } catch {
            #expect("\(error)".contains("limit"), "\(error)")
        }
        #expect(throws: XRPLError.self) { try BinaryCodec.decode(hex: String(repeating: "ZZ", count: BinaryCodec.maxBlobBytes + 100)) }
    }

    // MARK: fuzz

    /// Real blobs to mutate: the published transaction and ledger-object fixtures, and a signed
    /// payment with memos (objects inside an array).
    static let seeds: [[UInt8]] = {
        var out: [[UInt8]] = []
        if let fixtures = try? Fixtures.load("codec-fixtures.json") {
            for key in ["transactions", "accountState"] {
                for item in fixtures[key]?.arrayValue?.prefix(40) ?? [] {
                    if let b = item["binary"]?.stringValue, let bytes = try? Hex.decode(b) { out.append(bytes) }
                }
            }
        }
        let keys = try! KeyPair(seed: try! Seed(entropy: Array(repeating: 7, count: 16), algorithm: .ed25519))
        let tx: JSONValue = [
            "TransactionType": "Payment", "Account": .string(keys.address), "Destination": "rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw1",
            "Amount": "1000000", "Fee": "10", "Sequence": 1, "Flags": 0, "LastLedgerSequence": 100,
            "Memos": [["Memo": ["MemoType": "74657374", "MemoData": "0102030405"]]],
        ]
        out.append(try! TransactionSigner.sign(json: tx, with: keys).blob)
        return out
    }()

    /// The adversarial set: every prefix of every seed (truncated fields), every seed with each
    /// byte set to 0x00, 0xFF and its complement, every field header (type 1–255, nth 1–20)
    /// followed by short or absurd lengths, and random bytes.
    static func adversarialBlobs() -> [[UInt8]] {
        var blobs: [[UInt8]] = []
        for seed in seeds {
            for n in 0..<seed.count { blobs.append(Array(seed[0..<n])) }
            for i in 0..<seed.count {
                for v: UInt8 in [0x00, 0xFF, ~seed[i]] {
                    var m = seed
                    m[i] = v
                    blobs.append(m)
                }
            }
        }
        // Every type code, short and long forms, with VL prefixes claiming up to 918,744 bytes.
        let tails: [[UInt8]] = [[], [0x00], [0xC0], [0xF0, 0xFF], [0xFE, 0xFF, 0xFF], [0xFF], Array(repeating: 0xFF, count: 40), Array(repeating: 0x00, count: 40)]
        for type in 1...255 {
            for nth in [1, 2, 3, 10, 15, 16, 20, 255] {
                var header: [UInt8]
                switch (type < 16, nth < 16) {
                case (true, true): header = [UInt8(type << 4 | nth)]
                case (false, true): header = [UInt8(nth), UInt8(type)]
                case (true, false): header = [UInt8(type << 4), UInt8(nth)]
                case (false, false): header = [0, UInt8(type), UInt8(nth)]
                }
                for tail in tails { blobs.append(header + tail) }
            }
        }
        var r = Rng(state: 0x5EED_F022)
        for _ in 0..<3_000 {
            let n = Int.random(in: 0...600, using: &r)
            blobs.append((0..<n).map { _ in UInt8.random(in: 0...255, using: &r) })
        }
        // Random bytes from the bytes that start fields of each kind, so more blobs get deep.
        let headers: [UInt8] = [0x12, 0x22, 0x24, 0x61, 0x68, 0x73, 0x74, 0x81, 0x83, 0xE1, 0xEA, 0xF1, 0xF9, 0x01, 0x10, 0x20]
        for _ in 0..<3_000 {
            let n = Int.random(in: 1...400, using: &r)
            blobs.append((0..<n).map { _ in Bool.random(using: &r) ? headers.randomElement(using: &r)! : UInt8.random(in: 0...255, using: &r) })
        }
        return blobs
    }

    @Test func adversarialAndRandomBlobsNeverCrashTheDecoder() throws {
        try #require(Self.seeds.count > 1)
        let blobs = Self.adversarialBlobs()
        let totalBytes = blobs.reduce(0) { $0 + $1.count }
        let clock = ContinuousClock()
        var decoded = 0
        let elapsed = clock.measure {
            for b in blobs where Self.survives(b) { decoded += 1 }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let msPerKB = seconds * 1000 / (Double(totalBytes) / 1024)
        print("decoding fuzz: \(blobs.count) blobs, \(totalBytes / 1024) KB, \(decoded) decoded, \(String(format: "%.3f", seconds)) s, \(String(format: "%.4f", msPerKB)) ms/KB")
        // Some mutations still decode (a changed amount is a valid amount); most do not.
        #expect(decoded > 0 && decoded < blobs.count)
        // A generous ceiling, a hundred times the issue's 1 ms per KB: it catches a quadratic
        // path, not a slow machine. The measured figure is in README.
        #expect(msPerKB < 100, "\(msPerKB) ms per KB")
    }

    /// The largest legal blob, all of it one deep chain of objects refused at depth 11, and a
    /// megabyte of random bytes: each in well under a second.
    @Test func aMegabyteOfHostileBytesDecodesInLinearTime() {
        var r = Rng(state: 42)
        let random = (0..<BinaryCodec.maxBlobBytes).map { _ in UInt8.random(in: 0...255, using: &r) }
        // A megabyte-long Memo blob: 0x7D (MemoData, VL) with a length prefix of 918,744 bytes.
        let longBlob: [UInt8] = [0xEA, 0x7D, 0xFE, 0xD4, 0x17] + [UInt8](repeating: 0xAB, count: 918_744) + [0xE1]
        let clock = ContinuousClock()
        for blob in [random, longBlob, [UInt8](repeating: 0xEA, count: BinaryCodec.maxBlobBytes)] {
            let elapsed = clock.measure { Self.survives(blob) }
            #expect(elapsed < .seconds(5), "\(elapsed) for \(blob.count) bytes")
        }
        #expect(Self.survives(longBlob))
    }

    // MARK: text decoders

    @Test func hugeBase58StringsAreRefusedWithoutDecoding() {
        let huge = "r" + String(repeating: "p", count: 200_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!AddressCodec.isValidClassicAddress(huge))
            #expect(throws: XRPLError.self) { try Base58.decode(huge) }
            #expect(throws: XRPLError.self) { try AddressCodec.decodeSeed("s" + huge) }
            #expect(throws: XRPLError.self) { try AddressCodec.decodeXAddress("X" + huge) }
        }
        #expect(elapsed < .seconds(2), "\(elapsed)")
        #expect(throws: XRPLError.self) { try AddressCodec.decodeClassicAddress(String(repeating: "r", count: 24)) }
        // The boundaries of a real address still decode.
        #expect(AddressCodec.isValidClassicAddress("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh"))
        #expect(AddressCodec.isValidClassicAddress("rrrrrrrrrrrrrrrrrrrrrhoLvTp"))
    }

    @Test func deepJSONIsRefusedBeforeParsing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONValue.parse(deep)
            Issue.record("100,000-deep JSON parsed")
        } catch {
            #expect("\(error)".contains("nested deeper"), "\(error)")
        }
        let at25 = String(repeating: "[", count: 25) + String(repeating: "]", count: 25)
        #expect(throws: Never.self) { try JSONValue.parse(at25, maxDepth: 25) }
        #expect(throws: XRPLError.self) { try JSONValue.parse("[" + at25 + "]", maxDepth: 25) }
        // Brackets inside strings, escaped quotes included, are text.
        let text = #"{"a":"[[[[[[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#
        #expect(try JSONValue.parse(text, maxDepth: 2)["a"]?.stringValue?.hasPrefix("[[[") == true)
    }
}
