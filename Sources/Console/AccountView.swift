import Workload

/// The accounts table's rows after filter and sort: pure, shared by the reducer (to move the
/// selection) and the screen (to draw), so both always agree on the order.
public enum AccountView {
    public static func rows(_ accounts: [AccountRow], sort: ConsoleState.Sort, reversed: Bool = false, filter: String) -> [AccountRow] {
        var order = AccountOrder()
        order.update(accounts, sort: sort, reversed: reversed, filter: filter)
        return order.indices.map(order.row(at:))
    }

    /// How much an account needs the operator: STUCK first, then a ledger that disagrees with
    /// us (FOREIGN, DIVERGED, an unexplained gap, RESET), then repairs under way, then OK.
    public static func trouble(_ a: AccountRow) -> Int {
        switch a.status {
        case .stuck: return 9
        case .foreign: return 8
        case .diverged: return 7
        case .reset: return 6
        default: break
        }
        if a.unexplainedGap { return 7 }
        switch a.status {
        case .healing: return 4
        case .reconciling: return 3
        case .frozen: return 2
        case .ok: return 0
        default: return 1
        }
    }

    /// "rPT1Sj…4qmr" at narrow widths, the full address when there is room.
    public static func short(_ address: String, width: Int) -> String {
        guard address.count > width, width >= 8 else { return address }
        let tail = 4
        return String(address.prefix(width - tail - 1)) + "…" + String(address.suffix(tail))
    }
}
