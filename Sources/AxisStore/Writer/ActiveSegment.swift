import Logging

/// The segment being appended to, and what it takes to seal it and start the next.
struct ActiveSegment {
    let files: SegmentFiles
    var number: UInt64
    var file: File
    var size: UInt64
    /// Every committed record of this segment, for its index when it is sealed.
    var records: [SnapshotInfo]
    /// Watermarks committed in this segment, for its index.
    var watermarks: [Watermark] = []

    /// Creates a new, empty segment: header written and synced, directory synced.
    static func create(_ number: UInt64, files: SegmentFiles) throws(StoreError) -> ActiveSegment {
        let path = files.segmentPath(number)
        let file = try File.openForAppending(path, create: true)
        try file.truncate(to: 0)
        try file.write(SegmentHeader(segment: number).encoded(), at: 0)
        try file.sync()
        try Directory.sync(files.directory)
        return ActiveSegment(
            files: files, number: number, file: file, size: UInt64(RecordLayout.segmentHeaderBytes), records: [])
    }

    /// Appends bytes (a batch ending in its commit record) and makes them durable.
    mutating func append(_ bytes: [UInt8]) throws(StoreError) {
        do {
            try self.file.write(bytes, at: self.size)
            try self.file.sync()
        } catch {
            // Leave no partial batch behind for the next one to follow.
            try? self.file.truncate(to: self.size)
            throw error
        }
        self.size += UInt64(bytes.count)
    }

    /// Writes this segment's index file (temp, sync, rename, sync dir), then starts the next
    /// segment. An index that fails to write is not fatal: start-up rescans the segment.
    mutating func seal(logger: Logger) throws(StoreError) {
        let index = SegmentIndexFile.encode(
            segment: self.number, committedEnd: self.size, records: self.records, watermarks: self.watermarks)
        let path = self.files.indexPath(self.number)
        do {
            let temporary = try File.openForAppending(path + ".tmp", create: true)
            try temporary.truncate(to: 0)
            try temporary.write(index, at: 0)
            try temporary.sync()
            try Directory.rename(path + ".tmp", to: path)
        } catch {
            logger.warning("could not write the index of segment \(self.number): \(error); start-up will rescan it")
        }
        self = try ActiveSegment.create(self.number + 1, files: self.files)
    }
}
