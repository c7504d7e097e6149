import Testing
@testable import Console

@Suite struct CellBufferTests {
    @Test func writesAndClips() {
        var b = CellBuffer(width: 10, height: 2)
        #expect(b.write("hello world", x: 2, y: 0) == 8)
        #expect(b.line(0) == "  hello wo")
        #expect(b.write("abc", x: 0, y: 1, maxWidth: 2) == 2)
        #expect(b.line(1) == "ab        ")
        #expect(b.write("x", x: 0, y: 5) == 0)
    }

    @Test func changedRowsOnly() {
        var a = CellBuffer(width: 4, height: 3)
        a.write("ab", x: 0, y: 0)
        var b = a
        b.write("z", x: 1, y: 2)
        #expect(b.changedRows(since: a) == [2])
        #expect(b.changedRows(since: nil) == [0, 1, 2])
        #expect(CellBuffer(width: 5, height: 3).changedRows(since: a) == [0, 1, 2])
    }

    @Test func styleChangeCounts() {
        var a = CellBuffer(width: 3, height: 1)
        a.write("abc", x: 0, y: 0)
        var b = a
        b.write("b", x: 1, y: 0, style: CellStyle(foreground: .red))
        #expect(b.changedRows(since: a) == [0])
    }
}
