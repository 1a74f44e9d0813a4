public import NIOCore

/// The 12-byte frame header, big-endian (Protocol/PROTOCOL.md §2).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +---------------------------------------------------------------+
/// |                  length (bytes after this field)              |
/// +---------------+---------------+-------------------------------+
/// |    version    |     flags     |            opcode             |
/// +---------------+---------------+-------------------------------+
/// |                          request id                           |
/// +---------------------------------------------------------------+
/// |                    payload (length - 8 bytes)               ...
/// ```
public struct FrameHeader: Sendable, Hashable {
    /// Bytes in the header, including the length field.
    public static let size = 12
    /// Bytes of the header that `length` counts (everything after the length field).
    public static let sizeAfterLength: UInt32 = 8

    /// Bytes after the length field: 8 + payload size.
    public var length: UInt32
    /// The protocol version this frame is written in.
    public var version: UInt8
    /// Response, more, error, compressed.
    public var flags: FrameFlags
    /// The message type.
    public var opcode: Opcode
    /// Chosen by the requester; echoed by every frame that answers it; 0 for connection-level frames.
    public var requestID: UInt32

    public init(length: UInt32, version: UInt8, flags: FrameFlags, opcode: Opcode, requestID: UInt32) {
        self.length = length
        self.version = version
        self.flags = flags
        self.opcode = opcode
        self.requestID = requestID
    }

    /// The payload size this header announces. Only meaningful once `length >= 8` was checked.
    public var payloadLength: Int { Int(self.length) - Int(Self.sizeAfterLength) }

    /// Reads a header at the reader index without consuming it; `nil` if fewer than 12 bytes.
    ///
    /// Plain integer reads, not `getMultipleIntegers`: its tuple type's metadata is looked up
    /// at run time on every call, which `axbench rpc` showed as a hot spot.
    @inlinable
    public static func peek(in buffer: ByteBuffer) -> FrameHeader? {
        let start = buffer.readerIndex
        guard buffer.readableBytes >= Self.size,
            let length = buffer.getInteger(at: start, endianness: .big, as: UInt32.self),
            let version = buffer.getInteger(at: start + 4, as: UInt8.self),
            let flags = buffer.getInteger(at: start + 5, as: UInt8.self),
            let opcode = buffer.getInteger(at: start + 6, endianness: .big, as: UInt16.self),
            let requestID = buffer.getInteger(at: start + 8, endianness: .big, as: UInt32.self)
        else { return nil }
        return FrameHeader(
            length: length, version: version, flags: FrameFlags(rawValue: flags), opcode: Opcode(opcode),
            requestID: requestID)
    }

    /// Writes the header.
    @inlinable
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(self.length, endianness: .big)
        buffer.writeInteger(self.version)
        buffer.writeInteger(self.flags.rawValue)
        buffer.writeInteger(self.opcode.rawValue, endianness: .big)
        buffer.writeInteger(self.requestID, endianness: .big)
    }
}
