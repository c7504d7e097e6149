import Workload

/// Every style the console uses, by role, so colour and monochrome are one switch (`NO_COLOR`,
/// `--mono`). Monochrome keeps bold/reverse/dim, and every status also has a glyph, so nothing
/// depends on colour alone.
public struct Theme: Sendable {
    public let monochrome: Bool

    public static let color = Theme(monochrome: false)
    public static let mono = Theme(monochrome: true)

    private func s(_ c: CellStyle.Color, bold: Bool = false, reverse: Bool = false, dim: Bool = false) -> CellStyle {
        CellStyle(foreground: monochrome ? .normal : c, bold: bold, reverse: reverse, dim: dim)
    }

    public var title: CellStyle { s(.cyan, bold: true) }
    public var border: CellStyle { s(.blue, dim: monochrome) }
    public var label: CellStyle { s(.normal, dim: true) }
    public var value: CellStyle { s(.normal, bold: true) }
    public var text: CellStyle { .normal }
    public var good: CellStyle { s(.green) }
    public var warn: CellStyle { s(.yellow, bold: true) }
    public var bad: CellStyle { s(.red, bold: true) }
    public var info: CellStyle { s(.cyan) }
    public var header: CellStyle { s(.normal, bold: true, reverse: false) }
    public var gaugeFill: CellStyle { s(.green) }
    public var gaugeHot: CellStyle { s(.red, bold: true) }
    public var gaugeEmpty: CellStyle { s(.normal, dim: true) }
    public var spark: CellStyle { s(.cyan) }
    public var key: CellStyle { s(.cyan, bold: true) }
    public var flash: CellStyle { s(.yellow, bold: true, reverse: true) }
    public var banner: CellStyle { s(.red, bold: true, reverse: true) }

    /// The account-status cell: colour plus a glyph (▲ for a divergence), bold where it matters.
    public func status(_ st: AccountStatus) -> CellStyle {
        switch st {
        case .ok: return good
        case .diverged: return s(.red, bold: true, reverse: monochrome)
        case .healing: return s(.yellow, bold: true)
        case .frozen: return s(.blue, bold: true)
        case .foreign: return s(.magenta, bold: true, reverse: monochrome)
        case .stuck: return s(.red, bold: true, reverse: true)
        case .reset: return s(.red, bold: true, reverse: true)
        case .reconciling: return s(.cyan, bold: true)
        }
    }

    public static func glyph(_ st: AccountStatus) -> Character {
        switch st {
        case .ok: return "·"
        case .diverged: return "▲"
        case .healing: return "↻"
        case .frozen: return "■"
        case .foreign: return "◆"
        case .stuck: return "!"
        case .reset: return "×"
        case .reconciling: return "↺"
        }
    }

    public func event(_ kind: String) -> CellStyle {
        switch kind {
        case "divergence", "foreign", "error", "rejected", "stuck", "reset", "belief": return bad
        case "heal", "resync": return warn
        case "pause", "fault", "inject": return s(.magenta, bold: true)
        default: return text
        }
    }
}
