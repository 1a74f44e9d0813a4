/// The byte layout of segment files and records (docs/storage.md is the specification).
enum RecordLayout {
    /// Every segment file starts with this 8-byte magic: "AXSEG\r\n\x1a".
    static let segmentMagic: [UInt8] = [0x41, 0x58, 0x53, 0x45, 0x47, 0x0D, 0x0A, 0x1A]
    /// The segment header: magic, format, reserved, segment number, reserved, CRC.
    static let segmentHeaderBytes = 32
    /// The segment format written by this code.
    static let segmentFormat: UInt16 = 1

    /// Every record starts with "AXR1": a marker to find the next record after corruption.
    static let recordMagic: [UInt8] = [0x41, 0x58, 0x52, 0x31]
    /// Magic (4), body length (4), CRC-32 of the body (4).
    static let recordHeaderBytes = 12
    /// The smallest record body: a watermark with a one-byte source (kind, reserved, 2 + 1, 8).
    static let minimumBodyBytes = 13
    /// The largest record body a reader accepts: a 64 MiB body that did not compress, plus
    /// metadata. Anything larger is corruption, never an allocation.
    static let maximumBodyBytes = 64 * 1024 * 1024 + 1024 * 1024
}

/// A segment file's 32-byte header.
struct SegmentHeader: Hashable {
    var segment: UInt64

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: RecordLayout.segmentHeaderBytes)
        writer.raw(RecordLayout.segmentMagic)
        writer.u16(RecordLayout.segmentFormat)
        writer.u16(0)
        writer.u32(0)
        writer.u64(self.segment)
        writer.u32(0)
        writer.u32(CRC32Helper.checksum(writer.bytes))
        return writer.bytes
    }

    /// Decodes and checks a header.
    init(decoding bytes: [UInt8]) throws(StoreError) {
        guard bytes.count >= RecordLayout.segmentHeaderBytes else {
            throw StoreError(.corrupt, "segment header is \(bytes.count) bytes, expected \(RecordLayout.segmentHeaderBytes)")
        }
        guard Array(bytes[0..<8]) == RecordLayout.segmentMagic else {
            throw StoreError(.corrupt, "not an Axis segment file (bad magic)")
        }
        var reader = ByteReader(bytes[0..<RecordLayout.segmentHeaderBytes])
        _ = try reader.take(8)
        let format = try reader.u16()
        _ = try reader.u16()
        _ = try reader.u32()
        let segment = try reader.u64()
        _ = try reader.u32()
        let storedCRC = try reader.u32()
        guard storedCRC == CRC32Helper.checksum(bytes[0..<28]) else {
            throw StoreError(.corrupt, "segment header checksum mismatch")
        }
        guard format == RecordLayout.segmentFormat else {
            throw StoreError(.corrupt, "segment format \(format) is not supported (this build reads \(RecordLayout.segmentFormat))")
        }
        self.segment = segment
    }

    init(segment: UInt64) {
        self.segment = segment
    }
}
