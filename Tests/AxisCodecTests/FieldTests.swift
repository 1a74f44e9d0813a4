import AxisCodec
import NIOCore
import Testing

@Suite("Tagged fields (PROTOCOL.md §3.2–3.3)")
struct FieldTests {
    private func fields(_ bytes: [UInt8]) throws -> [Field] {
        var reader = FieldReader(ByteBuffer(bytes: bytes))
        var result: [Field] = []
        while let field = try reader.next() { result.append(field) }
        return result
    }

    @Test("unknown fields are skipped by message decoders")
    func unknownFieldsSkipped() throws {
        var buffer = ByteBuffer()
        buffer.writeField(1, bytes: [0x68, 0x69])
        buffer.writeField(15, UInt64(99))  // unknown varint
        buffer.writeField(16, "unknown string")  // unknown length-delimited
        let ping = try Ping(fromPayload: &buffer)
        #expect(ping.data == [0x68, 0x69])
    }

    @Test("the last value of a non-repeated field wins")
    func lastWins() throws {
        var buffer = ByteBuffer()
        buffer.writeField(1, UInt64(5))
        buffer.writeField(1, UInt64(9))
        #expect(try Cancel(fromPayload: &buffer).requestID == 9)
    }

    @Test("a length past the end is refused before slicing")
    func lengthPastEnd() {
        // field 1, length-delimited, declares 2^32 bytes, has 1
        #expect { _ = try fields([0x0A, 0x80, 0x80, 0x80, 0x80, 0x10, 0x41]) } throws: {
            ($0 as? CodecError)?.code == .truncatedPayload
        }
    }

    @Test("wire types 1, 3, 4, 5 are refused", arguments: [UInt8(1), 3, 4, 5])
    func unsupportedWireTypes(wireType: UInt8) {
        #expect { _ = try fields([0x08 | wireType, 0x00]) } throws: {
            ($0 as? CodecError)?.code == .unsupportedWireType
        }
    }

    @Test("field number 0 is refused")
    func fieldZero() {
        #expect { _ = try fields([0x00, 0x00]) } throws: { ($0 as? CodecError)?.code == .fieldOutOfRange }
    }

    @Test("typed accessors check wire type and range")
    func typedAccessors() throws {
        let varint = Field(number: 1, value: .varint(300))
        #expect { _ = try varint.string(maxBytes: 10) } throws: { ($0 as? CodecError)?.code == .wrongWireType }
        #expect { _ = try varint.unsigned(UInt8.self) } throws: { ($0 as? CodecError)?.code == .fieldOutOfRange }
        #expect(try varint.unsigned(UInt16.self) == 300)
        #expect { _ = try varint.bool() } throws: { ($0 as? CodecError)?.code == .fieldOutOfRange }
        let bytes = Field(number: 2, value: .bytes(ByteBuffer(bytes: [0xFF, 0xFE])))
        #expect { _ = try bytes.uint64() } throws: { ($0 as? CodecError)?.code == .wrongWireType }
        #expect { _ = try bytes.string(maxBytes: 10) } throws: { ($0 as? CodecError)?.code == .invalidUTF8 }
        #expect { _ = try bytes.bytes(maxBytes: 1) } throws: { ($0 as? CodecError)?.code == .stringTooLong }
        #expect(try bytes.bytes(maxBytes: 2).readableBytes == 2)
    }

    @Test("zigzag signed integers round-trip", arguments: [Int64(0), -1, 1, -2, Int64.max, Int64.min])
    func zigzag(value: Int64) throws {
        var buffer = ByteBuffer()
        buffer.writeField(3, signed: value)
        var reader = FieldReader(buffer)
        #expect(try reader.next()?.int64() == value)
    }

    @Test("a packed list stops at its maximum count while reading")
    func packedCount() throws {
        var buffer = ByteBuffer()
        buffer.writeField(5, packed: [UInt64](repeating: 1, count: 1025))
        var reader = FieldReader(buffer)
        let field = try #require(try reader.next())
        #expect { _ = try field.packedVarints(maxCount: 1024) } throws: { ($0 as? CodecError)?.code == .countTooLarge }
        #expect(try field.packedVarints(maxCount: 1025).count == 1025)
    }

    @Test("nested messages longer than 127 bytes get a two-byte length")
    func longNested() throws {
        let reply = HelloReply(
            version: 1, serverName: String(repeating: "s", count: 64), serverVersion: String(repeating: "v", count: 64),
            limits: ServerLimits(
                maxPayloadBytes: 1, maxInflatedPayloadBytes: 2, maxInflationRatio: 3, maxBodyBytes: 4,
                maxInflightRequests: 5, idleTimeoutMilliseconds: 6),
            opcodes: (1...200).map { Opcode(UInt16($0)) }, connectionID: 1)
        var buffer = reply.encoded()
        #expect(try HelloReply(fromPayload: &buffer) == reply)
    }
}
