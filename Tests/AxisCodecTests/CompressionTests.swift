import AxisCodec
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

@Suite("Compressed payloads (PROTOCOL.md §2.3)")
struct CompressionTests {
    let limits = InflationLimits(maxInflatedBytes: 8 << 20, maxRatio: 100)

    func compressedFrame(declared: UInt32, stream: [UInt8]) -> Frame {
        var payload = ByteBuffer()
        payload.writeInteger(declared)
        payload.writeBytes(stream)
        return Frame(flags: [.compressed], opcode: .ping, requestID: 1, payload: payload)
    }

    @Test("a declared size over the cap is refused without inflating (1 KiB -> 1 GiB)")
    func declaredOverCap() throws {
        let frame = self.compressedFrame(declared: 1 << 30, stream: [UInt8](repeating: 0, count: 1024))
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: true, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .compressedTooLarge
        }
    }

    @Test("a ratio over 100:1 is refused without inflating")
    func ratio() throws {
        let stream = try Deflater().compress([UInt8](repeating: 0, count: 100_000))
        let declared = UInt32(stream.count * 100 + 1)
        let frame = self.compressedFrame(declared: declared, stream: stream)
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: true, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .compressionRatioExceeded
        }
    }

    @Test("a real bomb that declares a small size stops at the declared size")
    func lyingBomb() throws {
        let stream = try Deflater(level: 9).compress([UInt8](repeating: 0, count: 8 << 20))
        let frame = self.compressedFrame(declared: UInt32(stream.count * 50), stream: stream)
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: true, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .corruptCompressedPayload
        }
    }

    @Test("a stream shorter than declared is refused")
    func shortStream() throws {
        let stream = try Deflater().compress([UInt8](repeating: 7, count: 100))
        let frame = self.compressedFrame(declared: 150, stream: stream)
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: true, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .corruptCompressedPayload
        }
    }

    @Test("compressed frames before the handshake are refused")
    func beforeHandshake() throws {
        let frame = Frame.request(Ping(), opcode: .ping, requestID: 1).compressed(with: try Deflater())
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: false, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .compressionNotAllowed
        }
    }

    @Test("a payload shorter than its prefix is refused")
    func noPrefix() throws {
        let frame = Frame(flags: [.compressed], opcode: .ping, requestID: 1, payload: ByteBuffer(bytes: [0, 0]))
        #expect { _ = try frame.decompressed(limits: self.limits, compressionAllowed: true, inflater: Inflater()) } throws: {
            ($0 as? CodecError)?.code == .corruptCompressedPayload
        }
    }

    @Test("every compression failure is request-scoped, not fatal")
    func requestScoped() {
        for code in [CodecError.Code.compressedTooLarge, .compressionRatioExceeded, .corruptCompressedPayload, .compressionNotAllowed] {
            #expect(!code.isFatal)
            #expect(ErrorCode(CodecError(code, "")) == .decompressLimit)
        }
    }
}
