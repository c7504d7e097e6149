import Workload

/// `GET /state/fees` (and `fees` in the summary): the snapshot's `FeeRow` as it encodes itself,
/// plus `queue_utilization` ("current/max"), the one-glance queue fill operators already read
/// from the Python workload. Encoding the row itself keeps every field it gains on the wire.
struct FeesDocument: Encodable, Sendable {
    let row: FeeRow

    private enum Extra: String, CodingKey {
        case queueUtilization = "queue_utilization"
        case maxQueueSize = "max_queue_size"
    }

    func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        var extra = encoder.container(keyedBy: Extra.self)
        try extra.encode(row.queueUtilization, forKey: .queueUtilization)
        // Unknown until the server reports it: say so with null rather than drop the key.
        if row.maxQueueSize == nil { try extra.encodeNil(forKey: .maxQueueSize) }
    }
}
