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

    @Test(
        "a length hint never changes the bytes: minimal varint whatever the hint",
        arguments: [0, 5, 127, 128, 300, 16_383, 16_384, 70_000])
    func lengthHints(bodyLength: Int) throws {
        for hint in [0, 1, 127, 128, 16_384, 3_000_000] {
            var hinted = ByteBuffer(bytes: [0xAA])
            hinted.writeLengthDelimitedField(3, expectedLength: hint) { $0.writeRepeatingByte(0x5A, count: bodyLength) }
            var expected = ByteBuffer(bytes: [0xAA])
            expected.writeFieldKey(3, .lengthDelimited)
            expected.writeVarint(UInt64(bodyLength))
            expected.writeRepeatingByte(0x5A, count: bodyLength)
            #expect(hinted == expected, "body \(bodyLength), hint \(hint)")
        }
    }

    @Test("varints: every length from 1 to 10 bytes round-trips and is minimal")
    func varintLengths() throws {
        for shift in 0..<64 {
            for value in [UInt64(1) << shift, (UInt64(1) << shift) - 1, UInt64.max >> (63 - shift)] {
                var buffer = ByteBuffer()
                let written = buffer.writeVarint(value)
                #expect(written == ByteBuffer.varintSize(value) && buffer.readableBytes == written)
                #expect(try buffer.readVarint() == value)
            }
        }
    }

    @Test("a pack record encodes the same from a buffer and from stored bytes")
    func packRecordEncodings() throws {
        let info = SnapshotInfoMessage(key: "k", version: 1, sequence: 9, ingestTimeMilliseconds: 5, contentHash: Array(repeating: 1, count: 32), bodySize: 4)
        let body = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var fromStored = ByteBuffer()
        PackRecord.encode(info: info, body: body[100...], continued: true, into: &fromStored)
        let record = PackRecord(info: info, bodyZlib: ByteBuffer(bytes: body[100...]), continued: true)
        #expect(fromStored == record.encoded())
        var outer = ByteBuffer()
        outer.writeField(1, message: record)
        var plain = ByteBuffer()
        plain.writeLengthDelimitedField(1) { record.encode(into: &$0) }
        #expect(outer == plain)
    }
}
