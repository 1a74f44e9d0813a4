public import NIOCore

/// Turns bytes into frames (Protocol/PROTOCOL.md §2), checking everything the header says
/// before waiting for, or allocating, the payload.
///
/// Order of checks for each frame: (1) the length field, as soon as its 4 bytes are here:
/// below 8 or above 8 + the payload limit in force is fatal; (2) version and reserved flag
/// bits, as soon as the 12 header bytes are here; (3) only then wait for the whole payload and
/// slice it (no copy). Opcodes and payloads are not looked at: that is the second phase, where
/// errors are scoped to one request. Every error thrown here is fatal for the connection.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = Frame

    private let limits: InboundLimits

    public init(limits: InboundLimits) {
        self.limits = limits
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        try self.decodeFrame(buffer: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        if let frame = try self.decodeFrame(buffer: &buffer) {
            return frame
        }
        if buffer.readableBytes > 0 {
            throw CodecError(.truncatedFrame, "the connection ended \(buffer.readableBytes) bytes into a frame")
        }
        return nil
    }

    /// The decoding itself, with typed errors, usable outside a pipeline.
    public mutating func decodeFrame(buffer: inout ByteBuffer) throws(CodecError) -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        try self.checkLength(length)
        guard let header = FrameHeader.peek(in: buffer) else { return nil }
        try self.checkHeader(header)
        let frameSize = Int(length) + 4
        guard buffer.readableBytes >= frameSize else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        guard let payload = buffer.readSlice(length: header.payloadLength) else {
            // Unreachable: readableBytes was checked above. Kept as an error, not a trap.
            throw CodecError(.truncatedFrame, "payload shorter than its length field")
        }
        return Frame(
            version: header.version, flags: header.flags, opcode: header.opcode, requestID: header.requestID,
            payload: payload)
    }

    private func checkLength(_ length: UInt32) throws(CodecError) {
        guard length >= FrameHeader.sizeAfterLength else {
            throw CodecError(
                .frameTooShort, "length field \(length) is below the \(FrameHeader.sizeAfterLength)-byte header")
        }
        let maxPayload = self.limits.maxPayloadBytes
        guard UInt64(length) - UInt64(FrameHeader.sizeAfterLength) <= UInt64(maxPayload) else {
            throw CodecError(
                .frameTooLarge,
                "length field \(length) announces a \(UInt64(length) - 8)-byte payload; the limit is \(maxPayload)",
                limit: UInt64(maxPayload))
        }
    }

    private func checkHeader(_ header: FrameHeader) throws(CodecError) {
        guard header.version == self.limits.version else {
            throw CodecError(
                .unsupportedFrameVersion,
                "frame version \(header.version), this connection speaks \(self.limits.version)")
        }
        guard header.flags.reservedBits == 0 else {
            throw CodecError(
                .reservedFlagBits,
                "reserved flag bits 0x\(String(header.flags.reservedBits, radix: 16)) are set")
        }
    }
}
