import Synchronization

/// Reads single records back by location, verifying each one. Descriptors are opened once per
/// segment and shared: `pread` is safe from any thread.
final class RecordReader: Sendable {
    private let files: SegmentFiles
    private let open = Mutex<[UInt64: File]>([:])

    init(files: SegmentFiles) {
        self.files = files
    }

    /// The record at `location`: header, CRC and body checked.
    /// - Throws: `StoreError.corrupt` if the bytes do not check out (never served), `.io`.
    func read(_ location: SnapshotLocation) throws(StoreError) -> LogRecord {
        let file = try self.file(location.segment)
        let bytes = try file.read(at: location.offset, count: Int(location.length))
        guard bytes.count == Int(location.length), bytes.count >= RecordLayout.recordHeaderBytes,
            Array(bytes.prefix(4)) == RecordLayout.recordMagic
        else {
            throw StoreError(.corrupt, "record at \(location.segment):\(location.offset) is missing or damaged")
        }
        var header = ByteReader(bytes[4..<12])
        let length = Int(try header.u32())
        let crc = try header.u32()
        let body = bytes[RecordLayout.recordHeaderBytes...]
        guard length == body.count, CRC32Helper.checksum(body) == crc else {
            throw StoreError(.corrupt, "record at \(location.segment):\(location.offset) failed its checksum")
        }
        return try LogRecord.decodeBody(body, location: location)
    }

    /// The longest run of `infos` (from the first) that lies contiguously in one segment,
    /// within `maxBytes`: one read, every record checked.
    func readRun<Place>(_ infos: ArraySlice<Place>, maxBytes: Int) throws(StoreError) -> StoredRun<Place> {
        let count = StoredRun.extent(of: infos, maxBytes: maxBytes)
        guard count > 0, let first = infos.first else { return StoredRun(infos: [], buffer: [], bodies: []) }
        let run = Array(infos.prefix(count))
        let length = run.last.map { Int($0.location.offset - first.location.offset) + Int($0.location.length) } ?? 0
        let buffer = try self.file(first.location.segment).read(at: first.location.offset, count: length)
        return StoredRun(infos: run, buffer: buffer, bodies: try StoredRun.check(run, buffer: buffer))
    }

    private func file(_ segment: UInt64) throws(StoreError) -> File {
        if let file = self.open.withLock({ $0[segment] }) { return file }
        let file = try File.openForReading(self.files.segmentPath(segment))
        return self.open.withLock { open in
            if let existing = open[segment] { return existing }
            open[segment] = file
            return file
        }
    }
}
