/// Sequential reads over a segment file through a window of a few MiB, so a scan makes one
/// system call per window rather than two per record.
struct SegmentReader {
    private let file: File
    let size: UInt64
    private var windowStart: UInt64 = 0
    private var window: [UInt8] = []
    private let windowBytes: Int

    init(file: File, size: UInt64, windowBytes: Int = 8 * 1024 * 1024) {
        self.file = file
        self.size = size
        self.windowBytes = windowBytes
    }

    /// `count` bytes at `offset`, or `nil` if the file ends first.
    mutating func bytes(at offset: UInt64, count: Int) throws(StoreError) -> ArraySlice<UInt8>? {
        guard count >= 0, offset <= self.size, UInt64(count) <= self.size - offset else { return nil }
        let windowEnd = self.windowStart + UInt64(self.window.count)
        if offset < self.windowStart || offset + UInt64(count) > windowEnd {
            self.windowStart = offset
            let wanted = UInt64(max(count, self.windowBytes))
            self.window = try self.file.read(at: offset, count: Int(min(wanted, self.size - offset)))
            guard self.window.count >= count else { return nil }
        }
        let start = Int(offset - self.windowStart)
        return self.window[start..<(start + count)]
    }

    /// The offset of the next record magic at or after `offset`, or `nil`.
    mutating func nextMagic(from offset: UInt64) throws(StoreError) -> UInt64? {
        var position = offset
        let magic = RecordLayout.recordMagic
        while position + UInt64(magic.count) <= self.size {
            let chunkSize = Int(min(UInt64(self.windowBytes), self.size - position))
            guard let chunk = try self.bytes(at: position, count: chunkSize) else { return nil }
            var index = chunk.startIndex
            while index + magic.count <= chunk.endIndex {
                if chunk[index] == magic[0] && chunk[index + 1] == magic[1] && chunk[index + 2] == magic[2]
                    && chunk[index + 3] == magic[3]
                {
                    return position + UInt64(index - chunk.startIndex)
                }
                index += 1
            }
            // Overlap by magic.count - 1 so a magic split across chunks is still found.
            guard chunkSize > magic.count else { return nil }
            position += UInt64(chunkSize - (magic.count - 1))
        }
        return nil
    }
}
