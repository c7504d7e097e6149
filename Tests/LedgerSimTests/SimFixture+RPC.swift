import XRPL
@testable import LedgerSim

/// RPC calls and a small issued-currency world for the method tests: a gateway and users with
/// USD lines, so each test states only what it checks.
extension SimFixture {
    mutating func rpc(_ method: String, _ params: [String: JSONValue] = [:], v: Int = 2, session: Bool = false) -> Result<JSONValue, RPCError> {
        SimAPI.handle(method: method, params: params, apiVersion: v, core: &core, now: time, hasSession: session)
    }

    /// The result, or a test failure naming the error.
    mutating func ok(_ method: String, _ params: [String: JSONValue] = [:], v: Int = 2) throws -> JSONValue {
        try rpc(method, params, v: v).get()
    }

    static func amount(_ value: String, _ issuer: Wallet, _ currency: String = "USD") throws -> Amount {
        .issued(value: try IssuedValue(parsing: value), currency: try CurrencyCode(currency), issuer: issuer.address)
    }

    /// `users` each trust `gateway` for 1000 `currency` and hold `held` of it; closes a ledger.
    mutating func issue(_ gateway: Wallet, to users: [Wallet], held: String = "100", currency: String = "USD") throws {
        for u in users {
            let r = try submit(u, .trustSet(limit: try Self.amount("1000", gateway, currency)))
            precondition(r.result == .tesSUCCESS, "trust set: \(r.result)")
        }
        close()
        for u in users where held != "0" {
            let r = try submit(gateway, .payment(destination: u.address, amount: try Self.amount(held, gateway, currency)))
            precondition(r.result == .tesSUCCESS, "issue: \(r.result)")
        }
        close()
    }
}

/// The error token of a failed call, nil on success.
func errorToken(_ r: Result<JSONValue, RPCError>) -> String? {
    if case .failure(let e) = r { return e.token }
    return nil
}

extension JSONValue {
    /// An array element, nil when out of range or not an array (tests read replies by position).
    subscript(_ i: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(i) else { return nil }
        return a[i]
    }
}
