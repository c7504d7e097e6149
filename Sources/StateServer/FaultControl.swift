/// Fault injection through the API (`GET /sim/faults`, `POST /sim/fault?spec=`), for an engine
/// on the embedded simulator. The state server does not import the simulator: the command line
/// hands it this — the menu an attached console's `x` shows and the injector behind it. A run
/// against a real server has none, and the routes say so.
public struct FaultControl: Sendable {
    /// One entry of the fault menu: what the operator reads and the simulator's `--fault` spec
    /// (`{selected}` stands for the console's selected account).
    public struct Entry: Codable, Sendable, Equatable {
        public let label: String
        public let spec: String
        public init(label: String, spec: String) {
            self.label = label
            self.spec = spec
        }
    }

    public let menu: [Entry]
    /// Injects a fault from its spec and returns the simulator's one-line answer; throws (with a
    /// one-line description) a spec the simulator does not accept.
    public let inject: @Sendable (String) async throws -> String
    /// The simulator's standing faults, one short line each, as the local console's header
    /// shows them; an attached console reads them from `GET /sim/faults` every second.
    public let active: @Sendable () async -> [String]

    public init(
        menu: [Entry], active: @escaping @Sendable () async -> [String] = { [] },
        inject: @escaping @Sendable (String) async throws -> String
    ) {
        self.menu = menu
        self.active = active
        self.inject = inject
    }

    /// The longest spec accepted: real ones are a few dozen characters.
    static let maxSpecLength = 200
}

/// The answer to `GET /sim/faults`: whether faults can be injected, the menu, and the faults
/// standing now.
public struct FaultsDocument: Codable, Sendable, Equatable {
    /// True when the engine runs on the embedded simulator (faults can be injected).
    public let simulator: Bool
    public let menu: [FaultControl.Entry]
    public let active: [String]

    public init(simulator: Bool, menu: [FaultControl.Entry], active: [String]) {
        self.simulator = simulator
        self.menu = menu
        self.active = active
    }

    /// An engine from before `active` existed answers without it: nothing standing, as far as
    /// the console can tell.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        simulator = try c.decode(Bool.self, forKey: .simulator)
        menu = try c.decode([FaultControl.Entry].self, forKey: .menu)
        active = try c.decodeIfPresent([String].self, forKey: .active) ?? []
    }
}

/// The answer to `POST /sim/fault`: the spec as applied and the simulator's answer.
struct FaultReply: Encodable, Sendable {
    let ok = true
    let spec: String
    let result: String

    enum CodingKeys: String, CodingKey { case ok, spec, result }
}
