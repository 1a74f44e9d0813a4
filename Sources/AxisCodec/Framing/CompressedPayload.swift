public import AxisZlib
public import NIOCore

/// The payload of a frame with the `compressed` flag (Protocol/PROTOCOL.md §2.3): a u32
/// big-endian inflated length, then one zlib stream.
///
/// The declared length is checked against the cap and against the ratio to the compressed
/// size before a byte is inflated, and inflation stops at the declared length: a lying header
/// or a bomb costs the receiver nothing but the check.
public enum CompressedPayload {
    /// Bytes of the inflated-length prefix.
    public static let prefixSize = 4

    /// Inflates a compressed payload.
    /// - Throws: `CodecError` `.compressedTooLarge`, `.compressionRatioExceeded` or
    ///   `.corruptCompressedPayload`; all request-scoped.
    public static func inflate(
        _ payload: ByteBuffer, limits: InflationLimits, inflater: Inflater,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(CodecError) -> ByteBuffer {
        var payload = payload
        guard let declared = payload.readInteger(endianness: .big, as: UInt32.self) else {
            throw CodecError(.corruptCompressedPayload, "compressed payload shorter than its 4-byte length prefix")
        }
        let compressedSize = payload.readableBytes
        guard declared <= limits.maxInflatedBytes else {
            throw CodecError(
                .compressedTooLarge, "declares \(declared) inflated bytes; the limit is \(limits.maxInflatedBytes)",
                limit: UInt64(limits.maxInflatedBytes))
        }
        let (ratioLimit, overflow) = compressedSize.multipliedReportingOverflow(by: limits.maxRatio)
        guard overflow || Int(declared) <= ratioLimit else {
            throw CodecError(
                .compressionRatioExceeded,
                "declares \(declared) inflated bytes from \(compressedSize); the ratio limit is \(limits.maxRatio):1",
                limit: UInt64(limits.maxRatio))
        }
        var buffer = allocator.buffer(capacity: Int(declared))
        do {
            _ = try payload.withUnsafeReadableBytes { (input) throws(ZlibError) in
                try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Int(declared)) { (output) throws(ZlibError) -> Int in
                    try inflater.inflate(input, exactlyInto: UnsafeMutableRawBufferPointer(rebasing: output[0..<Int(declared)]))
                    return Int(declared)
                }
            }
        } catch {
            throw CodecError(.corruptCompressedPayload, "compressed payload: \(error.detail)")
        }
        return buffer
    }

    /// Compresses a payload into the compressed form (prefix + zlib stream).
    public static func deflate(
        _ payload: ByteBuffer, deflater: Deflater, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        let compressed = payload.withUnsafeReadableBytes { deflater.compress($0) }
        var buffer = allocator.buffer(capacity: Self.prefixSize + compressed.count)
        buffer.writeInteger(UInt32(clamping: payload.readableBytes), endianness: .big)
        buffer.writeBytes(compressed)
        return buffer
    }
}

extension Frame {
    /// This frame with its payload inflated if it was compressed; unchanged otherwise.
    /// - Throws: request-scoped `CodecError`s from `CompressedPayload.inflate`, or
    ///   `.compressionNotAllowed` if compression is not yet allowed on this connection.
    public func decompressed(
        limits: InflationLimits, compressionAllowed: Bool, inflater: Inflater
    ) throws(CodecError) -> Frame {
        guard self.flags.contains(.compressed) else { return self }
        guard compressionAllowed else {
            throw CodecError(.compressionNotAllowed, "compressed frames are not allowed before the handshake completes")
        }
        var frame = self
        frame.payload = try CompressedPayload.inflate(self.payload, limits: limits, inflater: inflater)
        frame.flags.remove(.compressed)
        return frame
    }

    /// This frame with its payload compressed.
    public func compressed(with deflater: Deflater) -> Frame {
        guard !self.flags.contains(.compressed) else { return self }
        var frame = self
        frame.payload = CompressedPayload.deflate(self.payload, deflater: deflater)
        frame.flags.insert(.compressed)
        return frame
    }
}
