import AxisCodec
import AxisTestSupport
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite("Frame decoding (PROTOCOL.md §2.1)")
struct FrameDecoderTests {
    static let maxPayload = 1 << 20

    static func limits(maxPayload: Int = FrameDecoderTests.maxPayload) -> InboundLimits {
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        limits.handshakeCompleted(version: 1, maxPayloadBytes: maxPayload)
        return limits
    }

    static func header(length: UInt32, version: UInt8 = 1, flags: UInt8 = 0, opcode: UInt16 = 2, id: UInt32 = 1) -> [UInt8] {
        var buffer = ByteBuffer()
        FrameHeader(length: length, version: version, flags: FrameFlags(rawValue: flags), opcode: Opcode(opcode), requestID: id)
            .write(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func frames(count: Int) throws -> [(ByteBuffer, [Frame])] {
        try (0..<count).map { index in
            let frame = Frame.request(Ping(data: Array("p\(index)".utf8)), opcode: .ping, requestID: UInt32(index + 1))
            var bytes = ByteBuffer()
            try FrameEncoder.encode(frame, into: &bytes, maxPayloadBytes: 1 << 20)
            return (bytes, [frame])
        }
    }

    @Test("split delivery: drip-fed, coalesced and shuffled (ByteToMessageDecoderVerifier)")
    func splitDelivery() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: try Self.frames(count: 20)) {
            FrameDecoder(limits: Self.limits())
        }
    }

    @Test("the handler decodes frames delivered one byte at a time and all at once", arguments: [1, 3, 1000])
    func handlerChunking(chunkSize: Int) throws {
        let channel = EmbeddedChannel(handler: FrameDecodingHandler(decoder: FrameDecoder(limits: Self.limits())))
        var all = ByteBuffer()
        let frames = try Self.frames(count: 10)
        for (bytes, _) in frames { all.writeImmutableBuffer(bytes) }
        while all.readableBytes > 0 {
            let chunk = all.readSlice(length: min(chunkSize, all.readableBytes))!
            try channel.writeInbound(chunk)
        }
        for (_, expected) in frames {
            #expect(try channel.readInbound(as: Frame.self) == expected[0])
        }
        #expect(try channel.readInbound(as: Frame.self) == nil)
        #expect(try channel.finish().isClean)
    }

    /// (description, bytes, expected error code or nil for a frame)
    static let malformed: [(String, [UInt8], CodecError.Code?)] = [
        ("length 0", header(length: 0), .frameTooShort),
        ("length 7", header(length: 7), .frameTooShort),
        ("length UInt32.max", header(length: .max), .frameTooLarge),
        ("payload max + 1", header(length: UInt32(maxPayload) + 9), .frameTooLarge),
        ("wrong version", header(length: 8, version: 2), .unsupportedFrameVersion),
        ("version 0", header(length: 8, version: 0), .unsupportedFrameVersion),
        ("reserved flag 0x01", header(length: 8, flags: 0x01), .reservedFlagBits),
        ("reserved flag 0x08", header(length: 8, flags: 0x08), .reservedFlagBits),
        ("zero-length payload", header(length: 8), nil),
    ]

    @Test("malformed headers are refused before the payload", arguments: 0..<FrameDecoderTests.malformed.count)
    func malformedHeaders(index: Int) throws {
        let (name, bytes, code) = Self.malformed[index]
        var decoder = FrameDecoder(limits: Self.limits())
        var buffer = ByteBuffer(bytes: bytes)
        if let code {
            // The header alone must be enough to refuse: the payload never arrives.
            #expect("\(name)", performing: { _ = try decoder.decodeFrame(buffer: &buffer) }, throws: { ($0 as? CodecError)?.code == code })
            #expect((CodecError(code, "")).code.isFatal)
        } else {
            #expect(try decoder.decodeFrame(buffer: &buffer)?.payload.readableBytes == 0, "\(name)")
        }
    }

    @Test("payload sizes at the limit", arguments: [maxPayload - 1, maxPayload, maxPayload + 1])
    func payloadAtLimit(size: Int) throws {
        var decoder = FrameDecoder(limits: Self.limits())
        var buffer = ByteBuffer(bytes: Self.header(length: UInt32(size + 8)))
        buffer.writeRepeatingByte(0, count: size)
        if size <= Self.maxPayload {
            #expect(try decoder.decodeFrame(buffer: &buffer)?.payload.readableBytes == size)
        } else {
            #expect { _ = try decoder.decodeFrame(buffer: &buffer) } throws: { ($0 as? CodecError)?.code == .frameTooLarge }
        }
    }

    @Test("before the handshake the limit is 16 KiB")
    func preHandshakeLimit() throws {
        let limits = InboundLimits(inflation: InflationLimits(ProtocolLimits.default))
        var decoder = FrameDecoder(limits: limits)
        var ok = ByteBuffer(bytes: Self.header(length: UInt32(16 * 1024 + 8)))
        ok.writeRepeatingByte(0, count: 16 * 1024)
        #expect(try decoder.decodeFrame(buffer: &ok) != nil)
        var tooBig = ByteBuffer(bytes: Self.header(length: UInt32(16 * 1024 + 9)))
        #expect { _ = try decoder.decodeFrame(buffer: &tooBig) } throws: { ($0 as? CodecError)?.code == .frameTooLarge }
    }

    @Test("an incomplete frame waits; at end of input it is truncated")
    func truncation() throws {
        var decoder = FrameDecoder(limits: Self.limits())
        var buffer = ByteBuffer(bytes: Self.header(length: 20) + [1, 2, 3])
        #expect(try decoder.decodeFrame(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 15, "nothing consumed while waiting")
        #expect { _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true) } throws: {
            ($0 as? CodecError)?.code == .truncatedFrame
        }
    }

    @Test("the handler reports a truncated frame when the connection ends")
    func handlerTruncation() throws {
        let channel = EmbeddedChannel(handler: FrameDecodingHandler(decoder: FrameDecoder(limits: Self.limits())))
        try channel.writeInbound(ByteBuffer(bytes: Self.header(length: 20)))
        channel.pipeline.fireChannelInactive()
        #expect { try channel.throwIfErrorCaught() } throws: { ($0 as? CodecError)?.code == .truncatedFrame }
    }

    @Test("after an error the handler drops everything")
    func handlerStopsAfterError() throws {
        let channel = EmbeddedChannel(handler: FrameDecodingHandler(decoder: FrameDecoder(limits: Self.limits())))
        #expect { try channel.writeInbound(ByteBuffer(bytes: Self.header(length: 3))) } throws: { ($0 as? CodecError)?.code == .frameTooShort }
        let (valid, _) = try Self.frames(count: 1)[0]
        try channel.writeInbound(valid)
        #expect(try channel.readInbound(as: Frame.self) == nil)
    }
}
