public import NIOCore

/// Writing tagged fields (Protocol/PROTOCOL.md §3.2). Encoders write fields in ascending
/// field-number order and omit absent optional fields, which makes the encoding canonical:
/// one message, one byte sequence (the golden vectors rely on it).
extension ByteBuffer {
    /// Writes a field key.
    @inlinable
    public mutating func writeFieldKey(_ number: UInt32, _ wireType: WireType) {
        self.writeVarint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// Writes an unsigned integer field.
    @inlinable
    public mutating func writeField(_ number: UInt32, _ value: some FixedWidthInteger & UnsignedInteger) {
        self.writeFieldKey(number, .varint)
        self.writeVarint(UInt64(value))
    }

    /// Writes a signed integer field, zigzag-encoded.
    @inlinable
    public mutating func writeField(_ number: UInt32, signed value: Int64) {
        self.writeFieldKey(number, .varint)
        self.writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a boolean field (0 or 1).
    @inlinable
    public mutating func writeField(_ number: UInt32, _ value: Bool) {
        self.writeFieldKey(number, .varint)
        self.writeVarint(value ? 1 : 0)
    }

    /// Writes a UTF-8 string field.
    @inlinable
    public mutating func writeField(_ number: UInt32, _ value: String) {
        self.writeFieldKey(number, .lengthDelimited)
        self.writeVarint(UInt64(value.utf8.count))
        self.writeString(value)
    }

    /// Writes a bytes field.
    @inlinable
    public mutating func writeField(_ number: UInt32, bytes value: ByteBuffer) {
        self.writeFieldKey(number, .lengthDelimited)
        self.writeVarint(UInt64(value.readableBytes))
        self.writeImmutableBuffer(value)
    }

    /// Writes a bytes field.
    @inlinable
    public mutating func writeField(_ number: UInt32, bytes value: some Collection<UInt8>) {
        self.writeFieldKey(number, .lengthDelimited)
        self.writeVarint(UInt64(value.count))
        self.writeBytes(value)
    }

    /// Writes a packed list of varints.
    public mutating func writeField(_ number: UInt32, packed values: some Collection<UInt64>) {
        self.writeFieldKey(number, .lengthDelimited)
        let length = values.reduce(0) { $0 + Self.varintSize($1) }
        self.writeVarint(UInt64(length))
        for value in values { self.writeVarint(value) }
    }

    /// Writes a nested message field.
    public mutating func writeField(_ number: UInt32, message: some WireEncodable) {
        self.writeLengthDelimitedField(number, expectedLength: message.encodedLengthHint) { buffer in message.encode(into: &buffer) }
    }

    /// Writes a length-delimited field whose content `body` writes.
    ///
    /// The length is back-patched: room is reserved for the varint of `expectedLength` (one
    /// byte by default, which covers most nested messages). If the body's real length needs
    /// a different number of bytes, the body is moved to fit, which costs a copy, never a
    /// wrong encoding: the varint is always minimal.
    public mutating func writeLengthDelimitedField(_ number: UInt32, expectedLength: Int = 0, _ body: (inout ByteBuffer) -> Void) {
        self.writeFieldKey(number, .lengthDelimited)
        let lengthIndex = self.writerIndex
        let reserved = Self.varintSize(UInt64(max(0, expectedLength)))
        self.writeRepeatingByte(0, count: reserved)
        let bodyStart = self.writerIndex
        body(&self)
        let bodyLength = self.writerIndex - bodyStart
        let lengthSize = Self.varintSize(UInt64(bodyLength))
        if lengthSize != reserved {
            // Move the body so that exactly `lengthSize` bytes precede it.
            let newStart = lengthIndex + lengthSize
            // Cannot fail: the body was just written, so it is readable. Overlap is allowed.
            _ = try? self.copyBytes(at: bodyStart, to: newStart, length: bodyLength)
            self.moveWriterIndex(to: newStart + bodyLength)
        }
        // Write the varint in place, then restore the writer index.
        let end = self.writerIndex
        self.moveWriterIndex(to: lengthIndex)
        self.writeVarint(UInt64(bodyLength))
        self.moveWriterIndex(to: end)
    }
}
