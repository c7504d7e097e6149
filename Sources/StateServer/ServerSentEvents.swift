/// Splits a `text/event-stream` body into events, as bytes arrive in arbitrary pieces. Only what
/// `GET /state/stream` sends is needed (`id`, `event`, `data`, comments), but any conforming
/// stream parses. Bounded: an event larger than `maxEventBytes` is an error, not a growing buffer.
package struct ServerSentEvents: Sendable {
    package struct Event: Sendable, Equatable {
        package var id: String?
        /// `event:`; "message" when the stream names none.
        package var name: String
        /// The `data:` lines joined by "\n".
        package var data: [UInt8]
    }

    package struct TooLarge: Error, CustomStringConvertible {
        package let limit: Int
        package var description: String { "an event of the stream exceeds \(limit) bytes" }
    }

    package let maxEventBytes: Int
    private var buffer: [UInt8] = []
    /// Where the search for the blank line that ends an event resumes.
    private var scanned = 0

    package init(maxEventBytes: Int) { self.maxEventBytes = maxEventBytes }

    /// Takes the next bytes; returns the events they complete.
    package mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        var i = max(scanned, 1)
        while i < buffer.count {
            if buffer[i] == 0x0A, buffer[i - 1] == 0x0A || (buffer[i - 1] == 0x0D && i >= 2 && buffer[i - 2] == 0x0A) {
                if let event = Self.event(buffer[start...i]) { events.append(event) }
                start = i + 1
                i = start + 1
                continue
            }
            i += 1
        }
        buffer.removeFirst(start)
        scanned = max(buffer.count, 1)
        guard buffer.count <= maxEventBytes else { throw TooLarge(limit: maxEventBytes) }
        return events
    }

    private static func event(_ block: ArraySlice<UInt8>) -> Event? {
        var event = Event(id: nil, name: "message", data: [])
        var sawData = false
        for rawLine in block.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            guard let first = line.first, first != UInt8(ascii: ":") else { continue }
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            let field = String(decoding: line[..<colon], as: UTF8.self)
            var value = colon < line.endIndex ? line[line.index(after: colon)...] : []
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            switch field {
            case "data":
                if sawData { event.data.append(0x0A) }
                event.data.append(contentsOf: value)
                sawData = true
            case "event": event.name = String(decoding: value, as: UTF8.self)
            case "id": event.id = String(decoding: value, as: UTF8.self)
            default: continue
            }
        }
        return sawData ? event : nil
    }
}
