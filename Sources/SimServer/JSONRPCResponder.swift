import Foundation
import Hummingbird
import LedgerSim
import Logging
import NIOCore
import XRPL

/// JSON-RPC over HTTP as rippled speaks it: `{"method", "params": [{…}]}` in, HTTP 200 with
/// `{"result": {…, "status"}}` out, RPC errors included; transport problems are plain-text 400s.
struct JSONRPCResponder: Sendable {
    let service: any RippledService
    let maxBytes: Int
    let logger: Logger

    /// A body over `maxBytes` gets 413 and the connection is shut just after the reply, as
    /// rippled's HTTP parser drops a connection past its body limit: otherwise the server would
    /// go on reading (and discarding) the rest of a 10 MB body to keep the connection alive.
    func respond(to request: Request, channel: any Channel) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBytes)
        } catch {
            channel.eventLoop.scheduleTask(in: .milliseconds(200)) { channel.close(promise: nil) }
            var response = plain(.contentTooLarge, "Request too large: the limit is \(maxBytes) bytes")
            response.headers[.connection] = "close"
            return response
        }
        guard let json = try? JSONValue.parse(Data(buffer: body), maxDepth: RippledServer.jsonNestingLimit), case .object(let o) = json else {
            return plain(.badRequest, "Unable to parse request: not a JSON object")
        }
        guard let method = o["method"]?.stringValue, !method.isEmpty else { return plain(.badRequest, "Null method") }
        var params: [String: JSONValue] = [:]
        switch o["params"] {
        case nil, .null?: break
        case .array(let items)?:
            let first = items.first ?? .object([:])
            guard items.count <= 1, case .object(let p) = first else {
                return plain(.badRequest, "params unparseable")
            }
            params = p
        case .object(let p)?: params = p
        default: return plain(.badRequest, "params unparseable")
        }
        let apiVersion = params["api_version"]?.intValue ?? XRPLAPIVersion.unspecified
        var echo = params
        echo["command"] = .string(method)
        logger.debug("rpc \(method)", metadata: ["request": .string(SecretFields.masked(.object(echo)).serialized())])
        switch await service.handle(method: method, params: params, apiVersion: apiVersion, session: nil) {
        case .dropped:
            // The dropped-submit fault: the client never hears back. Closing without a response
            // is what a lost reply looks like from the client side.
            throw HTTPError(.serviceUnavailable)
        case .reply(.success(let result)):
            return jsonResponse(RPCEnvelope.jsonRPCSuccess(result: result))
        case .reply(.failure(let error)):
            return jsonResponse(RPCEnvelope.jsonRPCError(error, request: .object(echo)))
        }
    }

    private func jsonResponse(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
