import AxisCodec
import NIOCore
import Testing

@Suite("Varints (PROTOCOL.md §3.1)")
struct VarintTests {
    @Test(
        "the table of §3.1",
        arguments: [
            (UInt64(0), [UInt8]([0x00])),
            (UInt64(127), [UInt8]([0x7F])),
            (UInt64(128), [UInt8]([0x80, 0x01])),
            (UInt64(300), [UInt8]([0xAC, 0x02])),
            (UInt64.max, [UInt8]([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])),
        ] as [(UInt64, [UInt8])])
    func table(value: UInt64, bytes: [UInt8]) throws {
        var buffer = ByteBuffer()
        #expect(buffer.writeVarint(value) == bytes.count)
        #expect(Array(buffer.readableBytesView) == bytes)
        #expect(ByteBuffer.varintSize(value) == bytes.count)
        #expect(try buffer.readVarint() == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test("every power-of-two boundary round-trips")
    func boundaries() throws {
        for shift in 0..<64 {
            for value in [UInt64(1) << shift, (UInt64(1) << shift) - 1, (UInt64(1) << shift) + 1] {
                var buffer = ByteBuffer()
                buffer.writeVarint(value)
                #expect(try buffer.readVarint() == value)
            }
        }
    }

    @Test("11 bytes are refused")
    func tooLong() {
        var buffer = ByteBuffer(bytes: [UInt8](repeating: 0x80, count: 10) + [0x01])
        #expect { try buffer.readVarint() } throws: { ($0 as? CodecError)?.code == .malformedVarint }
    }

    @Test("a tenth byte above 1 overflows")
    func overflow() {
        var buffer = ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 9) + [0x02])
        #expect { try buffer.readVarint() } throws: { ($0 as? CodecError)?.code == .malformedVarint }
    }

    @Test("a truncated varint is refused and not consumed")
    func truncated() {
        var buffer = ByteBuffer(bytes: [0x80, 0x80])
        #expect { try buffer.readVarint() } throws: { ($0 as? CodecError)?.code == .truncatedPayload }
        #expect(buffer.readableBytes == 2)
    }
}
