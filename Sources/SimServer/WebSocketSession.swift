import Foundation
import HummingbirdWebSocket
import LedgerSim
import Logging
import NIOCore
import Synchronization
import XRPL

/// One WebSocket client: requests with ids in, responses and stream messages out through a
/// single writer so frames never interleave; the session ends when either side goes away.
///
/// Limits (see `RippledServer.Configuration`): a message over `maxRequestBytes` closes the
/// connection with 1009; a client whose send queue overflows is closed with 1008 "Policy error:
/// client is too slow." as rippled does, and its socket is shut once writing to it makes no
/// progress for `slowClientGrace` (a client that never reads never takes the close frame).
struct WebSocketSession: Sendable {
    let service: any RippledService
    let configuration: RippledServer.Configuration
    /// The connection itself, to shut it when a polite close cannot be delivered.
    let channel: any Channel
    let logger: Logger

    /// rippled's close reason for a client too slow for its send queue (BaseWSPeer::send).
    static let tooSlowReason = "Policy error: client is too slow."

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let session = await service.openSession()
        let queue = SendQueue(limit: configuration.sendQueueLimit, byteLimit: configuration.sendQueueByteLimit)
        let reader = ReaderEnd()
        await withTaskGroup(of: Void.self) { group in
            // The single writer. It stops at once when the client is found too slow: nothing
            // after the overflow point is sent, so what the client got is an unbroken prefix.
            group.addTask {
                for await text in queue.messages {
                    if queue.hasOverflowed { break }
                    do { try await outbound.write(.text(text)) } catch { break }
                    queue.written(text)
                }
            }
            // Server-pushed stream messages; when the service ends the session, close the socket.
            group.addTask {
                for await message in session.messages {
                    switch queue.enqueue(message.serialized()) {
                    case .queued: continue
                    case .overflowed: disconnectSlowClient(queue, outbound: outbound)
                    case .refused: break
                    }
                    await service.closeSession(session.id)
                    return
                }
                queue.finish()
                if !reader.hasEnded && !queue.hasOverflowed {
                    try? await outbound.close(.goingAway, reason: "server closed the session")
                }
            }
            // Requests, one at a time, so replies keep the requests' order.
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: configuration.maxRequestBytes) {
                        // Once the client is dropped, read and discard until the connection ends,
                        // as a WebSocket close does, so that the socket shuts with FIN, not a
                        // reset that would throw away the replies (and the close frame) still on
                        // their way to it.
                        if queue.hasOverflowed { continue }
                        let reply: String?
                        if case .text(let text) = message {
                            reply = await handle(text, session: session.id)
                        } else {
                            reply = Self.error(RPCError(token: "jsonInvalid", message: "Binary frames are not accepted."), request: .null)
                        }
                        guard let reply else { continue }
                        if queue.enqueue(reply) == .overflowed { disconnectSlowClient(queue, outbound: outbound) }
                    }
                } catch {
                    // A message over the size limit, or a protocol error: rethrown below so the
                    // close frame carries its code (1009 for too large), not a normal closure.
                    logger.debug("websocket read ended: \(error)")
                    reader.failure = error
                }
                reader.hasEnded = true
                await service.closeSession(session.id)
                queue.finish()
            }
            await group.next()
            await group.next()
            group.cancelAll()
        }
        await service.closeSession(session.id)
        if let error = reader.failure { throw error }
    }

    /// Tells the client why it is being dropped and makes sure it is. The close frame goes out
    /// after the message being written when the overflow happened; a client that never reads
    /// never takes either, so the socket is shut once writing makes no progress for the grace
    /// period, as rippled's write timer shuts it (3 s for a loopback client).
    func disconnectSlowClient(_ queue: SendQueue, outbound: WebSocketOutboundWriter) {
        let pending = queue.pending
        logger.warning(
            "websocket client disconnected: \(Self.tooSlowReason) (\(pending.count) messages, \(pending.bytes) bytes waiting; limits \(configuration.sendQueueLimit) messages, \(configuration.sendQueueByteLimit) bytes)")
        // Unstructured: the close frame waits behind the writes the client is not reading, and
        // must hold up neither the request loop nor the stream forwarder.
        Task { try? await outbound.close(.policyViolation, reason: Self.tooSlowReason) }
        let channel = self.channel
        let grace = configuration.slowClientGrace
        Task {
            var seen = queue.writtenCount
            while channel.isActive {
                try? await Task.sleep(for: grace)
                let now = queue.writtenCount
                if now == seen { break }
                seen = now
            }
            channel.close(promise: nil)
        }
    }

    /// The reply text for one request frame, or nil when the reply is (deliberately) dropped.
    func handle(_ text: String, session: SessionID) async -> String? {
        guard let json = try? JSONValue.parse(text, maxDepth: RippledServer.jsonNestingLimit), case .object(var o) = json else {
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

/// How the request loop ended, shared with the other tasks of the session. Once it has ended,
/// the close that ended it is under way, and a "server closed the session" must not replace it;
/// a read failure (a message over the limit) is rethrown so the close carries its code.
final class ReaderEnd: Sendable {
    private let state = Mutex<(ended: Bool, failure: (any Error)?)>((false, nil))

    var hasEnded: Bool {
        get { state.withLock { $0.ended } }
        set { state.withLock { $0.ended = newValue } }
    }

    var failure: (any Error)? {
        get { state.withLock { $0.failure } }
        set { state.withLock { $0.failure = newValue } }
    }
}
