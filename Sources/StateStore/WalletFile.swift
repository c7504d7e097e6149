import Foundation
import XRPL

#if canImport(Glibc)
    import Glibc
#endif

/// The workload's keys on disk: the issuer's and every workload account's seed, fresh from the
/// system's CSPRNG. The only place SeqWatch ever writes a seed.
///
/// - Created with `O_CREAT | O_EXCL` and mode 0600, so it is never readable by others, not even
///   for the instant between creating and chmod-ing.
/// - A file that others can read (any group or other bit) is refused and left as it is: its
///   seeds may already be known, and SeqWatch will not spend from, or overwrite, such a wallet.
/// - Each seed is checked against the address stored beside it when loaded, so a damaged file is
///   refused rather than silently driving other accounts.
/// - Growing the wallet (more `--accounts` than it holds) writes a new file beside it (0600,
///   `O_EXCL`) and renames it over the old one: a crash leaves the old file or the new, never half.
///
/// The funder's seed is never stored here (it comes from `--funder-seed-file` or the environment).
public struct WalletFile: Sendable {
    public let path: String
    /// The issuer first, then the workload accounts in order.
    public private(set) var seeds: [Seed]

    static let format = "seqwatch-wallet"
    static let version = 1
    /// A wallet of 5,000 accounts is about 500 KB; anything far larger is not ours.
    static let maxBytes = 16 << 20

    /// Loads the wallet at `path`, creating it with `accounts + 1` fresh keys if it is absent and
    /// adding keys if it holds fewer than needed. `created` says whether any key was new.
    public static func open(path: String, accounts: Int, algorithm: KeyAlgorithm) throws -> (wallet: WalletFile, created: Int) {
        let needed = accounts + 1
        guard var wallet = try load(path: path) else {
            let seeds = (0..<needed).map { _ in Seed.random(algorithm: algorithm) }
            try write(seeds, to: path, exclusive: true)
            return (WalletFile(path: path, seeds: seeds), needed)
        }
        let missing = needed - wallet.seeds.count
        guard missing > 0 else { return (wallet, 0) }
        let grown = wallet.seeds + (0..<missing).map { _ in Seed.random(algorithm: algorithm) }
        let temporary = path + ".new"
        unlink(temporary)  // a leftover of a crash in the middle of growing: never the live file
        try write(grown, to: temporary, exclusive: true)
        guard rename(temporary, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw StateStoreError("cannot replace the wallet file \(path): \(why)")
        }
        wallet.seeds = grown
        return (wallet, missing)
    }

    /// The wallet at `path`, or nil if there is none. Refuses a file others can read, a file that
    /// is not a SeqWatch wallet, a newer format, and a seed that does not give its address.
    public static func load(path: String) throws -> WalletFile? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw StateStoreError("cannot read the wallet file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw StateStoreError("the wallet file \(path) is not a regular file") }
        let loose = info.st_mode & 0o077
        guard loose == 0 else {
            throw StateStoreError(
                "the wallet file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))): its keys may be known; refusing to use it (chmod 600 it if you are sure)")
        }
        guard info.st_size <= maxBytes, let data = FileManager.default.contents(atPath: path) else {
            throw StateStoreError("the wallet file \(path) is too large or unreadable")
        }
        let object: [String: JSONValue]
        do {
            guard case .object(let o) = try JSONValue.parse(data) else { throw StateStoreError("not a JSON object") }
            object = o
        } catch {
            throw StateStoreError("the wallet file \(path) is corrupt (not JSON); it was left untouched")
        }
        guard object["format"]?.stringValue == format else {
            throw StateStoreError("the file \(path) is not a SeqWatch wallet; it was left untouched")
        }
        guard let v = object["version"]?.intValue, v >= 1 else { throw StateStoreError("the wallet file \(path) has no version; it was left untouched") }
        guard v <= version else {
            throw StateStoreError("the wallet file \(path) is version \(v), newer than this seqwatch reads (\(version)); upgrade seqwatch")
        }
        guard case .array(let entries)? = object["accounts"], !entries.isEmpty else {
            throw StateStoreError("the wallet file \(path) is corrupt (no accounts); it was left untouched")
        }
        var seeds: [Seed] = []
        for (i, entry) in entries.enumerated() {
            guard let text = entry["seed"]?.stringValue, let address = entry["address"]?.stringValue,
                let seed = try? Seed(encoded: text), let wallet = try? Wallet(seed: seed), wallet.address == address
            else {
                // Neither the seed nor the address is printed: either may be the secret's damage.
                throw StateStoreError("the wallet file \(path) is corrupt (entry \(i) does not give its address); it was left untouched")
            }
            seeds.append(seed)
        }
        return WalletFile(path: path, seeds: seeds)
    }

    private static func write(_ seeds: [Seed], to path: String, exclusive: Bool) throws {
        var entries: [JSONValue] = []
        for (i, seed) in seeds.enumerated() {
            let wallet = try Wallet(seed: seed)
            entries.append(.object([
                "role": .string(i == 0 ? "issuer" : "workload"), "address": .string(wallet.address),
                "algorithm": .string(seed.algorithm.rawValue), "seed": .string(seed.encoded()),
            ]))
        }
        let document: JSONValue = .object([
            "format": .string(format), "version": .int(Int64(version)),
            "warning": "These seeds control funded accounts. Keep this file private (mode 0600).",
            "accounts": .array(entries),
        ])
        let bytes = Array(document.serialized(pretty: true).utf8) + [0x0A]
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0o600)
        guard fd >= 0 else {
            throw StateStoreError("cannot create the wallet file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw StateStoreError("cannot write the wallet file \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(fd) == 0 else { throw StateStoreError("cannot write the wallet file \(path): \(String(cString: strerror(errno)))") }
    }
}
