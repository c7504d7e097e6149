import Foundation

// The two transports wrap the same params and results differently:
//
//   WebSocket request  {"id": …, "command": "fee", "api_version": 2, …params at top level}
//   WebSocket success  {"id": …, "status": "success", "type": "response", "result": {…}}
//   WebSocket error    {"id": …, "status": "error", "type": "response", "error": "…",
//                       "error_code": n, "error_message": "…", "request": {…}, …extras}
//   JSON-RPC request   {"method": "fee", "params": [{…params, "api_version": 2}]}
//   JSON-RPC success   {"result": {…, "status": "success"}}
//   JSON-RPC error     {"result": {"error": "…", "error_code": n, "error_message": "…",
//                       "request": {…params, "command": "fee"}, "status": "error", …extras}}
//
// These types write exactly that (the simulator) and read it back leniently (the client).

// MARK: - WebSocket request

/// A WebSocket request: `id`, `command`, optional `api_version`, and the params beside them.
public struct WebSocketRequest: Sendable, Hashable {
    /// Any JSON the client chose; echoed verbatim so responses can be matched to requests.
    public var id: JSONValue?
    public var command: String
    /// Omitted means v1 on rippled. SeqWatch always sends 2.
    public var apiVersion: Int?
    /// Everything except `id`, `command`/`method` and `api_version`.
    public var params: [String: JSONValue]

    public init(id: JSONValue?, command: String, apiVersion: Int? = XRPLAPIVersion.v2, params: [String: JSONValue] = [:]) {
        self.id = id
        self.command = command
        self.apiVersion = apiVersion
        self.params = params
    }

    /// Wraps a typed request.
    public init<R: RPCRequest>(id: JSONValue?, _ request: R, apiVersion: Int? = XRPLAPIVersion.v2) throws {
        self.init(id: id, command: R.command, apiVersion: apiVersion, params: try request.params())
    }

    /// Reads the typed params (the simulator side, after dispatching on `command`).
    public func decodeParams<R: RPCRequest>(_ type: R.Type) throws -> R {
        try R(params: params)
    }

    /// The wire object.
    public var json: JSONValue {
        var o = params
        if let id { o["id"] = id }
        o["command"] = .string(command)
        if let apiVersion { o["api_version"] = .int(Int64(apiVersion)) }
        return .object(o)
    }

    /// Reads a request object. rippled also accepts `method` in place of `command`.
    public init(json: JSONValue) throws {
        guard case .object(var o) = json else { throw XRPLError.malformedJSON("request is not a JSON object") }
        let id = o.removeValue(forKey: "id")
        let command = o.removeValue(forKey: "command")
        let method = o.removeValue(forKey: "method")
        guard let name = (command ?? method)?.stringValue else {
            throw XRPLError.missingField("command")
        }
        var apiVersion: Int?
        if let v = o.removeValue(forKey: "api_version") {
            guard let i = Lenient.int(v) else {
                throw XRPLError.invalidFieldValue(field: "api_version", reason: "not an integer")
            }
            apiVersion = i
        }
        self.init(id: id, command: name, apiVersion: apiVersion, params: o)
    }
}

extension WebSocketRequest: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension WebSocketRequest: CustomStringConvertible {
    /// The wire JSON with secrets masked: safe to log.
    public var description: String { SecretFields.masked(json).serialized() }
}

// MARK: - JSON-RPC request

/// A JSON-RPC request body: `{"method": …, "params": [{…}]}`. `api_version` rides in the params.
public struct JSONRPCRequest: Sendable, Hashable {
    public var method: String
    public var params: [String: JSONValue]

    public init(method: String, params: [String: JSONValue] = [:]) {
        self.method = method
        self.params = params
    }

    /// Wraps a typed request; `apiVersion` (default 2) is added to the params object.
    public init<R: RPCRequest>(_ request: R, apiVersion: Int? = XRPLAPIVersion.v2) throws {
        var p = try request.params()
        if let apiVersion { p["api_version"] = .int(Int64(apiVersion)) }
        self.init(method: R.command, params: p)
    }

    public var apiVersion: Int? { params["api_version"].flatMap(Lenient.int) }

    public func decodeParams<R: RPCRequest>(_ type: R.Type) throws -> R {
        var p = params
        p.removeValue(forKey: "api_version")
        return try R(params: p)
    }

    /// The wire body. rippled wants exactly one object in the `params` array.
    public var json: JSONValue {
        ["method": .string(method), "params": [.object(params)]]
    }

    /// What rippled echoes as `request` in an error: the params with `command` added.
    public var echo: JSONValue {
        var o = params
        o["command"] = .string(method)
        return .object(o)
    }

    /// Reads a body. `params` may be missing or null (no params); otherwise it must be a
    /// one-element array holding an object, as rippled requires ("params unparsable").
    public init(json: JSONValue) throws {
        guard case .object(let o) = json else { throw XRPLError.malformedJSON("request is not a JSON object") }
        guard let method = o["method"]?.stringValue, !method.isEmpty else {
            throw XRPLError.missingField("method")
        }
        var params: [String: JSONValue] = [:]
        switch o["params"] {
        case nil, .null?:
            break
        case .array(let a)?:
            guard a.count == 1 else { throw XRPLError.malformedJSON("params unparsable") }
            switch a[0] {
            case .object(let p): params = p
            case .null: break
            default: throw XRPLError.malformedJSON("params unparsable")
            }
        default:
            throw XRPLError.malformedJSON("params unparsable")
        }
        self.init(method: method, params: params)
    }
}

extension JSONRPCRequest: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

extension JSONRPCRequest: CustomStringConvertible {
    public var description: String {
        JSONValue.object(["method": .string(method), "params": [SecretFields.masked(.object(params))]]).serialized()
    }
}

// MARK: - WebSocket response

/// A WebSocket reply to a request (`type: "response"`), success or error.
public struct WebSocketResponse: Sendable, Hashable {
    /// The request's `id`, echoed.
    public var id: JSONValue?
    /// `result` on success; the error (with its echoed `request`) on failure.
    public var outcome: Result<JSONValue, RPCError>
    /// Echoed when the request carried `api_version`.
    public var apiVersion: Int?
    /// `"load"` when the server warns that this client is close to being rate limited.
    public var warning: String?

    public init(id: JSONValue?, outcome: Result<JSONValue, RPCError>, apiVersion: Int? = nil, warning: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.apiVersion = apiVersion
        self.warning = warning
    }

    /// The reply rippled sends for `request`: `id` and `api_version` echoed; on error the
    /// request itself is echoed with secrets masked.
    public init(replyingTo request: WebSocketRequest, outcome: Result<JSONValue, RPCError>) {
        switch outcome {
        case .success: self.init(id: request.id, outcome: outcome, apiVersion: request.apiVersion)
        case .failure(var e):
            e.request = SecretFields.masked(request.json)
            self.init(id: request.id, outcome: .failure(e), apiVersion: request.apiVersion)
        }
    }

    public var json: JSONValue {
        var o: [String: JSONValue]
        switch outcome {
        case .success(let result):
            o = ["result": result, "status": "success"]
        case .failure(let e):
            o = e.fields
            o["status"] = "error"
            if let r = e.request { o["request"] = r }
        }
        o["type"] = "response"
        if let id { o["id"] = id }
        if let apiVersion { o["api_version"] = .int(Int64(apiVersion)) }
        if let warning { o["warning"] = .string(warning) }
        return .object(o)
    }

    /// Reads a reply. An error is recognised by `status: "error"` or a top-level `error`; a
    /// `result` that itself holds `error` (not regularised) is also treated as an error.
    public init(json: JSONValue) throws {
        guard case .object(let o) = json else { throw XRPLError.malformedJSON("response is not a JSON object") }
        id = o["id"]
        apiVersion = o["api_version"].flatMap(Lenient.int)
        warning = o["warning"]?.stringValue
        if o["status"]?.stringValue == "error" || o["error"] != nil {
            outcome = .failure(RPCError(fields: o))
        } else if let result = o["result"] {
            if case .object(let r) = result, r["error"] != nil {
                var e = RPCError(fields: r)
                if e.request == nil { e.request = o["request"] }
                outcome = .failure(e)
            } else {
                outcome = .success(result)
            }
        } else {
            throw XRPLError.malformedJSON("response has neither result nor error")
        }
    }
}

extension WebSocketResponse: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

// MARK: - JSON-RPC response

/// A JSON-RPC reply body: everything lives in `result`, with `status` inside it.
public struct JSONRPCResponse: Sendable, Hashable {
    /// `result` without its `status` on success; the error on failure.
    public var outcome: Result<JSONValue, RPCError>

    public init(outcome: Result<JSONValue, RPCError>) { self.outcome = outcome }

    /// The reply rippled sends for `request`; an error echoes the params plus `command`, masked.
    public init(replyingTo request: JSONRPCRequest, outcome: Result<JSONValue, RPCError>) {
        switch outcome {
        case .success: self.init(outcome: outcome)
        case .failure(var e):
            e.request = SecretFields.masked(request.echo)
            self.init(outcome: .failure(e))
        }
    }

    public var json: JSONValue {
        switch outcome {
        case .success(let result):
            var r = result.objectValue ?? [:]
            r["status"] = "success"
            return ["result": .object(r)]
        case .failure(let e):
            var r = e.fields
            r["status"] = "error"
            if let req = e.request { r["request"] = req }
            return ["result": .object(r)]
        }
    }

    /// Reads a reply. `status` is removed from a successful result so results look the same
    /// whichever transport carried them. A top-level `error` object (JSON-RPC 2.0 style,
    /// `ripplerpc` ≥ 2.0 or batch) is read as an error too.
    public init(json: JSONValue) throws {
        guard case .object(let o) = json else { throw XRPLError.malformedJSON("response is not a JSON object") }
        if case .object(var r)? = o["result"] {
            if r["status"]?.stringValue == "error" || r["error"] != nil {
                outcome = .failure(RPCError(fields: r))
            } else {
                r.removeValue(forKey: "status")
                outcome = .success(.object(r))
            }
        } else if case .object(let e)? = o["error"] {
            var err = RPCError(fields: e)
            if err.token == "unknown" { err.token = "json_rpc" }
            if err.code == nil { err.code = e["code"].flatMap(Lenient.int) }
            if err.message == nil { err.message = e["message"]?.stringValue }
            err.extra.removeValue(forKey: "code")
            err.extra.removeValue(forKey: "message")
            outcome = .failure(err)
        } else {
            throw XRPLError.malformedJSON("response has no result object")
        }
    }
}

extension JSONRPCResponse: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

// MARK: - Helpers over JSONValue

/// Builds and parses envelopes as `JSONValue`, for code that already holds parsed JSON.
public enum RPCEnvelope {
    /// `{"id", "status": "success", "type": "response", "result", "api_version"?}`
    public static func webSocketSuccess(id: JSONValue?, result: JSONValue, apiVersion: Int? = nil) -> JSONValue {
        WebSocketResponse(id: id, outcome: .success(result), apiVersion: apiVersion).json
    }

    /// `{"id", "status": "error", "type": "response", "error", "error_code", "error_message",
    /// "request", …extras}`. `request` is the whole request as received (masked here);
    /// `id` and `api_version` are echoed from it.
    public static func webSocketError(_ error: RPCError, request: JSONValue) -> JSONValue {
        var e = error
        e.request = SecretFields.masked(request)
        return WebSocketResponse(
            id: request["id"], outcome: .failure(e), apiVersion: request["api_version"].flatMap(Lenient.int)
        ).json
    }

    /// `{"result": {…result, "status": "success"}}`
    public static func jsonRPCSuccess(result: JSONValue) -> JSONValue {
        JSONRPCResponse(outcome: .success(result)).json
    }

    /// `{"result": {"error", "error_code", "error_message", "request", "status": "error", …extras}}`.
    /// `request` is what rippled echoes: the params object with `command` set to the method.
    public static func jsonRPCError(_ error: RPCError, request: JSONValue) -> JSONValue {
        var e = error
        e.request = SecretFields.masked(request)
        return JSONRPCResponse(outcome: .failure(e)).json
    }

    /// Reads a WebSocket reply into its outcome.
    public static func parseWebSocket(_ json: JSONValue) throws -> Result<JSONValue, RPCError> {
        try WebSocketResponse(json: json).outcome
    }

    /// Reads a JSON-RPC reply into its outcome.
    public static func parseJSONRPC(_ json: JSONValue) throws -> Result<JSONValue, RPCError> {
        try JSONRPCResponse(json: json).outcome
    }

    /// Reads a reply from either transport. A WebSocket reply has `type`/`status` at the top
    /// level; a JSON-RPC reply has only `result` (or a JSON-RPC 2.0 `error` object). Throws
    /// only when the JSON is no envelope at all; RPC errors come back as `.failure`.
    public static func parse(_ json: JSONValue) throws -> Result<JSONValue, RPCError> {
        guard case .object(let o) = json else { throw XRPLError.malformedJSON("response is not a JSON object") }
        if o["type"] != nil || o["status"] != nil || o["error"]?.stringValue != nil {
            return try parseWebSocket(json)
        }
        return try parseJSONRPC(json)
    }
}

extension Result where Success == JSONValue, Failure == RPCError {
    /// Decodes a successful result into a model, or throws the RPC error.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try get().decode(as: type)
    }
}
