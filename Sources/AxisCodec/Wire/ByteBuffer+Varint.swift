public import NIOCore

/// Unsigned LEB128 varints (Protocol/PROTOCOL.md §3.1): 7 bits per byte, least significant
/// group first, the high bit set on every byte but the last. At most 10 bytes for 64 bits.
extension ByteBuffer {
    /// The longest valid varint, in bytes.
    public static let maxVarintBytes = 10

    /// Writes `value` as a minimal-length varint.
    /// - Returns: the number of bytes written.
    @discardableResult
    public mutating func writeVarint(_ value: UInt64) -> Int {
        if value < 0x80 { return self.writeInteger(UInt8(value)) }
        // One bounds check and one store loop instead of a checked write per byte: varints
        // are on every hot path of the codec.
        return self.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.maxVarintBytes) { buffer in
            var remaining = value
            var index = 0
            while remaining >= 0x80 {
                buffer[index] = UInt8(truncatingIfNeeded: remaining) | 0x80
                remaining >>= 7
                index += 1
            }
            buffer[index] = UInt8(remaining)
            return index + 1
        }
    }

    /// Reads one varint, consuming it only if it is complete and valid.
    /// - Throws: `CodecError` `.truncatedPayload` if the buffer ends inside the varint,
    ///   `.malformedVarint` if it is longer than 10 bytes or overflows 64 bits.
    public mutating func readVarint() throws(CodecError) -> UInt64 {
        // Fast path: one byte, the most common varint (field keys, small numbers).
        if let first = self.getInteger(at: self.readerIndex, as: UInt8.self), first < 0x80 {
            self.moveReaderIndex(forwardBy: 1)
            return UInt64(first)
        }
        let parsed = self.withUnsafeReadableBytes { bytes -> (value: UInt64, length: Int)? in
            var result: UInt64 = 0
            var shift: UInt64 = 0
            for index in 0..<min(bytes.count, Self.maxVarintBytes) {
                let byte = bytes[index]
                let group = UInt64(byte & 0x7F)
                // The tenth byte may only carry the 64th bit.
                if shift == 63 && group > 1 { return (0, -1) }
                result |= group << shift
                if byte & 0x80 == 0 { return (result, index + 1) }
                shift += 7
            }
            return bytes.count >= Self.maxVarintBytes ? (0, -2) : nil
        }
        guard let parsed else { throw CodecError(.truncatedPayload, "buffer ends inside a varint") }
        switch parsed.length {
        case -1: throw CodecError(.malformedVarint, "varint overflows 64 bits")
        case -2: throw CodecError(.malformedVarint, "varint longer than \(Self.maxVarintBytes) bytes")
        default:
            self.moveReaderIndex(forwardBy: parsed.length)
            return parsed.value
        }
    }

    /// The number of bytes `writeVarint(value)` writes.
    public static func varintSize(_ value: UInt64) -> Int {
        var size = 1
        var remaining = value >> 7
        while remaining != 0 {
            size += 1
            remaining >>= 7
        }
        return size
    }
}
