public import NIOCore

/// Turns frames into bytes: the 12-byte header, then the payload as it is.
///
/// The payload limit is the peer's (learnt in the handshake). A frame over it is a bug in
/// this process, not the peer's fault: the write fails with `frameTooLarge` instead of
/// sending bytes the peer must reject.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Frame

    private let peerLimit: @Sendable () -> Int

    /// - Parameter peerMaxPayloadBytes: the largest payload the peer accepts, read per frame.
    public init(peerMaxPayloadBytes: @escaping @Sendable () -> Int) {
        self.peerLimit = peerMaxPayloadBytes
    }

    public func encode(data frame: Frame, out: inout ByteBuffer) throws {
        try Self.encode(frame, into: &out, maxPayloadBytes: self.peerLimit())
    }

    /// Writes one frame. Usable outside a pipeline (tests, vectors, benchmarks).
    /// - Throws: `CodecError.frameTooLarge` if the payload exceeds `maxPayloadBytes`.
    public static func encode(_ frame: Frame, into out: inout ByteBuffer, maxPayloadBytes: Int) throws(CodecError) {
        let payloadLength = frame.payload.readableBytes
        guard payloadLength <= maxPayloadBytes, let wireLength = UInt32(exactly: payloadLength + 8) else {
            throw CodecError(
                .frameTooLarge, "a \(payloadLength)-byte payload exceeds the peer's limit of \(maxPayloadBytes)",
                limit: UInt64(maxPayloadBytes))
        }
        out.reserveCapacity(minimumWritableBytes: FrameHeader.size + payloadLength)
        FrameHeader(
            length: wireLength, version: frame.version, flags: frame.flags,
            opcode: frame.opcode, requestID: frame.requestID
        ).write(into: &out)
        out.writeImmutableBuffer(frame.payload)
    }
}
