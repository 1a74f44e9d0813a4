import AxisCodec
import AxisTestSupport
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server whose worker threads are all busy still takes new connections and answers their
/// preface: accepting runs on the event loop, not on Swift's cooperative pool.
@Suite("End to end: a busy server", .serialized, .timeLimit(.minutes(3)))
struct BusyPoolTests {
    @Test("every thread of the cooperative pool blocked: a new connection still gets the server's preface and HELLO reply")
    func acceptsWhilePoolIsBusy() async throws {
        try await withTestServer { server in
            // Block every other thread of the pool; this test's own thread blocks in the
            // exchange below, so no task can run until the gate opens.
            let others = max(ProcessInfo.processInfo.activeProcessorCount - 1, 1)
            let gate = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let blockers = (0..<others).map { _ in
                Task.detached {
                    started.signal()
                    gate.wait()
                }
            }
            for _ in 0..<others { started.wait() }
            let probe = DispatchSemaphore(value: 0)
            Task.detached { probe.signal() }
            let poolWasFree = probe.wait(timeout: .now() + 1) == .success
            var hello = ByteBuffer()
            try FrameEncoder.encode(
                .request(Hello(clientName: "busy", clientVersion: "1"), opcode: .hello, requestID: 1), into: &hello,
                maxPayloadBytes: 1 << 20)
            let reply = Self.exchange(port: server.address.port, send: Preface.bytes + Array(hello.readableBytesView), receive: 8 + 12)
            for _ in 0..<others { gate.signal() }
            for blocker in blockers { await blocker.value }
            #expect(!poolWasFree, "the pool had a free thread: the test proves nothing")
            #expect(reply.count == 20 && reply.starts(with: Preface.bytes), "no preface and HELLO reply within 5 s while the pool was busy: \(reply)")
            #expect(reply.count == 20 && FrameHeader.peek(in: ByteBuffer(bytes: reply.dropFirst(8)))?.opcode == .hello)
        }
    }

    /// Connects with a blocking socket, sends `bytes`, and reads `receive` bytes (5 s at most).
    static func exchange(port: Int, send bytes: [UInt8], receive wanted: Int) -> [UInt8] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return [] }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return [] }
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        var reply = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let count = reply.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + got, wanted - got, 0) }
            if count <= 0 { break }
            got += count
        }
        return Array(reply[..<got])
    }
}
