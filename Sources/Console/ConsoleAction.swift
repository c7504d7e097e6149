import Workload

/// A key press, decoded from ncurses (or built by a test).
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, pageUp, pageDown, home, end, enter, escape, tab, backspace, resize
    /// F1…F12.
    case function(Int)
    /// Ctrl with a letter (Ctrl-L: redraw).
    case control(Character)

    /// How the footer names the key when it says the key does nothing here.
    public var name: String {
        switch self {
        case .char(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backspace: "Backspace"
        case .resize: "resize"
        case .function(let n): "F\(n)"
        case .control(let c): "Ctrl-\(c.uppercased())"
        }
    }
}

/// What the operator asked for, after the key map: the reducer's input. The `…Loaded` and
/// `faultResult` cases are replies from the engine side, fed back through the same reducer.
public enum ConsoleAction: Sendable, Equatable {
    public enum Move: Sendable, Equatable { case up, down, pageUp, pageDown, home, end }

    case togglePause, toggleFreeze, resyncAll, resyncSelected, healSelected, injectDivergence
    case faultMenu, cycleStrategy, rateUp, rateDown, cycleSort, reverseSort, beginFilter, focusNext
    case filterInput(Character), filterBackspace
    /// `:` opens the command line; typing, Tab completion, Enter runs it, Esc leaves it.
    case beginCommand, commandInput(Character), commandBackspace, complete
    /// Events panel: show or hide the per-account lines behind bulk summaries.
    case toggleDetails
    /// Writes the snapshot (JSON) and the screen (text) to the state directory.
    case export
    case redraw
    /// A key that does nothing where the operator is: the footer says so.
    case unbound(String)
    case move(Move)
    case openDetail, openCharts, help, confirm, cancel, quit
    case healPlanLoaded(account: String, plan: [HealPlanItem])
    case detailLoaded(AccountDetail)
    case faultResult(String)
    case notice(String)
    /// The simulator's standing faults, polled once a second.
    case activeFaults([String])
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
    /// Handled by the console itself (it holds the frame): the snapshot and the screen to files.
    case export
    /// Handled by the console itself: forget the terminal's contents and draw everything again.
    case redraw
}
