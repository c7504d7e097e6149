import NIOCore
import NIOWebSocket

/// Echoes the client's close code, as rippled's WebSocket (Boost.Beast) does: a client closing
/// with 4000 gets 4000 back. The WebSocket library answers every client close with 1000, and
/// xrpl.js reads anything but its own code as a dropped connection and reconnects forever, so
/// every client teardown would hang.
///
/// Sits between the frame decoder and the session: it remembers the code of the client's close
/// frame and rewrites the library's 1000 reply to it. A close the server starts (1008 for a
/// slow client, 1009 for an oversized message) is never touched, nor is a reply to a client
/// close that carried no code.
final class CloseCodeEcho: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var clientCode: UInt16?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .connectionClose {
            var payload = frame.unmaskedData
            clientCode = payload.readInteger(as: UInt16.self)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        guard frame.opcode == .connectionClose, let code = clientCode, code != 1000 else {
            context.write(data, promise: promise)
            return
        }
        var payload = frame.data
        guard payload.readableBytes == 2, payload.readInteger(as: UInt16.self) == 1000 else {
            context.write(data, promise: promise)
            return
        }
        var echoed = context.channel.allocator.buffer(capacity: 2)
        echoed.writeInteger(code)
        context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: echoed)), promise: promise)
    }

    /// Installs the handler right after the frame decoder of an upgraded WebSocket channel.
    static func install(on channel: any Channel) async throws {
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
            try pipeline.addHandler(CloseCodeEcho(), position: .after(decoder))
        }.get()
    }
}
