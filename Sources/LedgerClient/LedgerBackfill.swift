import Foundation
import XRPL

/// Turns the result of `ledger … transactions: true, expand: true` into the stream messages a
/// WebSocket subscriber would have been pushed for that ledger: one `ledgerClosed`, then one
/// `transaction` per subscribed transaction, in ledger order.
///
/// Why one helper: the same conversion serves backfill after a reconnect (all transports) and
/// JSON-RPC polling (which has no push at all), so the engine sees identical shapes whether a
/// message was pushed, backfilled or polled. The output is built as v2 wire JSON first and then
/// decoded with `StreamMessage(json:)`, exactly like a pushed frame, so nothing downstream can
/// tell the difference.
public struct LedgerBackfill: Sendable, Equatable {
    /// The fee and reserve figures a `ledgerClosed` message carries. The `ledger` method does not
    /// report them, so they come from the last real `ledgerClosed`, the `subscribe` reply, or
    /// `server_state` (JSON-RPC).
    public struct Fees: Sendable, Equatable {
        public var feeBase: UInt64
        public var reserveBase: UInt64
        public var reserveInc: UInt64
        public var networkID: UInt32?

        public init(feeBase: UInt64 = 10, reserveBase: UInt64 = 1_000_000, reserveInc: UInt64 = 200_000, networkID: UInt32? = nil) {
            self.feeBase = feeBase
            self.reserveBase = reserveBase
            self.reserveInc = reserveInc
            self.networkID = networkID
        }

        /// Reads `fee_base` / `reserve_base` / `reserve_inc` (a `ledgerClosed` message or the
        /// `subscribe` reply) or `base_fee` / `reserve_base` / `reserve_inc` (server_state's
        /// `validated_ledger`); fields that are absent keep their current value.
        public mutating func update(from o: JSONValue) {
            if let v = (o["fee_base"] ?? o["base_fee"])?.uint64Value { feeBase = v }
            if let v = o["reserve_base"]?.uint64Value { reserveBase = v }
            if let v = o["reserve_inc"]?.uint64Value { reserveInc = v }
            if let v = o["network_id"]?.uint64Value, let n = UInt32(exactly: v) { networkID = n }
        }
    }

    /// No more than this many missed ledgers are fetched one by one; beyond it only the newest is
    /// announced (see `Plan.skip`), because a client that far behind must resync anyway and
    /// hammering the server with hundreds of `ledger` calls would only delay that.
    public static let defaultLimit = 256

    /// Subscribed streams ("ledger", "transactions").
    public var streams: Set<String>
    /// Subscribed accounts.
    public var accounts: Set<String>
    public var fees: Fees

    public init(streams: Set<String> = [], accounts: Set<String> = [], fees: Fees = Fees()) {
        self.streams = streams
        self.accounts = accounts
        self.fees = fees
    }

    public var wantsLedgerClosed: Bool { streams.contains("ledger") }
    public var wantsAllTransactions: Bool { streams.contains("transactions") }
    public var wantsTransactions: Bool { wantsAllTransactions || !accounts.isEmpty }
    /// Whether anything would be delivered for a ledger at all.
    public var wantsAnything: Bool { wantsLedgerClosed || wantsTransactions }

    // MARK: planning

    /// What to fetch to catch up from `completeThrough` (every message up to and including that
    /// ledger has been delivered) to the validated ledger `newest`.
    public enum Plan: Sendable, Equatable {
        /// Nothing was missed (or nothing is subscribed).
        case upToDate
        /// Fetch and deliver each of these ledgers, in order.
        case ledgers(ClosedRange<UInt32>)
        /// Too many missed: deliver only the newest ledger's `ledgerClosed` and skip `skipped`.
        case skip(newest: UInt32, skipped: ClosedRange<UInt32>)
    }

    public func plan(completeThrough: UInt32, newest: UInt32, limit: Int = LedgerBackfill.defaultLimit) -> Plan {
        guard newest > completeThrough, wantsAnything else { return .upToDate }
        let first = completeThrough + 1
        if Int(newest - completeThrough) > limit {
            return .skip(newest: newest, skipped: first...(newest - 1))
        }
        return .ledgers(first...newest)
    }

    /// Params for fetching one ledger: its transactions expanded when transaction messages are
    /// wanted (and `expand` allows), otherwise just their hashes (enough for `txn_count`).
    public func ledgerParams(_ index: UInt32, expand: Bool = true) -> [String: JSONValue] {
        var p: [String: JSONValue] = ["ledger_index": .int(Int64(index)), "transactions": true]
        if expand, wantsTransactions { p["expand"] = true }
        return p
    }

    // MARK: conversion

    /// The stream messages for one `ledger` result, decoded as a pushed frame would be.
    /// `includeTransactions: false` yields only the `ledgerClosed` (the skip case).
    public func messages(fromLedgerResult result: JSONValue, includeTransactions: Bool = true) throws -> [StreamMessage] {
        try messagesJSON(fromLedgerResult: result, includeTransactions: includeTransactions).map { try StreamMessage(json: $0) }
    }

    /// The same messages as v2 wire JSON.
    public func messagesJSON(fromLedgerResult result: JSONValue, includeTransactions: Bool = true) throws -> [JSONValue] {
        let ledger = result["ledger"] ?? result
        guard let index = (ledger["ledger_index"] ?? result["ledger_index"])?.uint64Value.flatMap({ UInt32(exactly: $0) }) else {
            throw ConnectionError.malformedResponse("ledger result has no ledger_index")
        }
        guard let hash = (ledger["ledger_hash"] ?? result["ledger_hash"])?.stringValue else {
            throw ConnectionError.malformedResponse("ledger \(index) has no ledger_hash")
        }
        let closeTime = ledger["close_time"]?.uint64Value ?? 0
        let closeTimeISO = ledger["close_time_iso"]?.stringValue
        let entries = ledger["transactions"]?.arrayValue ?? []

        var out: [JSONValue] = []
        if wantsLedgerClosed {
            var m: [String: JSONValue] = [
                "type": .string(LedgerClosedMessage.type),
                "ledger_index": .int(Int64(index)),
                "ledger_hash": .string(hash),
                "ledger_time": .int(Int64(closeTime)),
                "fee_base": .int(Int64(fees.feeBase)),
                "reserve_base": .int(Int64(fees.reserveBase)),
                "reserve_inc": .int(Int64(fees.reserveInc)),
                "txn_count": .int(Int64(entries.count)),
            ]
            if let n = fees.networkID { m["network_id"] = .int(Int64(n)) }
            out.append(.object(m))
        }
        guard includeTransactions, wantsTransactions else { return out }

        // Expanded entries carry meta.TransactionIndex; deliver in that (ledger) order.
        var txs: [(position: Int, message: JSONValue)] = []
        for (i, entry) in entries.enumerated() {
            guard let message = Self.transactionMessage(entry, ledgerIndex: index, ledgerHash: hash, closeTime: closeTime, closeTimeISO: closeTimeISO)
            else { continue }
            if !wantsAllTransactions {
                let affected = Self.affectedAccounts(txJSON: message["tx_json"] ?? .null, meta: message["meta"])
                guard !affected.isDisjoint(with: accounts) else { continue }
            }
            let position = message["meta"]?["TransactionIndex"]?.intValue ?? i
            txs.append((position, message))
        }
        txs.sort { $0.position < $1.position }
        out.append(contentsOf: txs.map(\.message))
        return out
    }

    /// One expanded ledger transaction as a v2 `transaction` stream message, or nil for entries
    /// that are not expanded (a bare hash) or carry no meta.
    public static func transactionMessage(
        _ entry: JSONValue, ledgerIndex: UInt32, ledgerHash: String, closeTime: UInt64, closeTimeISO: String?
    ) -> JSONValue? {
        guard case .object(let o) = entry else { return nil }
        var tx: [String: JSONValue]
        let hash = o["hash"]?.stringValue
        let meta = o["meta"] ?? o["metaData"]
        if case .object(let t)? = o["tx_json"] {
            tx = t
        } else {
            // v1 shape: the transaction's fields are merged into the entry.
            tx = o
            for k in ["meta", "metaData", "hash", "validated", "ledger_index", "ledger_hash", "close_time_iso", "ctid", "inLedger"] {
                tx[k] = nil
            }
            if let a = tx["Amount"], tx["TransactionType"]?.stringValue == "Payment", tx["DeliverMax"] == nil {
                tx["DeliverMax"] = a
            }
            if tx["TransactionType"]?.stringValue == "Payment", tx["DeliverMax"] != nil { tx["Amount"] = nil }
        }
        guard let hash, let meta, let token = meta["TransactionResult"]?.stringValue else { return nil }
        if tx["date"] == nil { tx["date"] = .int(Int64(closeTime)) }
        let code = ResultCode.named(token)
        var m: [String: JSONValue] = [
            "type": .string(TransactionStreamMessage.type),
            "validated": true,
            "status": "closed",
            "engine_result": .string(token),
            "engine_result_code": .int(Int64(code?.number ?? 0)),
            "engine_result_message": .string(code?.message ?? ""),
            "hash": .string(hash),
            "ledger_index": .int(Int64(ledgerIndex)),
            "ledger_hash": .string(ledgerHash),
            "meta": meta,
            "tx_json": .object(tx),
        ]
        if let iso = o["close_time_iso"]?.stringValue ?? closeTimeISO { m["close_time_iso"] = .string(iso) }
        if let ctid = o["ctid"]?.stringValue { m["ctid"] = .string(ctid) }
        return .object(m)
    }

    /// The accounts a validated transaction affects, as an `accounts` subscription counts them:
    /// the sender (`Account`), `Destination`, the issuer of an issued `Amount` / `DeliverMax` /
    /// `SendMax` / `LimitAmount`, an escrow's `Owner`, and every account whose AccountRoot the
    /// metadata shows created, modified or deleted (which covers the simple cases above for any
    /// applied transaction, and catches payments delivered through third parties).
    public static func affectedAccounts(txJSON tx: JSONValue, meta: JSONValue?) -> Set<String> {
        var s = Set<String>()
        for key in ["Account", "Destination", "Owner"] {
            if let a = tx[key]?.stringValue { s.insert(a) }
        }
        for key in ["Amount", "DeliverMax", "SendMax", "LimitAmount"] {
            if let issuer = tx[key]?["issuer"]?.stringValue { s.insert(issuer) }
        }
        if let meta {
            for node in TransactionMetadata(meta).affectedNodes where node.ledgerEntryType == "AccountRoot" {
                let fields = node.fieldsAfter ?? node.previousFields
                if let a = fields?["Account"]?.stringValue { s.insert(a) }
            }
        }
        return s
    }
}
