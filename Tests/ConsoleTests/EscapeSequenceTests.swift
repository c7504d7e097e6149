import Testing
@testable import Console

/// Home, End and friends arrive as raw escape sequences when $TERM's terminfo lacks them.
@Suite struct EscapeSequenceTests {
    @Test(arguments: [
        ("[H", Key.home, 2), ("OH", .home, 2), ("[1~", .home, 3), ("[7~", .home, 3),
        ("[F", .end, 2), ("OF", .end, 2), ("[4~", .end, 3), ("[8~", .end, 3),
        ("[5~", .pageUp, 3), ("[6~", .pageDown, 3), ("[A", .up, 2), ("OB", .down, 2),
    ])
    func knownSequences(text: String, key: Key, length: Int) {
        let decoded = EscapeSequence.decode(Array(text))
        #expect(decoded?.key == key)
        #expect(decoded?.length == length)
    }

    @Test func onlyTheSequenceIsConsumed() {
        // Home followed at once by a typed "q": the q is left for the next read.
        let decoded = EscapeSequence.decode(Array("[Hq"))
        #expect(decoded?.key == .home && decoded?.length == 2)
    }

    @Test(arguments: ["", "q", "[", "[1", "[15~", "[1;5H", "[Z", "x[H", "O"])
    func anythingElseIsAPlainEscape(text: String) {
        #expect(EscapeSequence.decode(Array(text)) == nil)
    }
}
