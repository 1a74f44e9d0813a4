import AxisClient
import AxisCodec
import AxisServer
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

/// Each bad input gets its documented reaction, and a second, well-behaved client keeps being
/// served throughout (PROTOCOL.md §2.1, §2.3, §8.3; PROTOCOL-NOTES "what went wrong").
@Suite("End to end: hostile input", .timeLimit(.minutes(3)))
struct HostileInputTests {
    /// Runs `attack` against a server while a second client is connected; checks the second
    /// client is served before and after.
    func withBystander(_ attack: @Sendable (TestServer) async throws -> Void) async throws {
        try await withTestServer { server in
            let bystander = try await AxisConnection.connect(to: server.address)
            #expect(try await bystander.call(Ping(data: [1])).data == [1])
            try await attack(server)
            #expect(try await bystander.call(Ping(data: [2])).data == [2])
            await bystander.close()
        }
    }

    static func goAway(in bytes: [UInt8]) throws -> GoAway {
        var buffer = ByteBuffer(bytes: bytes)
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        limits.handshakeCompleted(version: 1, maxPayloadBytes: 1 << 20)
        var decoder = FrameDecoder(limits: limits)
        while let frame = try decoder.decodeFrame(buffer: &buffer) {
            if frame.opcode == .goAway {
                var payload = frame.payload
                return try GoAway(fromPayload: &payload)
            }
        }
        throw TestSupportError("no GOAWAY in \(bytes)")
    }

    static func wireError(_ frame: Frame) throws -> WireError {
        #expect(frame.isError)
        var payload = frame.payload
        return try WireError(fromPayload: &payload)
    }

    @Test("random bytes instead of the preface: closed, nothing sent back")
    func garbage() async throws {
        try await self.withBystander { server in
            var random = SplitMix64(seed: 99)
            let raw = try await RawConnection.connect(to: server.address)
            try await raw.send((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next() | 1) })
            #expect(try await raw.receiveUntilClosed().isEmpty)
        }
    }

    @Test("a TLS ClientHello: closed without allocating its 'length'")
    func tls() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.connect(to: server.address)
            // 16 03 01 02 00: a ClientHello record header (0x16030102 would be a 369 MB length).
            try await raw.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03])
            #expect(try await raw.receiveUntilClosed().isEmpty)
        }
    }

    @Test("an HTTP request: a plain-text 400 saying this port speaks Axis, then closed")
    func http() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.connect(to: server.address)
            try await raw.send(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".utf8))
            let reply = String(decoding: try await raw.receiveUntilClosed(), as: UTF8.self)
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request"))
            #expect(reply.contains("Axis binary protocol"))
        }
    }

    @Test("an oversized length: GOAWAY FRAME_TOO_LARGE, then closed")
    func oversized() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            var header = ByteBuffer()
            FrameHeader(length: 0x7FFF_FFFF, version: 1, flags: [], opcode: .ping, requestID: 2).write(into: &header)
            try await raw.send(header)
            let goAway = try Self.goAway(in: try await raw.receiveUntilClosed())
            #expect(goAway.code == .frameTooLarge)
            #expect(goAway.lastRequestID == 1)
        }
    }

    @Test("a frame one byte over the pre-handshake limit: GOAWAY FRAME_TOO_LARGE")
    func oversizedBeforeHandshake() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.connect(to: server.address)
            try await raw.send(Preface.bytes)
            var frame = ByteBuffer()
            FrameHeader(length: UInt32(16 * 1024 + 9), version: 1, flags: [], opcode: .ping, requestID: 1).write(into: &frame)
            try await raw.send(frame)
            let bytes = try await raw.receiveUntilClosed()
            #expect(Array(bytes.prefix(8)) == Preface.bytes)
            #expect(try Self.goAway(in: Array(bytes.dropFirst(8))).code == .frameTooLarge)
        }
    }

    @Test("reserved flag bits: GOAWAY BAD_FRAME, then closed")
    func reservedFlags() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            var frame = ByteBuffer()
            FrameHeader(length: 8, version: 1, flags: FrameFlags(rawValue: 0x01), opcode: .ping, requestID: 2).write(into: &frame)
            try await raw.send(frame)
            #expect(try Self.goAway(in: try await raw.receiveUntilClosed()).code == .badFrame)
        }
    }

    @Test("an unknown opcode: UNSUPPORTED_OPCODE for that request, and the connection stays")
    func unknownOpcode() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            try await raw.send(frame: Frame(opcode: Opcode(0x0999), requestID: 2, payload: ByteBuffer()))
            let reply = try await raw.receiveFrame()
            #expect(reply.requestID == 2)
            #expect(reply.opcode == Opcode(0x0999))
            #expect(try Self.wireError(reply).code == .unsupportedOpcode)
            try await raw.send(frame: .request(Ping(data: [9]), opcode: .ping, requestID: 3))
            let pong = try await raw.receiveFrame()
            #expect(pong.requestID == 3 && !pong.isError)
        }
    }

    @Test("a zlib bomb (1 KiB declaring 1 GiB, and a real 8 MiB bomb): DECOMPRESS_LIMIT, connection stays")
    func zlibBomb() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            // Declares 1 GiB from 1 KiB: refused from the prefix alone.
            var declared = ByteBuffer()
            declared.writeInteger(UInt32(1 << 30))
            declared.writeRepeatingByte(0, count: 1024)
            try await raw.send(frame: Frame(flags: [.compressed], opcode: .ping, requestID: 2, payload: declared))
            #expect(try Self.wireError(try await raw.receiveFrame()).code == .decompressLimit)
            // A real bomb with an honest-looking declaration under the ratio: stops at the declared size.
            let bomb = try Deflater(level: 9).compress([UInt8](repeating: 0, count: 8 << 20))
            var real = ByteBuffer()
            real.writeInteger(UInt32(bomb.count * 90))
            real.writeBytes(bomb)
            try await raw.send(frame: Frame(flags: [.compressed], opcode: .ping, requestID: 3, payload: real))
            #expect(try Self.wireError(try await raw.receiveFrame()).code == .decompressLimit)
            // A valid compressed PING is accepted on the same connection.
            let ping = Frame.request(Ping(data: [5]), opcode: .ping, requestID: 4).compressed(with: try Deflater())
            try await raw.send(frame: ping)
            let pong = try await raw.receiveFrame()
            #expect(pong.requestID == 4 && !pong.isError)
        }
    }

    @Test("a malformed payload: BAD_PAYLOAD for that request, and the connection stays")
    func badPayload() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            // field 1 length-delimited, declares 100 bytes, has 2
            try await raw.send(frame: Frame(opcode: .ping, requestID: 2, payload: ByteBuffer(bytes: [0x0A, 100, 1, 2])))
            #expect(try Self.wireError(try await raw.receiveFrame()).code == .badPayload)
            // bad UTF-8 in HELLO's client name (a second HELLO: checked after decoding)
            var hello = ByteBuffer()
            hello.writeField(1, UInt8(1))
            hello.writeField(2, UInt8(1))
            hello.writeField(3, bytes: [0xFF, 0xFE])
            try await raw.send(frame: Frame(opcode: .hello, requestID: 3, payload: hello))
            #expect(try Self.wireError(try await raw.receiveFrame()).code == .badPayload)
            try await raw.send(frame: .request(Ping(), opcode: .ping, requestID: 4))
            #expect(try await raw.receiveFrame().isError == false)
        }
    }

    @Test("a request id that does not increase is fatal (v1.1): GOAWAY BAD_REQUEST_ID, no error frame, then close")
    func badRequestIDs() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            try await raw.send(frame: .request(Ping(), opcode: .ping, requestID: 1))
            let bytes = try await raw.receiveUntilClosed()
            let goAway = try Self.goAway(in: bytes)
            #expect(goAway.code == .badRequestID && goAway.lastRequestID == 1 && goAway.retry == .never)
            // The GOAWAY is the only frame.
            #expect(bytes.count == FrameHeader.size + goAway.frame().payload.readableBytes)
        }
    }

    @Test("the connection ends mid-frame: the server just closes it")
    func truncated() async throws {
        try await self.withBystander { server in
            let raw = try await RawConnection.handshaken(to: server.address)
            var frame = ByteBuffer()
            FrameHeader(length: 100, version: 1, flags: [], opcode: .ping, requestID: 2).write(into: &frame)
            frame.writeRepeatingByte(0, count: 10)
            try await raw.send(frame)
            await raw.close()
        }
    }
}
