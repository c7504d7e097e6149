/// One entry of the fault menu (`x`): what the operator sees and the spec handed to the
/// injector (the simulator's `--fault` syntax, e.g. "drop=0.2").
public struct FaultMenuEntry: Sendable, Equatable {
    public var label: String
    public var spec: String

    public init(_ label: String, spec: String) {
        self.label = label
        self.spec = spec
    }
}

/// Breaks things on purpose. The Console module does not import the simulator: the runner
/// implements this over it, and passes nil on a real server (the footer then says so).
public protocol FaultInjector: Sendable {
    var menu: [FaultMenuEntry] { get }
    /// Injects the fault; returns the simulator's one-line answer.
    func inject(_ spec: String) async throws -> String
    /// The standing faults in force now, one short line each ("drop 20%"); the header lists
    /// them until they are cleared (or, for a stall, run out).
    func active() async -> [String]
}
