import AxisZlib
public import NIOCore

/// Writes a pack incrementally: the header, each record, then the trailer. Each call returns
/// the bytes to append, so the caller streams them to a file or a pipe with bounded memory.
public struct PackWriter {
    private var checksum: UInt32 = 0
    private var summary = TransferSummary()

    public init() {}

    /// What was written so far.
    public var written: TransferSummary { self.summary }

    public mutating func header(_ header: PackHeader) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeBytes(PackFormat.magic)
        buffer.writeInteger(PackFormat.format)
        buffer.writeInteger(UInt16(0))
        let message = header.encoded()
        buffer.writeInteger(UInt32(message.readableBytes))
        buffer.writeImmutableBuffer(message)
        buffer.writeInteger(buffer.withUnsafeReadableBytes { CRC32.checksum($0) })
        self.absorb(buffer)
        return buffer
    }

    /// A complete record (its whole body, `continued` false). Encoded in place; each byte is
    /// checksummed once (the file checksum is combined from the record's own CRC).
    public mutating func record(_ record: PackRecord) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(record.encodedLengthHint + 16)
        buffer.writeInteger(UInt32(0))  // length, patched below
        buffer.writeInteger(UInt32(0))  // CRC, patched below
        record.encode(into: &buffer)
        let length = buffer.readableBytes - 8
        let crc = buffer.withUnsafeReadableBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[8...])) }
        buffer.setInteger(UInt32(length), at: buffer.readerIndex)
        buffer.setInteger(crc, at: buffer.readerIndex + 4)
        let header = buffer.withUnsafeReadableBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<8]), continuing: self.checksum) }
        self.checksum = CRC32.combine(header, crc, secondLength: length)
        if let info = record.info { self.summary.add(info, bodyBytes: record.bodyZlib.readableBytes) }
        return buffer
    }

    /// The end marker and the trailer. `lastSequence` defaults to the last record's.
    public mutating func trailer(lastSequence: UInt64? = nil) -> ByteBuffer {
        var summary = self.summary
        if let lastSequence { summary.lastSequence = max(summary.lastSequence, lastSequence) }
        let message = PackTrailer(summary: summary, checksum: self.checksum).encoded()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(UInt32(message.readableBytes))
        buffer.writeImmutableBuffer(message)
        buffer.writeInteger(message.withUnsafeReadableBytes { CRC32.checksum($0) })
        return buffer
    }

    private mutating func absorb(_ buffer: ByteBuffer) {
        self.checksum = buffer.withUnsafeReadableBytes { CRC32.checksum($0, continuing: self.checksum) }
    }
}
