import Testing
@testable import Console

@Suite struct CellBufferTests {
    @Test func writesAndClips() {
        var b = CellBuffer(width: 10, height: 2)
        #expect(b.write("hello world", x: 2, y: 0) == 8)
        // A cut text ends in "…": a clipped value never passes for a whole one.
        #expect(b.line(0) == "  hello w…")
        #expect(b.write("abc", x: 0, y: 1, maxWidth: 2) == 2)
        #expect(b.line(1) == "a…        ")
        #expect(b.write("abc", x: 0, y: 1, maxWidth: 2, ellipsis: false) == 2)
        #expect(b.line(1) == "ab        ")
        #expect(b.write("ab", x: 0, y: 1, maxWidth: 2) == 2 && b.line(1) == "ab        ", "a text that fits is not marked")
        #expect(b.write("x", x: 0, y: 5) == 0)
    }

    @Test func wideCharactersTakeTwoCellsAndKeepColumnsAligned() {
        var b = CellBuffer(width: 12, height: 1)
        #expect(b.write("a日b", x: 0, y: 0) == 4)
        #expect(b[1, 0].character == "日" && b[2, 0].isContinuation && b[3, 0].character == "b")
        // A table cell sized by `fitted` ends where the next column starts.
        b.write("日本".fitted(6), x: 0, y: 0)
        b.write("|", x: 6, y: 0)
        #expect(b.line(0) == "日本  |     ")
        #expect(displayWidth(b.line(0)) == 12)
    }

    @Test func wideCharactersAreNeverCutInHalf() {
        var b = CellBuffer(width: 6, height: 4)
        // The clip falls in the middle of 日: a blank instead.
        #expect(b.write("ab日", x: 0, y: 0, maxWidth: 3, ellipsis: false) == 3)
        #expect(b.line(0) == "ab    " && !b[2, 0].isContinuation)
        #expect(b.write("a日b", x: 0, y: 0, maxWidth: 3) == 3)
        #expect(b.line(0) == "a …   ", "the half-cut 日 is a blank, then the mark")
        // Clipped on the left: the visible half is blank.
        b.write("日x", x: -1, y: 1)
        #expect(b.line(1) == " x    ")
        // Overwriting either half blanks the other.
        b.write("日日", x: 0, y: 2)
        b.write("x", x: 1, y: 2)
        b.write("y", x: 2, y: 2)
        #expect(b.line(2) == " xy   ")
        #expect(!b[3, 2].isContinuation)
        // A fill whose edge cuts a wide character blanks its other half.
        b.write("日日", x: 0, y: 3)
        b.fill(Rect(x: 1, y: 3, width: 2, height: 1), "-")
        #expect(b.line(3) == " --   ")
        #expect(!b[3, 3].isContinuation)
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
