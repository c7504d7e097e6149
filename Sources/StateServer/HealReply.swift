import Workload

/// The answer to `POST /workload/heal`: the plan for the account — what the heal would do (or,
/// with `dry_run=false`, has started doing) to each gap in its sequence chain.
struct HealReply: Encodable, Sendable {
    let account: String
    let dryRun: Bool
    /// Whether a heal was started by this request (never for a dry run).
    let started: Bool
    let plan: [HealPlanItem]

    enum CodingKeys: String, CodingKey {
        case account, started, plan
        case dryRun = "dry_run"
    }
}
