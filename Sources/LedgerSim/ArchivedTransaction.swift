import XRPL

/// A closed transaction as older history keeps it: the signed blob and its metadata in XRPL
/// binary form, instead of decoded JSON trees.
///
/// Why: decoded, a transaction with its metadata is a few kilobytes of dictionaries and
/// strings; the binary forms are a few hundred bytes. History keeps 2,000 ledgers by default and
/// the throughput bench ~170,000 transactions, so decoded history was most of the process's
/// memory. Lookups (`tx`, `account_tx`, an expanded `ledger`) decode again on demand with the
/// same codec that produced the JSON in the first place, so the round trip is exact (tested).
package struct ArchivedTransaction: Sendable {
    package let blob: [UInt8]
    package let hash: String
    package let result: ResultCode
    package let metaBlob: [UInt8]?
    /// `delivered_amount` is added by the API, not serialised: it is kept beside the blob.
    package let deliveredAmount: JSONValue?
    package let trusted: Bool

    /// The parts as a store kept them.
    package init(blob: [UInt8], hash: String, result: ResultCode, metaBlob: [UInt8]?, deliveredAmount: JSONValue?, trusted: Bool) {
        self.blob = blob
        self.hash = hash
        self.result = result
        self.metaBlob = metaBlob
        self.deliveredAmount = deliveredAmount
        self.trusted = trusted
    }

    /// Nil when the metadata does not encode (then the ledger stays decoded).
    init?(_ t: LedgerTransaction) {
        blob = t.candidate.blob
        hash = t.candidate.hash
        result = t.result
        trusted = t.candidate.trusted
        if let meta = t.meta {
            guard let encoded = try? BinaryCodec.encode(meta) else { return nil }
            metaBlob = encoded
            deliveredAmount = meta["delivered_amount"]
        } else {
            metaBlob = nil
            deliveredAmount = nil
        }
    }

    /// The decoded transaction. Nil only if the blob no longer decodes, which cannot happen
    /// for a blob the simulator decoded when it was submitted.
    var decoded: LedgerTransaction? {
        guard let json = try? BinaryCodec.decode(blob), let tx = try? Transaction(json: json) else { return nil }
        var meta: JSONValue?
        if let metaBlob {
            guard case .object(var m)? = try? BinaryCodec.decode(metaBlob) else { return nil }
            if let deliveredAmount { m["delivered_amount"] = deliveredAmount }
            meta = .object(m)
        }
        // The fee level is not used once a transaction is history; the reference base fee will do.
        let candidate = Candidate(tx: tx, blob: blob, hash: hash, json: json, baseFee: 10, failHard: false, trusted: trusted)
        return LedgerTransaction(candidate: candidate, result: result, meta: meta)
    }
}
