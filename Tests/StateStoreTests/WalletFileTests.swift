import Foundation
import StateStore
import Testing
import XRPL

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh temporary directory per test, removed after.
struct TemporaryDirectory: ~Copyable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "seqwatch-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func mode(of path: String) -> mode_t {
    var s = stat()
    _ = stat(path, &s)
    return s.st_mode & 0o777
}

func bytes(of path: String) -> Data? { FileManager.default.contents(atPath: path) }

@Suite struct WalletFileTests {
    @Test func createsFreshKeysPrivateToTheOwnerAndReloadsThem() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("wallet.json")
        let (first, created) = try WalletFile.open(path: path, accounts: 5, algorithm: .ed25519)
        #expect(created == 6)
        #expect(first.seeds.count == 6)
        #expect(mode(of: path) == 0o600)
        // Fresh randomness: no two keys alike, and a second wallet elsewhere shares none.
        #expect(Set(first.seeds.map(\.entropy)).count == 6)
        let other = try WalletFile.open(path: dir.file("other.json"), accounts: 5, algorithm: .ed25519).wallet
        #expect(Set(first.seeds.map(\.entropy)).isDisjoint(with: other.seeds.map(\.entropy)))
        // Reopened: the same keys, nothing written.
        let before = bytes(of: path)
        let (again, added) = try WalletFile.open(path: path, accounts: 5, algorithm: .ed25519)
        #expect(added == 0)
        #expect(again.seeds == first.seeds)
        #expect(bytes(of: path) == before)
    }

    @Test func growsByAppendingAndKeepsEveryExistingKey() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("wallet.json")
        let small = try WalletFile.open(path: path, accounts: 2, algorithm: .secp256k1).wallet
        let (grown, added) = try WalletFile.open(path: path, accounts: 4, algorithm: .secp256k1)
        #expect(added == 2)
        #expect(Array(grown.seeds.prefix(3)) == small.seeds)
        #expect(mode(of: path) == 0o600)
        #expect(try WalletFile.load(path: path)?.seeds == grown.seeds)
        // Fewer accounts than the file holds: the first ones, the file unchanged.
        let before = bytes(of: path)
        let (fewer, none) = try WalletFile.open(path: path, accounts: 1, algorithm: .secp256k1)
        #expect(none == 0 && fewer.seeds.count == 5)
        #expect(bytes(of: path) == before)
    }

    @Test func refusesAFileOthersCanReadAndLeavesItAlone() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("wallet.json")
        _ = try WalletFile.open(path: path, accounts: 1, algorithm: .ed25519)
        for loose: mode_t in [0o640, 0o604, 0o644] {
            chmod(path, loose)
            let before = bytes(of: path)
            let error = #expect(throws: StateStoreError.self) { try WalletFile.open(path: path, accounts: 3, algorithm: .ed25519) }
            #expect(error?.description.contains("readable by others") == true)
            #expect(bytes(of: path) == before)
            #expect(mode(of: path) == loose)
        }
    }

    @Test func refusesDamageWithoutPrintingASeedAndWithoutWriting() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("wallet.json")
        let wallet = try WalletFile.open(path: path, accounts: 2, algorithm: .ed25519).wallet
        let good = try #require(bytes(of: path))
        let text = String(decoding: good, as: UTF8.self)
        let secret = wallet.seeds[1].encoded()
        // Truncated, not JSON, a seed that no longer gives its address, another format, a newer version.
        let cases: [(String, String)] = [
            (String(text.prefix(text.count / 2)), "corrupt"),
            ("garbage", "corrupt"),
            (text.replacingOccurrences(of: secret, with: wallet.seeds[2].encoded()), "does not give its address"),
            (text.replacingOccurrences(of: "seqwatch-wallet", with: "other"), "not a SeqWatch wallet"),
            (text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7"), "version 7"),
        ]
        for (content, expected) in cases {
            FileManager.default.createFile(atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600])
            let error = #expect(throws: StateStoreError.self) { try WalletFile.open(path: path, accounts: 5, algorithm: .ed25519) }
            #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
            for seed in wallet.seeds { #expect(error?.description.contains(seed.encoded()) == false) }
            #expect(bytes(of: path) == Data(content.utf8))
        }
    }
}

@Suite struct StateDirectoryTests {
    @Test func aSecondOwnerIsRefusedUntilTheFirstLetsGo() throws {
        let dir = TemporaryDirectory()
        let state = dir.file("state")
        var first: StateDirectory? = try StateDirectory(path: state)
        #expect(mode(of: state) == 0o700)
        let error = #expect(throws: StateStoreError.self) { try StateDirectory(path: state) }
        #expect(error?.description.contains("in use by another seqwatch (pid \(getpid()))") == true)
        first = nil
        _ = first
        #expect(throws: Never.self) { _ = try StateDirectory(path: state) }
    }

    @Test func aFileWhereTheDirectoryShouldBeIsRefused() throws {
        let dir = TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: dir.file("x"), contents: Data("x".utf8))
        #expect(throws: StateStoreError.self) { try StateDirectory(path: dir.file("x")) }
    }
}
