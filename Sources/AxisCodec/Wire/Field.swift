public import NIOCore

/// One tagged field read from a payload: its number and its raw value.
///
/// The typed accessors check the wire type and the range, so a message decoder reads as
/// `case 3: name = try field.string(maxBytes: 256)`.
public struct Field: Sendable {
    /// The raw value of a field, before interpretation.
    public enum Value: Sendable, Hashable {
        case varint(UInt64)
        case bytes(ByteBuffer)
    }

    /// The field number (1 ... 2^29-1).
    public let number: UInt32
    /// The value as read from the wire.
    public let value: Value

    public init(number: UInt32, value: Value) {
        self.number = number
        self.value = value
    }

    // MARK: - Integers

    /// The value as an unsigned 64-bit integer.
    public func uint64() throws(CodecError) -> UInt64 {
        guard case .varint(let raw) = self.value else {
            throw CodecError(.wrongWireType, "field \(self.number) must be a varint", field: self.number)
        }
        return raw
    }

    /// The value as an unsigned integer of type `T`, rejecting values that do not fit.
    public func unsigned<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self) throws(CodecError) -> T {
        let raw = try self.uint64()
        guard let value = T(exactly: raw) else {
            throw CodecError(
                .fieldOutOfRange, "field \(self.number) value \(raw) exceeds \(T.max)",
                field: self.number, limit: UInt64(T.max))
        }
        return value
    }

    /// The value as a signed 64-bit integer, zigzag-encoded (0, -1, 1, -2 … → 0, 1, 2, 3 …).
    public func int64() throws(CodecError) -> Int64 {
        let raw = try self.uint64()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// The value as a boolean: 0 or 1, anything else is out of range.
    public func bool() throws(CodecError) -> Bool {
        switch try self.uint64() {
        case 0: return false
        case 1: return true
        case let other:
            throw CodecError(.fieldOutOfRange, "field \(self.number) is a boolean, got \(other)", field: self.number)
        }
    }

    // MARK: - Bytes and strings

    /// The value as raw bytes, at most `maxBytes` long.
    public func bytes(maxBytes: Int) throws(CodecError) -> ByteBuffer {
        guard case .bytes(let buffer) = self.value else {
            throw CodecError(.wrongWireType, "field \(self.number) must be length-delimited", field: self.number)
        }
        guard buffer.readableBytes <= maxBytes else {
            throw CodecError(
                .stringTooLong, "field \(self.number) is \(buffer.readableBytes) bytes, the maximum is \(maxBytes)",
                field: self.number, limit: UInt64(maxBytes))
        }
        return buffer
    }

    /// The value as raw bytes copied into an array, at most `maxBytes` long.
    public func byteArray(maxBytes: Int) throws(CodecError) -> [UInt8] {
        var buffer = try self.bytes(maxBytes: maxBytes)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// The value as a UTF-8 string of at most `maxBytes` bytes, validated.
    public func string(maxBytes: Int) throws(CodecError) -> String {
        guard let string = try self.bytes(maxBytes: maxBytes).readableBytesAsValidatedUTF8() else {
            throw CodecError(.invalidUTF8, "field \(self.number) is not valid UTF-8", field: self.number)
        }
        return string
    }

    // MARK: - Composite values

    /// The value as a nested message.
    public func message<M: WireDecodable>(_: M.Type = M.self) throws(CodecError) -> M {
        var buffer = try self.bytes(maxBytes: Int.max)
        return try M(fromPayload: &buffer)
    }

    /// The value as a packed list of varints, at most `maxCount` of them.
    ///
    /// The count is bounded before anything is stored: each varint takes at least one byte,
    /// so a list can never hold more elements than its byte length.
    public func packedVarints(maxCount: Int) throws(CodecError) -> [UInt64] {
        var buffer = try self.bytes(maxBytes: Int.max)
        var values: [UInt64] = []
        values.reserveCapacity(min(buffer.readableBytes, maxCount))
        while buffer.readableBytes > 0 {
            guard values.count < maxCount else {
                throw CodecError(
                    .countTooLarge, "field \(self.number) has more than \(maxCount) elements",
                    field: self.number, limit: UInt64(maxCount))
            }
            values.append(try buffer.readVarint())
        }
        return values
    }
}
