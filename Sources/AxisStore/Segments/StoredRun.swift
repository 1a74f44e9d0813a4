/// Records that lie next to each other in one segment (perhaps with commit records between
/// them), read with a single `pread` and each checked against its CRC: the fast path for reading the log in sequence order (exports).
/// The zlib bodies are slices of the one buffer, not copies. `Place` is what the caller listed
/// them by: their infos (`SnapshotInfo`), or only their places (`RecordPlace`, an export in
/// stored form).
public struct StoredRun<Place: RecordPlacing>: Sendable {
    /// The records' infos or places, in sequence order (from the catalog).
    public let infos: [Place]
    private let buffer: [UInt8]
    private let bodies: [Range<Int>]

    init(infos: [Place], buffer: [UInt8], bodies: [Range<Int>]) {
        self.infos = infos
        self.buffer = buffer
        self.bodies = bodies
    }

    /// The stored zlib body of `infos[index]` (empty for a tombstone).
    public func body(_ index: Int) -> ArraySlice<UInt8> {
        self.buffer[self.bodies[index]]
    }

    /// Where the whole record (header and body, as stored) of `infos[index]` lies in the run.
    public func recordRange(_ index: Int) -> Range<Int> {
        let start = Int(self.infos[index].location.offset - self.infos[0].location.offset)
        return start..<(start + Int(self.infos[index].location.length))
    }

    /// The run's stored bytes in `range` (whole records, from `recordRange`).
    public func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        self.buffer[range]
    }

    /// The most bytes of other records (commit and watermark records, between groups) a run
    /// reads over rather than stopping.
    static var maxGapBytes: UInt64 { 4096 }

    /// How many records of `infos` one read may cover: records in order in one segment, each
    /// starting at most `maxGapBytes` after the previous one ends, within `maxBytes` (but
    /// always at least the first).
    static func extent(of infos: ArraySlice<Place>, maxBytes: Int) -> Int {
        guard let first = infos.first else { return 0 }
        let start = first.location.offset
        var end = start + UInt64(first.location.length)
        var count = 1
        for info in infos.dropFirst() {
            let location = info.location
            guard location.segment == first.location.segment, location.offset >= end, location.offset - end <= Self.maxGapBytes,
                location.offset + UInt64(location.length) - start <= UInt64(maxBytes)
            else { break }
            end = location.offset + UInt64(location.length)
            count += 1
        }
        return count
    }

    /// Checks the records of a run read into `buffer` and finds their bodies.
    /// - Throws: `.corrupt` naming the first record that does not check out.
    static func check(_ infos: [Place], buffer: [UInt8]) throws(StoreError) -> [Range<Int>] {
        var bodies: [Range<Int>] = []
        bodies.reserveCapacity(infos.count)
        guard let start = infos.first?.location.offset else { return [] }
        for info in infos {
            let offset = Int(info.location.offset - start)
            let length = Int(info.location.length)
            // Only an error needs the record's name: built on the way out, not for every record.
            func name() -> String { "\(info.recordName) at \(info.location.segment):\(info.location.offset)" }
            guard offset + length <= buffer.count, length >= RecordLayout.recordHeaderBytes + 10 else {
                throw StoreError(.corrupt, "record of \(name()) is missing or cut short")
            }
            let bodyStart = offset + RecordLayout.recordHeaderBytes
            guard buffer[offset..<(offset + length)].starts(with: RecordLayout.recordMagic),
                Self.u32(buffer, at: offset + 4) == UInt32(length - RecordLayout.recordHeaderBytes),
                CRC32Helper.checksum(buffer[bodyStart..<(offset + length)]) == Self.u32(buffer, at: offset + 8)
            else {
                throw StoreError(.corrupt, "record of \(name()) failed its checksum")
            }
            // The record body starts with kind, reserved, then the sequence (docs/storage.md §3).
            guard Self.u64(buffer, at: bodyStart + 2) == info.sequence else {
                throw StoreError(.corrupt, "record at \(info.location.segment):\(info.location.offset) is not sequence \(info.sequence)")
            }
            // The zlib bytes end the record.
            let compressed = info.kind == .snapshot ? Int(info.compressedSize) : 0
            guard compressed <= length - RecordLayout.recordHeaderBytes else {
                throw StoreError(.corrupt, "record of \(name()) is shorter than its body")
            }
            bodies.append((offset + length - compressed)..<(offset + length))
        }
        return bodies
    }

    private static func u32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] { value = value << 8 | UInt32(byte) }
        return value
    }

    private static func u64(_ bytes: [UInt8], at index: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes[index..<(index + 8)] { value = value << 8 | UInt64(byte) }
        return value
    }
}
