import XRPL

/// The simulator keys accounts by their text; the engine by `AccountAddress`. Tests that
/// compare the two look the engine's addresses up in the simulator's maps with these.
extension Dictionary where Key == String {
    subscript(_ a: AccountAddress) -> Value? { self[a.text] }
}

extension AccountAddress {
    func prefix(_ n: Int) -> Substring { text.prefix(n) }
}

import HashTreeCollections

extension TreeDictionary where Key == String {
    subscript(_ a: AccountAddress) -> Value? { self[a.text] }
}
