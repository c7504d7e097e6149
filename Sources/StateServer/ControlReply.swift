/// The answer to pause, resume and resync: `{"ok": true, "mode": ...}`; a resync adds
/// `"resynced"`: the one account re-read, or `"all"`.
struct ControlReply: Encodable, Sendable {
    let ok = true
    /// The engine's mode right after the command (`running`, `paused`, or a bootstrap phase).
    let mode: String
    let resynced: String?

    init(mode: String, resynced: String? = nil) {
        self.mode = mode
        self.resynced = resynced
    }

    enum CodingKeys: String, CodingKey { case ok, mode, resynced }
}

/// The answer to a strategy or rate change: the settings now in force.
struct SettingReply: Encodable, Sendable {
    let ok = true
    let mode: String
    let strategy: String?
    /// Target submit rate, transactions per second.
    let rate: Double?

    enum CodingKeys: String, CodingKey { case ok, mode, strategy, rate }
}
