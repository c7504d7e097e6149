/// Why a state directory cannot be used, in one line for the user: each case names the file
/// and what to do, and none carries a stack or an underlying error dump.
public struct SimStoreError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) { self.description = description }

    static func notADatabase(_ path: String, _ why: String) -> SimStoreError {
        SimStoreError("\(path) is not a usable simulator database (\(why)); it was left untouched — move it away or use another --state-dir")
    }

    static func newerSchema(_ path: String, found: Int, supported: Int) -> SimStoreError {
        SimStoreError("\(path) was written by a newer seqwatch (schema version \(found); this one reads up to \(supported)); it was left untouched")
    }

    static func locked(_ directory: String, holder: String?) -> SimStoreError {
        let who = holder.map { " (pid \($0))" } ?? ""
        return SimStoreError("state dir \(directory) is in use by another seqwatch sim\(who); stop it or use another --state-dir")
    }

    static func io(_ what: String, _ path: String, _ error: any Error) -> SimStoreError {
        SimStoreError("cannot \(what) \(path): \(StoreText.oneLine(error))")
    }
}

enum StoreText {
    /// The first line of an error's description, for messages that must stay one line.
    static func oneLine(_ error: any Error) -> String {
        let text = "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
