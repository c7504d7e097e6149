/// Keys to actions. Depends on the state only for modes: typing a filter, or an overlay open
/// (where Enter confirms, Esc cancels and arrows move inside the overlay).
public enum KeyMap {
    public static func action(for key: Key, in state: ConsoleState) -> ConsoleAction? {
        if state.editingFilter {
            switch key {
            case .enter, .escape: return key == .enter ? .confirm : .cancel
            case .backspace: return .filterBackspace
            case .char(let c): return .filterInput(c)
            default: return nil
            }
        }
        if state.overlay != nil {
            switch key {
            case .escape, .char("q"): return .cancel
            case .enter: return .confirm
            case .up, .char("k"): return .move(.up)
            case .down, .char("j"): return .move(.down)
            case .char("?"): return .cancel
            default: return nil
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
        case .char("/"): return .beginFilter
        case .tab: return .focusNext
        case .up, .char("k"): return .move(.up)
        case .down, .char("j"): return .move(.down)
        case .pageUp: return .move(.pageUp)
        case .pageDown: return .move(.pageDown)
        case .home: return .move(.home)
        case .end: return .move(.end)
        case .enter: return .openDetail
        case .char("?"): return .help
        case .escape: return .cancel
        case .char("q"): return .quit
        default: return nil
        }
    }
}
