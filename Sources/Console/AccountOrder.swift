import Workload

/// The accounts table's rows in display order, kept from frame to frame so that a frame's cost
/// does not grow with the number of accounts: the addresses' order is ranked once (when the
/// account list changes), each snapshot's sort keys are plain integers, and the previous order
/// is re-sorted by insertion — nearly sorted already, so about one pass. Every order is total
/// (ties by address), hence stable from frame to frame, and reversing is exact.
public struct AccountOrder: RandomAccessCollection, Sendable, Equatable {
    public private(set) var rows: [AccountRow] = []
    private var order: [Int] = []
    private var reversed = false
    /// Per row (the snapshot's order): its address's rank, and its place in `order` (-1: filtered out).
    private var addressRank: [Int] = []
    private var place: [Int] = []
    private var rowOfAddress: [String: Int] = [:]
    private var identity: [String] = []
    private var arrangedFor: (sort: ConsoleState.Sort, filter: String)?

    public init() {}

    public static func == (a: AccountOrder, b: AccountOrder) -> Bool {
        a.order == b.order && a.reversed == b.reversed && a.identity == b.identity
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }
    /// The address at display position `i`.
    public subscript(i: Int) -> String { rows[order[reversed ? order.count - 1 - i : i]].address }
    public func row(at i: Int) -> AccountRow { rows[order[reversed ? order.count - 1 - i : i]] }

    /// Display position of `address`, in constant time (nil when filtered out or unknown).
    public func position(of address: String) -> Int? {
        guard let r = rowOfAddress[address], place[r] >= 0 else { return nil }
        return reversed ? order.count - 1 - place[r] : place[r]
    }

    public func contains(_ address: String) -> Bool { position(of: address) != nil }

    /// Takes a snapshot's rows in the given sort and filter.
    public mutating func update(_ accounts: [AccountRow], sort: ConsoleState.Sort, reversed: Bool, filter: String) {
        rows = accounts
        self.reversed = reversed
        // The account list (addresses, in the snapshot's order) changes only on a restart or
        // when accounts are added: rank the addresses again then.
        let ends = [accounts.first?.address ?? "", accounts.last?.address ?? "", "\(accounts.count)"]
        if ends != identity {
            identity = ends
            rowOfAddress = Dictionary(accounts.enumerated().map { ($1.address, $0) }, uniquingKeysWith: { a, _ in a })
            addressRank = Array(repeating: 0, count: accounts.count)
            for (rank, i) in accounts.indices.sorted(by: { accounts[$0].address < accounts[$1].address }).enumerated() { addressRank[i] = rank }
            arrangedFor = nil
        }
        let f = filter.lowercased()
        let keys = Self.keys(accounts, sort: sort)
        let rank = addressRank
        let less = { (a: Int, b: Int) -> Bool in keys[a] != keys[b] ? keys[a] < keys[b] : rank[a] < rank[b] }
        if f.isEmpty, arrangedFor.map({ $0.sort == sort && $0.filter.isEmpty }) == true, order.count == accounts.count {
            // Same rows, same sort: the previous order is nearly right.
            Self.insertionSort(&order, by: less)
        } else {
            order = f.isEmpty ? Array(accounts.indices) : accounts.indices.filter { Self.matches(accounts[$0], f) }
            if sort != .natural { order.sort(by: less) }
        }
        arrangedFor = (sort, f)
        if place.count != accounts.count { place = Array(repeating: -1, count: accounts.count) }
        else if order.count != accounts.count { for i in place.indices { place[i] = -1 } }
        for p in order.indices { place[order[p]] = p }
    }

    static func matches(_ a: AccountRow, _ f: String) -> Bool {
        a.address.lowercased().contains(f) || a.status.rawValue.lowercased().contains(f)
            || (a.lastResult?.lowercased().contains(f) ?? false) || a.role.rawValue.contains(f)
    }

    /// One integer per row, ascending in display order (ties go by address).
    static func keys(_ rows: [AccountRow], sort: ConsoleState.Sort) -> [Int] {
        // Index loops read the fields in place; a closure over each row would copy it (and
        // retain its strings) 10,000 times a frame.
        var k = [Int](repeating: 0, count: rows.count)
        switch sort {
        case .natural:
            for i in rows.indices { k[i] = i }
        case .address:
            break
        case .gap:
            for i in rows.indices { k[i] = -Int(Swift.min(abs(rows[i].gap ?? 0), 1 << 40)) }
        case .status:
            for i in rows.indices { k[i] = -(AccountView.trouble(rows[i]) << 41 | Int(Swift.min(abs(rows[i].gap ?? 0), 1 << 40))) }
        case .inFlight:
            for i in rows.indices { k[i] = -rows[i].inFlight }
        case .lastResult:
            // Few distinct codes: rank them, no result last.
            var tokens = Set<String>()
            for i in rows.indices { if let t = rows[i].lastResult { tokens.insert(t) } }
            let sorted = tokens.sorted()
            let rank = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
            for i in rows.indices { k[i] = rows[i].lastResult.flatMap { rank[$0] } ?? sorted.count }
        }
        return k
    }

    /// Linear on input that is already nearly in order: each element moves only past those it
    /// overtook since the last frame.
    static func insertionSort(_ a: inout [Int], by less: (Int, Int) -> Bool) {
        guard a.count > 1 else { return }
        for i in 1..<a.count {
            let x = a[i]
            var j = i
            while j > 0, less(x, a[j - 1]) {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = x
        }
    }
}
