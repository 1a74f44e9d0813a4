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
        self.writeLengthDelimitedField(number) { buffer in message.encode(into: &buffer) }
    }

    /// Writes a length-delimited field whose content `body` writes.
    ///
    /// The length is back-patched: one byte is reserved, which covers bodies under 128 bytes
    /// (most nested messages); a longer body is moved right to make room for its length.
    public mutating func writeLengthDelimitedField(_ number: UInt32, _ body: (inout ByteBuffer) -> Void) {
        self.writeFieldKey(number, .lengthDelimited)
        let lengthIndex = self.writerIndex
        self.writeInteger(UInt8(0))
        let bodyStart = self.writerIndex
        body(&self)
        let bodyLength = self.writerIndex - bodyStart
        let lengthSize = Self.varintSize(UInt64(bodyLength))
        if lengthSize == 1 {
            self.setInteger(UInt8(bodyLength), at: lengthIndex)
            return
        }
        // Move the body right by (lengthSize - 1) bytes, then write the varint in front of it.
        let bodyBytes = self.getBytes(at: bodyStart, length: bodyLength) ?? []
        self.moveWriterIndex(to: lengthIndex)
        self.writeVarint(UInt64(bodyLength))
        self.writeBytes(bodyBytes)
    }
}
