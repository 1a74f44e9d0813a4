import AxisZlib

/// The journal beside an index checkpoint: records of what the index gained since
/// (`IndexCheckpointDelta`), appended between full checkpoints so that checkpointing costs
/// what changed.
///
/// Layout (little-endian): magic `AXICJ\r\n\x1a` (8), format (u32), the sequence of the
/// checkpoint it extends (u64), then records: payload length (u32), CRC-32 of the payload
/// (u32), payload. A journal that names another checkpoint's sequence is stale (a full
/// checkpoint was written after it, and covers it) and is ignored. Reading stops at the first
/// record that is cut short or fails its checksum: a crash while appending loses only that
/// record, which the log still has.
public enum IndexCheckpointJournal {
    static let magic: [UInt8] = [0x41, 0x58, 0x49, 0x43, 0x4A, 0x0D, 0x0A, 0x1A]
    static let format: UInt32 = 1
    /// Bytes before the first record.
    public static let headerSize = 20
    /// Bytes before each record's payload.
    public static let recordHeaderSize = 8

    /// A new journal's first bytes, for the checkpoint at `baseSequence`.
    public static func header(baseSequence: UInt64) -> [UInt8] {
        var writer = BinaryWriter(capacity: Self.headerSize)
        for byte in Self.magic { writer.u8(byte) }
        writer.u32(Self.format)
        writer.u64(baseSequence)
        return writer.bytes
    }

    /// One record, framed.
    public static func record(_ payload: [UInt8]) -> [UInt8] {
        var writer = BinaryWriter(capacity: Self.recordHeaderSize + payload.count)
        writer.u32(UInt32(truncatingIfNeeded: payload.count))
        writer.u32(CRC32.checksum(payload))
        var bytes = writer.bytes
        bytes += payload
        return bytes
    }

    public struct Contents: Sendable {
        /// The checkpoint the journal extends.
        public var baseSequence: UInt64
        /// Whole, checked records, in order.
        public var records: [[UInt8]]
        /// Where the good records end: bytes after it are a torn or damaged tail.
        public var validLength: Int
    }

    /// The records of a journal file, or nil when the bytes are not a journal.
    public static func parse(_ bytes: [UInt8]) -> Contents? {
        var reader = BinaryReader(bytes)
        guard bytes.count >= Self.headerSize, bytes.starts(with: Self.magic) else { return nil }
        reader = BinaryReader(bytes, offset: Self.magic.count)
        guard (try? reader.u32()) == Self.format, let base = try? reader.u64() else { return nil }
        var records: [[UInt8]] = []
        var valid = Self.headerSize
        while let length = try? reader.u32(), let crc = try? reader.u32() {
            // The length is checked against what is left before anything is allocated.
            guard Int(length) <= reader.remaining else { break }
            let start = reader.offset
            let payload = Array(bytes[start..<(start + Int(length))])
            guard CRC32.checksum(payload) == crc else { break }
            records.append(payload)
            reader = BinaryReader(bytes, offset: start + Int(length))
            valid = reader.offset
        }
        return Contents(baseSequence: base, records: records, validLength: valid)
    }
}
