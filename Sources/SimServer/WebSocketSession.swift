import Foundation
import HummingbirdWebSocket
import LedgerSim
import Logging
import XRPL

/// One WebSocket client: requests with ids in, responses and stream messages out through a
/// single writer so frames never interleave; the session ends when either side goes away.
struct WebSocketSession: Sendable {
    let service: any RippledService
    let maxBytes: Int
    let logger: Logger

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let session = await service.openSession()
        let (outgoing, out) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        await withTaskGroup(of: Void.self) { group in
            // The single writer.
            group.addTask {
                for await text in outgoing {
                    do { try await outbound.write(.text(text)) } catch { break }
                }
            }
            // Server-pushed stream messages; when the service ends the session, close the socket.
            group.addTask {
                for await message in session.messages {
                    // A client too slow for its send queue is disconnected (as rippled does),
                    // never silently skipped: it reconnects and backfills what it missed.
                    if case .dropped = out.yield(message.serialized()) {
                        out.finish()
                        try? await outbound.close(.goingAway, reason: "client too slow")
                        await service.closeSession(session.id)
                        return
                    }
                }
                out.finish()
                try? await outbound.close(.goingAway, reason: "server closed the session")
            }
            // Requests.
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: maxBytes) {
                        guard case .text(let text) = message else {
                            out.yield(Self.error(RPCError(token: "jsonInvalid", message: "Binary frames are not accepted."), request: .null))
                            continue
                        }
                        if let reply = await handle(text, session: session.id) { out.yield(reply) }
                    }
                } catch {
                    logger.debug("websocket read ended: \(error)")
                }
                await service.closeSession(session.id)
                out.finish()
            }
            await group.next()
            await group.next()
            group.cancelAll()
        }
        await service.closeSession(session.id)
    }

    /// The reply text for one request frame, or nil when the reply is (deliberately) dropped.
    func handle(_ text: String, session: SessionID) async -> String? {
        guard let json = try? JSONValue.parse(text), case .object(var o) = json else {
            return Self.error(RPCError(token: "jsonInvalid", message: "Unable to parse request."), request: .null)
        }
        let id = o["id"]
        guard let command = (o["command"] ?? o["method"])?.stringValue, !command.isEmpty else {
            return Self.error(RPCError(.missingCommand, message: "Missing command entry."), request: json)
        }
        var apiVersion = XRPLAPIVersion.unspecified
        if let v = o["api_version"] {
            guard let n = v.intValue, (1...2).contains(n) else {
                return Self.error(RPCError(.invalidAPIVersion, message: "Invalid API version."), request: json)
            }
            apiVersion = n
        }
        for key in ["id", "command", "method", "api_version"] { o[key] = nil }
        logger.debug("ws \(command)", metadata: ["request": .string(SecretFields.masked(json).serialized())])
        switch await service.handle(method: command, params: o, apiVersion: apiVersion, session: session) {
        case .dropped:
            return nil
        case .reply(.success(let result)):
            return RPCEnvelope.webSocketSuccess(id: id, result: result, apiVersion: json["api_version"] == nil ? nil : apiVersion).serialized()
        case .reply(.failure(let error)):
            return RPCEnvelope.webSocketError(error, request: json).serialized()
        }
    }

    static func error(_ error: RPCError, request: JSONValue) -> String {
        RPCEnvelope.webSocketError(error, request: request).serialized()
    }
}
