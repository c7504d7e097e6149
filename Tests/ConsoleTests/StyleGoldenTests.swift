import Foundation
import Testing
import Workload
@testable import Console

/// Golden screens of styles, not only text: each line as runs of one style, written
/// `{red,bold}text{}`, so a STUCK row that loses its red or a gap that loses its highlight
/// fails even when every character is the same.
@Suite struct StyleGoldenTests {
    static func tag(_ s: CellStyle) -> String {
        var parts: [String] = []
        if s.foreground != .normal { parts.append("\(s.foreground)") }
        if s.bold { parts.append("bold") }
        if s.reverse { parts.append("rev") }
        if s.dim { parts.append("dim") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// The buffer as styled runs (a new tag only where the style changes; blanks keep the
    /// current run, since their colour is invisible unless reversed).
    static func styled(_ buf: CellBuffer) -> String {
        (0..<buf.height).map { y in
            var out = ""
            var current: CellStyle?
            for x in 0..<buf.width {
                let c = buf[x, y]
                if c.isContinuation { continue }
                let visible = c.character != " " || c.style.reverse
                if visible, c.style != current {
                    out += tag(c.style)
                    current = c.style
                }
                out.append(c.character)
            }
            return out.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func dashboardStyles(size: (Int, Int)) throws {
        let s = try ConsoleFixture.snapshot()
        var st = ScreenTests.state(s, width: size.0, height: size.1)
        st.sort = .status
        st.sync(snapshot: s, pageSize: ScreenLayout(width: size.0, height: size.1).accountPage)
        let buf = ScreenTests.render(s, st, size.0, size.1)
        try Golden.check(Self.styled(buf), "styles-dashboard-\(size.0)x\(size.1)")
        // What the golden pins, said outright: STUCK is red, a gap nothing explains is red.
        let text = Self.styled(buf)
        #expect(text.range(of: #"\{red[a-z,]*\}! STUCK 7"#, options: .regularExpression) != nil)
        #expect(text.range(of: #"\{red[a-z,]*\} *\+4"#, options: .regularExpression) != nil)
    }
}
