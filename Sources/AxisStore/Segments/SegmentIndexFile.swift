/// The index of a sealed segment: every committed record's info and location (and the
/// watermarks committed in it), so that start-up
/// reads one small file per segment instead of every record (docs/storage.md §4).
///
/// Written once, when the segment is sealed: to a temporary file, synced, renamed. A missing
/// or damaged index is never trusted: the segment is scanned instead and the index rewritten.
enum SegmentIndexFile {
    static let magic: [UInt8] = [0x41, 0x58, 0x49, 0x44, 0x58, 0x0D, 0x0A, 0x1A]  // "AXIDX\r\n\x1a"
    static let format: UInt16 = 1

    static func encode(segment: UInt64, committedEnd: UInt64, records: [SnapshotInfo], watermarks: [Watermark]) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + records.count * 160)
        writer.raw(Self.magic)
        writer.u16(Self.format)
        writer.u16(0)
        writer.u32(0)
        writer.u64(segment)
        writer.u64(committedEnd)
        writer.u32(UInt32(records.count))
        for info in records {
            writer.u64(info.location.offset)
            writer.u32(info.location.length)
            let lengthIndex = writer.bytes.count
            writer.u32(0)
            let start = writer.bytes.count
            LogRecord.encodeBody(info: info, compressedLength: Int(info.compressedSize), into: &writer)
            writer.patchU32(UInt32(writer.bytes.count - start), at: lengthIndex)
        }
        writer.u32(UInt32(watermarks.count))
        for watermark in watermarks {
            writer.string16(watermark.source)
            writer.u64(watermark.sequence)
        }
        writer.u32(CRC32Helper.checksum(writer.bytes))
        return writer.bytes
    }

    /// The decoded index, or an error if anything is off (then the caller scans the segment).
    static func decode(_ bytes: [UInt8], segment: UInt64) throws(StoreError) -> (committedEnd: UInt64, records: [SnapshotInfo], watermarks: [Watermark]) {
        guard bytes.count >= 36, Array(bytes.prefix(8)) == Self.magic else {
            throw StoreError(.corrupt, "not a segment index")
        }
        var trailer = ByteReader(bytes[(bytes.count - 4)...])
        guard try trailer.u32() == CRC32Helper.checksum(bytes[..<(bytes.count - 4)]) else {
            throw StoreError(.corrupt, "segment index checksum mismatch")
        }
        var reader = ByteReader(bytes[8..<(bytes.count - 4)])
        guard try reader.u16() == Self.format else { throw StoreError(.corrupt, "unknown segment index format") }
        _ = try reader.u16()
        _ = try reader.u32()
        guard try reader.u64() == segment else { throw StoreError(.corrupt, "segment index of another segment") }
        let committedEnd = try reader.u64()
        let count = Int(try reader.u32())
        // Each entry takes at least 16 + the smallest body: bound the count before reserving.
        guard count <= reader.remaining / 16 else { throw StoreError(.corrupt, "segment index count \(count) too large") }
        var records: [SnapshotInfo] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            let offset = try reader.u64()
            let length = try reader.u32()
            let entryLength = Int(try reader.u32())
            let location = SnapshotLocation(segment: segment, offset: offset, length: length)
            records.append(try LogRecord.decodeBody(try reader.take(entryLength), location: location, withBody: false).info)
        }
        let watermarkCount = Int(try reader.u32())
        guard watermarkCount <= reader.remaining / 11 else { throw StoreError(.corrupt, "segment index watermark count too large") }
        var watermarks: [Watermark] = []
        for _ in 0..<watermarkCount {
            watermarks.append(Watermark(source: try reader.string16(max: 256, field: "source"), sequence: try reader.u64()))
        }
        guard reader.remaining == 0 else { throw StoreError(.corrupt, "bytes after the last index entry") }
        return (committedEnd, records, watermarks)
    }
}
