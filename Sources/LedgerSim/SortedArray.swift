/// Binary search on an array kept sorted by a key. The owner index's slices (objects by ledger
/// index) and each book's list of qualities keep themselves sorted this way; one
/// implementation serves both instead of a copy per element type.
extension Array {
    /// The position of the first element whose key is not below `key`.
    func lowerBound<Key: Comparable>(_ key: Key, by keyOf: (Element) -> Key) -> Int {
        var (lo, hi) = (0, count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if keyOf(self[mid]) < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Inserts `element` in key order, or replaces the element with the same key.
    mutating func upsertSorted<Key: Comparable>(_ element: Element, by keyOf: (Element) -> Key) {
        let key = keyOf(element)
        let i = lowerBound(key, by: keyOf)
        if i < count, keyOf(self[i]) == key { self[i] = element } else { insert(element, at: i) }
    }

    /// Removes the element with `key`, if there is one.
    mutating func removeSorted<Key: Comparable>(_ key: Key, by keyOf: (Element) -> Key) {
        let i = lowerBound(key, by: keyOf)
        if i < count, keyOf(self[i]) == key { remove(at: i) }
    }
}
