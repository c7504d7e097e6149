import DequeModule
import LedgerSim
import XRPL

/// Runs a `WorkloadCore` against a `SimulatorCore` in one synchronous loop on a manual clock:
/// every action is executed at once through the simulator's own API, every ledger close feeds
/// the stream messages back. No threads, no sockets, no wall clock — so tests of the state
/// machine and strategies, and the scenario benchmark, replay exactly.
///
/// With `replyLatency` above zero, the server still sees each request at once but its reply
/// reaches the engine on the first tick at least that much later, as over a network: then
/// transactions really sit in SUBMITTED, a validation can arrive before its submit's reply, and
/// the scenario bench's `submitted_max` measures something.
public struct DeterministicDriver: Sendable {
    public var core: WorkloadCore
    public var sim: SimulatorCore
    public private(set) var now: Double
    public let tickInterval: Double
    private var subscribed: Set<String> = []
    private var queue: Deque<EngineAction> = []
    private var lastDelivered: UInt32
    /// Seconds from a request to its reply reaching the engine; 0 answers within the same step.
    public var replyLatency: Double = 0
    /// Replies on their way back, in the order they are due.
    private var replies: Deque<(due: Double, input: EngineInput)> = []
    /// Called after each ledger close (scenario metrics).
    public private(set) var closes = 0

    public init(workload: WorkloadConfig, simulator: SimConfig, start: Double = 1_000_000, tickInterval: Double = 0.1) throws {
        var simConfig = simulator
        if simConfig.closeInterval == nil { simConfig.closeInterval = 1 }
        sim = SimulatorCore(config: simConfig, startTime: start)
        core = try WorkloadCore(config: workload, now: start)
        now = start
        self.tickInterval = tickInterval
        lastDelivered = sim.validated.index
        queue = Deque(core.start(now: now))
        _ = core.handle(.connection(connected: true), now: now)
        drain()
    }

    /// Advances the clock by `seconds`, ticking the engine and closing ledgers as they fall due.
    /// `onClose` runs after each close (for scenario faults and measurements), `onStep` after
    /// every tick (for measurements finer than a ledger).
    public mutating func run(
        seconds: Double, onStep: (inout DeterministicDriver) -> Void = { _ in }, onClose: (inout DeterministicDriver) -> Void = { _ in }
    ) {
        let end = now + seconds
        while now < end - 1e-9 {
            now = min(end, now + tickInterval)
            while let next = replies.first, next.due <= now + 1e-9 {
                replies.removeFirst()
                queue += core.handle(next.input, now: now)
            }
            queue += core.tick(now: now)
            drain()
            if sim.closeDue(at: now) {
                let closed = sim.close(at: now)
                closes += 1
                deliver(closed)
                onClose(&self)
            }
            onStep(&self)
        }
    }

    /// Runs until the workload is past bootstrap (or `limit` seconds pass).
    public mutating func runUntilRunning(limit: Double = 300) {
        var waited = 0.0
        while core.phase != .running, waited < limit {
            run(seconds: 1)
            waited += 1
        }
    }

    public mutating func inject(_ fault: SimFault) {
        sim.inject(fault, at: now)
        if fault == .disconnectClients || fault == .restart {
            // The stream drops: the engine learns it and resyncs on reconnect.
            queue += core.handle(.connection(connected: false), now: now)
            queue += core.handle(.connection(connected: true), now: now)
            drain()
        }
    }

    /// The server loses its state, as after a `kill -9` and a restart: a fresh simulator (a new
    /// genesis, its own history) takes the old one's place, and the connection drops and comes
    /// back. Replies still on their way from the old server arrive as they would.
    public mutating func replaceServer(with config: SimConfig) {
        var c = config
        if c.closeInterval == nil { c.closeInterval = 1 }
        sim = SimulatorCore(config: c, startTime: now)
        lastDelivered = sim.validated.index
        queue += core.handle(.connection(connected: false), now: now)
        queue += core.handle(.connection(connected: true), now: now)
        drain()
    }

    /// The engine dies (`kill -9`) and a new one starts with `config`: what the old one had in
    /// flight — actions not yet executed, replies on their way — is lost with it; the server
    /// keeps everything it had (open ledger, queue, held transactions).
    public mutating func restartEngine(with config: WorkloadConfig) throws {
        queue = []
        replies = []
        subscribed = []
        core = try WorkloadCore(config: config, now: now)
        queue = Deque(core.start(now: now))
        queue += core.handle(.connection(connected: true), now: now)
        drain()
    }

    /// Applies a command's actions (resync, heal, inject, …).
    public mutating func perform(_ body: (inout WorkloadCore) -> [EngineAction]) {
        queue += body(&core)
        drain()
    }

    private mutating func deliver(_ closed: ClosedLedger) {
        // Every ledger since the last delivered one, as the stream (or a backfill) would.
        var next = lastDelivered + 1
        while next <= closed.index {
            if let l = sim.ledger(next) {
                for message in sim.streamMessages(for: l, accounts: subscribed) {
                    if let m = try? StreamMessage(json: message) { queue += core.handle(.stream(m), now: now) }
                }
            }
            next += 1
        }
        lastDelivered = closed.index
        drain()
    }

    private mutating func drain() {
        var guardrail = 0
        while !queue.isEmpty, guardrail < 1_000_000 {
            guardrail += 1
            let action = queue.removeFirst()
            queue += execute(action)
        }
    }

    private mutating func execute(_ action: EngineAction) -> [EngineAction] {
        switch action {
        case .subscribe(let accounts):
            subscribed.formUnion(accounts.map(\.text))
            return []
        case .submit(let id, let blob):
            switch sim.call(method: "submit", params: ["tx_blob": .string(Hex.encode(blob))], at: now) {
            case .dropped:
                return reply(.submitFailed(id, reason: "no reply", noReply: true))
            case .reply(.success(let r)):
                guard let decoded = try? SubmitResponse(json: r) else {
                    return reply(.submitFailed(id, reason: "malformed submit reply", noReply: false))
                }
                return reply(.submitReplied(id, decoded))
            case .reply(.failure(let e)):
                return reply(.submitFailed(id, reason: e.exception ?? e.token, noReply: false))
            }
        case .request(let id, let read):
            switch sim.call(method: read.method, params: read.params, at: now) {
            case .dropped:
                return reply(.requestReplied(id, .failure(RequestFailure(token: "timeout", message: "no reply"))))
            case .reply(.success(let r)):
                return reply(.requestReplied(id, read.decode(r)))
            case .reply(.failure(let e)):
                return reply(.requestReplied(id, .failure(RequestFailure(token: e.token, message: e.message ?? ""))))
            }
        }
    }

    /// Hands a reply to the engine now, or after `replyLatency`.
    private mutating func reply(_ input: EngineInput) -> [EngineAction] {
        guard replyLatency > 0 else { return core.handle(input, now: now) }
        replies.append((now + replyLatency, input))
        return []
    }
}
