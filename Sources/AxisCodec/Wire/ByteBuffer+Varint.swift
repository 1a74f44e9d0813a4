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
        var remaining = value
        var written = 0
        while remaining >= 0x80 {
            written += self.writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        written += self.writeInteger(UInt8(remaining))
        return written
    }

    /// Reads one varint, consuming it only if it is complete and valid.
    /// - Throws: `CodecError` `.truncatedPayload` if the buffer ends inside the varint,
    ///   `.malformedVarint` if it is longer than 10 bytes or overflows 64 bits.
    public mutating func readVarint() throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = self.readerIndex
        while true {
            guard index < self.writerIndex, let byte = self.getInteger(at: index, as: UInt8.self) else {
                throw CodecError(.truncatedPayload, "buffer ends inside a varint")
            }
            index += 1
            let group = UInt64(byte & 0x7F)
            // The tenth byte may only carry the 64th bit.
            if shift == 63 && group > 1 {
                throw CodecError(.malformedVarint, "varint overflows 64 bits")
            }
            result |= group << shift
            if byte & 0x80 == 0 {
                self.moveReaderIndex(to: index)
                return result
            }
            shift += 7
            if shift > 63 {
                throw CodecError(.malformedVarint, "varint longer than \(Self.maxVarintBytes) bytes")
            }
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
