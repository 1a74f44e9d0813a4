public import NIOCore

/// Reads the tagged fields of one payload, in order (Protocol/PROTOCOL.md §3.2).
///
/// Each field is a key varint `(number << 3) | wireType`, then the value. A length-delimited
/// value's length is checked against the bytes left before it is sliced, so a lying length
/// never allocates. Unknown field numbers are the caller's to skip: decoders `default: break`.
public struct FieldReader {
    /// Largest valid field number (protobuf's limit, so both agree).
    public static let maxFieldNumber: UInt32 = (1 << 29) - 1

    private var buffer: ByteBuffer

    /// - Parameter buffer: the payload; only its readable bytes are read.
    public init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    /// The next field, or `nil` at the end of the payload.
    /// - Throws: `CodecError` for a malformed key or value.
    public mutating func next() throws(CodecError) -> Field? {
        guard self.buffer.readableBytes > 0 else { return nil }
        let key = try self.buffer.readVarint()
        guard let number = UInt32(exactly: key >> 3), number >= 1, number <= Self.maxFieldNumber else {
            throw CodecError(.fieldOutOfRange, "field number \(key >> 3) is outside 1...\(Self.maxFieldNumber)")
        }
        switch WireType(rawValue: UInt8(key & 0x7)) {
        case .varint:
            return Field(number: number, value: .varint(try self.buffer.readVarint()))
        case .lengthDelimited:
            let declared = try self.buffer.readVarint()
            guard declared <= UInt64(self.buffer.readableBytes), let length = Int(exactly: declared),
                let slice = self.buffer.readSlice(length: length)
            else {
                throw CodecError(
                    .truncatedPayload,
                    "field \(number) declares \(declared) bytes, \(self.buffer.readableBytes) remain",
                    field: number)
            }
            return Field(number: number, value: .bytes(slice))
        case nil:
            throw CodecError(
                .unsupportedWireType, "field \(number) has wire type \(key & 0x7); only 0 and 2 are used",
                field: number)
        }
    }
}
