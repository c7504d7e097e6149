import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking loopback TCP connection with timeouts, for clients that misbehave on purpose
/// (never read, send one huge frame, send a 10 MB body): no client library lets a test do that.
public final class RawConnection: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// A failed system call: `what` and errno's text.
        init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
        /// Anything else that went wrong.
        public init(message: String) { description = message }
    }

    public let fd: Int32

    /// `receiveBuffer` pins the kernel's receive buffer (no autotuning), so a client that never
    /// reads fills up after that many bytes instead of tens of megabytes.
    public init(port: Int, receiveBuffer: Int? = nil, timeout: Double = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        setTimeout(timeout)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok else {
            let e = Failure("connect")
            Glibc.close(fd)
            throw e
        }
    }

    deinit { Glibc.close(fd) }

    /// Send and receive timeouts: a blocked call fails after this long instead of hanging.
    public func setTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes everything, or throws (a peer that closed gives EPIPE, never SIGPIPE).
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure("send") }
            sent += n
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Up to `max` bytes; nil at end of stream. Throws on a reset or a timeout.
    public func receive(max: Int = 65_536, wait: Bool = true) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, max, wait ? 0 : Int32(MSG_DONTWAIT)) }
        if n == 0 { return nil }
        if n < 0 {
            if !wait && (errno == EAGAIN || errno == EWOULDBLOCK) { return [] }
            throw Failure("recv")
        }
        return Array(buffer[0..<n])
    }

    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }
}

/// One HTTP/1.1 exchange on a fresh connection ("Connection: close"): the status and body.
public enum RawHTTP {
    public static func post(port: Int, body: String, timeout: Double = 30) throws -> (status: Int, body: String) {
        let c = try RawConnection(port: port, timeout: timeout)
        let bytes = Array(body.utf8)
        try c.send("POST / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n")
        try c.send(bytes)
        var response: [UInt8] = []
        while let chunk = try c.receive() { response += chunk }
        return parse(response)
    }

    public static func get(port: Int, path: String, timeout: Double = 30) throws -> (status: Int, body: String) {
        let c = try RawConnection(port: port, timeout: timeout)
        try c.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        var response: [UInt8] = []
        while let chunk = try c.receive() { response += chunk }
        return parse(response)
    }

    public static func parse(_ response: [UInt8]) -> (status: Int, body: String) {
        let text = String(decoding: response, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        guard let split = text.range(of: "\r\n\r\n") else { return (status, "") }
        return (status, String(text[split.upperBound...]))
    }
}

/// A minimal WebSocket client over `RawConnection`: masked text frames out, frames in.
public final class RawWebSocket: @unchecked Sendable {
    public enum Frame: Equatable {
        case text(String)
        case close(code: UInt16?, reason: String)
        case other(opcode: UInt8)
    }

    public let connection: RawConnection
    private var buffer: [UInt8] = []

    public init(port: Int, receiveBuffer: Int? = nil, timeout: Double = 30) throws {
        connection = try RawConnection(port: port, receiveBuffer: receiveBuffer, timeout: timeout)
        try connection.send(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        while true {
            if let end = Self.headerEnd(buffer) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                guard head.hasPrefix("HTTP/1.1 101") else { throw RawConnection.Failure(message: "handshake refused: \(head)") }
                start = end + 4
                return
            }
            guard let chunk = try connection.receive() else { throw RawConnection.Failure(message: "closed during handshake") }
            buffer += chunk
        }
    }

    static func headerEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    /// One masked frame, as a client must send it (RFC 6455 §5.2).
    public static func frame(_ payload: [UInt8], opcode: UInt8 = 0x1) -> [UInt8] {
        var out: [UInt8] = [0x80 | opcode]
        let n = payload.count
        if n < 126 {
            out.append(0x80 | UInt8(n))
        } else if n <= 0xFFFF {
            out += [0x80 | 126, UInt8(n >> 8), UInt8(n & 0xFF)]
        } else {
            out.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xFF)) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        out += mask
        out.reserveCapacity(out.count + n)
        for (i, b) in payload.enumerated() { out.append(b ^ mask[i & 3]) }
        return out
    }

    public func sendText(_ text: String) throws { try connection.send(Self.frame(Array(text.utf8))) }

    /// The next complete frame (continuations joined); nil when the stream ends.
    public func readFrame() throws -> Frame? {
        var message: [UInt8] = []
        var messageOpcode: UInt8 = 0
        while true {
            guard let (fin, opcode, payload) = try readRawFrame() else { return nil }
            if opcode == 0x8 {
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
                return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
            }
            if opcode == 0x9 || opcode == 0xA { continue }  // ping / pong
            if opcode != 0 { messageOpcode = opcode }
            message += payload
            if fin { return messageOpcode == 0x1 ? .text(String(decoding: message, as: UTF8.self)) : .other(opcode: messageOpcode) }
        }
    }

    /// Unread bytes start at `start`; consumed bytes are dropped only when more must be read,
    /// so reading thousands of small frames stays linear.
    private var start = 0

    private func need(_ n: Int) throws -> Bool {
        while buffer.count - start < n {
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            guard let chunk = try connection.receive() else { return false }
            buffer += chunk
        }
        return true
    }

    private func byte(_ i: Int) -> UInt8 { buffer[start + i] }

    private func readRawFrame() throws -> (Bool, UInt8, [UInt8])? {
        guard try need(2) else { return nil }
        let fin = byte(0) & 0x80 != 0
        let opcode = byte(0) & 0x0F
        var length = Int(byte(1) & 0x7F)
        var header = 2
        if length == 126 {
            guard try need(4) else { return nil }
            length = Int(byte(2)) << 8 | Int(byte(3))
            header = 4
        } else if length == 127 {
            guard try need(10) else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(byte($1)) }
            header = 10
        }
        guard try need(header + length) else { return nil }
        let payload = Array(buffer[(start + header)..<(start + header + length)])
        start += header + length
        return (fin, opcode, payload)
    }
}

/// Runs blocking socket code on a thread of its own and awaits it, so that a test talking to an
/// in-process server never blocks a thread the server's own tasks need.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
