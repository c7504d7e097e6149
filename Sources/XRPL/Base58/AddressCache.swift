import Synchronization

/// Remembers classic address ⇄ account ID conversions. Base58 with its double-SHA-256 checksum
/// costs microseconds, and a workload names the same few thousand accounts millions of times
/// (every decode, encode and signature check of every transaction); the server and the engine
/// both spend most of their non-crypto time here without it. Only valid pairs are stored, so a
/// hit is as good as a fresh conversion. Bounded: cleared when full.
final class AddressCache: Sendable {
    static let shared = AddressCache()
    private static let capacity = 200_000

    private struct Tables {
        var byAddress: [String: [UInt8]] = [:]
        var byID: [[UInt8]: String] = [:]
    }

    private let tables = Mutex(Tables())

    func accountID(for address: String) -> [UInt8]? { tables.withLock { $0.byAddress[address] } }
    func address(for accountID: [UInt8]) -> String? { tables.withLock { $0.byID[accountID] } }

    func remember(address: String, accountID: [UInt8]) {
        tables.withLock { t in
            if t.byAddress.count >= Self.capacity {
                t.byAddress.removeAll(keepingCapacity: true)
                t.byID.removeAll(keepingCapacity: true)
            }
            t.byAddress[address] = accountID
            t.byID[accountID] = address
        }
    }
}
