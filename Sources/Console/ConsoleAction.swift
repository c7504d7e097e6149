import Workload

/// A key press, decoded from ncurses (or built by a test).
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, pageUp, pageDown, home, end, enter, escape, tab, backspace, resize
}

/// What the operator asked for, after the key map: the reducer's input. The `…Loaded` and
/// `faultResult` cases are replies from the engine side, fed back through the same reducer.
public enum ConsoleAction: Sendable, Equatable {
    public enum Move: Sendable, Equatable { case up, down, pageUp, pageDown, home, end }

    case togglePause, toggleFreeze, resyncAll, resyncSelected, healSelected, injectDivergence
    case faultMenu, cycleStrategy, rateUp, rateDown, cycleSort, beginFilter, focusNext
    case filterInput(Character), filterBackspace
    case move(Move)
    case openDetail, help, confirm, cancel, quit
    case healPlanLoaded(account: String, plan: [HealPlanItem])
    case detailLoaded(AccountDetail)
    case faultResult(String)
    case notice(String)
}

/// What the reducer asks the engine (or the simulator) to do. Sent, in order, through one
/// channel; the screen never waits for them.
public enum ConsoleCommand: Sendable, Equatable {
    case pause, resume
    case resync(account: String?)
    case heal(account: String)
    case injectDivergence(account: String)
    case setRate(Double)
    case setStrategy(StrategyKind)
    case loadHealPlan(account: String)
    case loadDetail(account: String)
    case injectFault(String)
}
