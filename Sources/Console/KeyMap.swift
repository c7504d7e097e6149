/// Keys to actions. Depends on the state only for modes: typing a filter or a command, an
/// overlay open (where Enter confirms, Esc cancels and arrows move inside the overlay), or the
/// events panel focused. A key with no meaning where the operator is maps to `.unbound`, so the
/// footer can say so instead of doing nothing in silence.
public enum KeyMap {
    public static func action(for key: Key, in state: ConsoleState) -> ConsoleAction? {
        // Anywhere: F10 quits, Ctrl-L redraws, F1 opens help.
        switch key {
        case .function(10): return .quit
        case .control("l"): return .redraw
        case .resize: return nil
        default: break
        }
        if state.command != nil {
            switch key {
            case .enter: return .confirm
            case .escape: return .cancel
            case .tab: return .complete
            case .backspace: return .commandBackspace
            case .char(let c): return .commandInput(c)
            default: return .unbound(key.name)
            }
        }
        if state.editingFilter {
            switch key {
            case .enter, .escape: return key == .enter ? .confirm : .cancel
            case .backspace: return .filterBackspace
            case .char(let c): return .filterInput(c)
            default: return .unbound(key.name)
            }
        }
        if state.overlay != nil {
            switch key {
            case .escape, .char("q"), .char("?"), .function(1): return .cancel
            case .enter: return .confirm
            case .up, .char("k"): return .move(.up)
            case .down, .char("j"): return .move(.down)
            case .pageUp: return .move(.pageUp)
            case .pageDown: return .move(.pageDown)
            default: return .unbound(key.name)
            }
        }
        switch key {
        case .char("p"): return .togglePause
        case .char("f"): return .toggleFreeze
        case .char("r"): return .resyncAll
        case .char("R"): return .resyncSelected
        case .char("h"): return .healSelected
        case .char("d"): return .injectDivergence
        case .char("x"): return .faultMenu
        case .char("s"): return .cycleStrategy
        case .char("+"), .char("="): return .rateUp
        case .char("-"), .char("_"): return .rateDown
        case .char("o"): return .cycleSort
        case .char("O"): return .reverseSort
        case .char("/"): return .beginFilter
        case .char(":"): return .beginCommand
        case .char("v"): return .toggleDetails
        case .char("e"): return .export
        case .char("c"): return .openCharts
        case .tab: return .focusNext
        case .up, .char("k"): return .move(.up)
        case .down, .char("j"): return .move(.down)
        case .pageUp, .control("b"): return .move(.pageUp)
        case .pageDown, .control("f"): return .move(.pageDown)
        case .home, .char("g"): return .move(.home)
        case .end, .char("G"): return .move(.end)
        case .enter: return .openDetail
        case .char("?"), .function(1): return .help
        case .escape: return .cancel
        case .char("q"): return .quit
        default: return .unbound(key.name)
        }
    }
}
