/// A strict-enough reader of the Prometheus text exposition format (0.0.4) for tests: every
/// line is a `# HELP`/`# TYPE` comment or `name{labels} value`, and each series appears once.
enum PrometheusText {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// Samples keyed by their series as written (`name` or `name{label="value"}`).
    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                    throw Malformed(description: "bad TYPE line: \(line)")
                }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            guard let space = line.lastIndex(of: " ") else { throw Malformed(description: "no value: \(line)") }
            let series = String(line[..<space])
            guard let value = Double(line[line.index(after: space)...]) else { throw Malformed(description: "bad value: \(line)") }
            let name = series.prefix { $0 != "{" }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
                throw Malformed(description: "bad metric name: \(line)")
            }
            if series.contains("{") {
                guard series.hasSuffix("}"), series.contains("=\"") else { throw Malformed(description: "bad labels: \(line)") }
            }
            guard types[String(name)] != nil else { throw Malformed(description: "sample before its TYPE: \(line)") }
            guard samples.updateValue(value, forKey: series) == nil else { throw Malformed(description: "duplicate series: \(series)") }
        }
        return samples
    }
}
