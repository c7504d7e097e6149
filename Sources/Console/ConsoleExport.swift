import Foundation
import Workload

/// `e` / `:export`: the snapshot on screen as JSON and the screen as text, side by side in the
/// state directory, named by the time, so an operator can attach both to a report. A snapshot
/// holds no secret, and neither does the screen.
public enum ConsoleExport {
    public static func write(_ snapshot: Snapshot, screen: CellBuffer, directory: String, at now: Date) throws -> (json: String, text: String) {
        var t = time_t(now.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
        let base = (directory as NSString).appendingPathComponent("seqwatch-export-\(stamp)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let json = base + ".json", text = base + ".txt"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try encoder.encode(snapshot).write(to: URL(fileURLWithPath: json))
        try Data((screen.text + "\n").utf8).write(to: URL(fileURLWithPath: text))
        return (json, text)
    }
}
