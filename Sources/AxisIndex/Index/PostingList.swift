/// An append-only list of (snapshot, count) pairs in increasing snapshot order, kept as
/// varint deltas: two or three bytes a posting instead of eight.
///
/// Snapshots only ever get added with higher sequence numbers, so a list never needs to be
/// rewritten: the index appends, queries decode from the start.
struct PostingList: Sendable, Hashable {
    private(set) var bytes: [UInt8] = []
    /// Postings in the list.
    private(set) var count = 0
    /// The last snapshot appended (0: none).
    private(set) var last: UInt32 = 0

    init() {}

    init(bytes: [UInt8], count: Int, last: UInt32) {
        self.bytes = bytes
        self.count = count
        self.last = last
    }

    func compacted() -> PostingList {
        PostingList(bytes: self.bytes.exactCopy(), count: self.count, last: self.last)
    }

    /// Appends a posting. Snapshots must come in increasing order; one that does not is
    /// ignored (the index never produces one).
    mutating func append(_ snapshot: UInt32, count: UInt32) {
        guard snapshot > self.last else { return }
        Varint.append(UInt64(snapshot - self.last), to: &self.bytes)
        Varint.append(UInt64(count), to: &self.bytes)
        self.last = snapshot
        self.count += 1
    }

    /// Calls `body` with every posting, in order. Stops early when `body` returns false.
    @inline(__always)
    func forEach(_ body: (_ snapshot: UInt32, _ count: UInt32) -> Bool) {
        Varint.forEachPosting(self.bytes, body)
    }
}

/// Unsigned LEB128, for the index's compact lists and its checkpoint file.
enum Varint {
    /// Appends `value` to `bytes` in one append: appending byte by byte checked the array's
    /// uniqueness for every byte (a fifth of all indexing time under `perf`).
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxBytes) { buffer in
            let end = Self.write(value, into: buffer, at: 0)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }

    /// The most bytes one value takes (a `UInt64` in sevens of bits).
    static let maxBytes = 10

    /// Writes `value` at `offset` of `buffer`, which the caller has sized for it (`maxBytes`
    /// at most; five for a `UInt32`); returns the offset after it.
    @inline(__always)
    static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var remaining = value
        var end = offset
        while remaining >= 0x80 {
            buffer[end] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            end += 1
        }
        buffer[end] = UInt8(remaining)
        return end + 1
    }

    /// Calls `body` with each (snapshot, count) of a stream of snapshot deltas and counts, in
    /// order; stops at the end, at a malformed varint or overflow, or when `body` returns
    /// false. Postings are read tens of thousands at a time by a query, and nearly every
    /// varint in them is one byte: that case costs one comparison.
    @inline(__always)
    static func forEachPosting(_ bytes: [UInt8], _ body: (_ snapshot: UInt32, _ count: UInt32) -> Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            var snapshot: UInt32 = 0
            while let delta = Self.read(buffer, &offset), let count = Self.read(buffer, &offset) {
                let (next, overflow) = snapshot.addingReportingOverflow(UInt32(truncatingIfNeeded: delta))
                guard !overflow, delta <= UInt64(UInt32.max) else { return }
                snapshot = next
                guard body(snapshot, UInt32(truncatingIfNeeded: count)) else { return }
            }
        }
    }

    /// The varint at `offset`, which moves past it; `nil` at the end or at a malformed one.
    @inline(__always)
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> UInt64? {
        guard offset < buffer.count else { return nil }
        let first = buffer[offset]
        offset += 1
        return first < 0x80 ? UInt64(first) : Self.readRest(buffer, &offset, first: first)
    }

    /// The rest of a varint of two bytes or more.
    static func readRest(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: inout Int, first: UInt8) -> UInt64? {
        var result = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while offset < buffer.count {
            let byte = buffer[offset]
            offset += 1
            if shift == 63 && byte > 1 { return nil }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Reads varints one after another; `nil` at the end or at a malformed varint.
    struct Reader {
        private let bytes: [UInt8]
        private(set) var offset = 0

        init(_ bytes: [UInt8], offset: Int = 0) {
            self.bytes = bytes
            self.offset = offset
        }

        var isAtEnd: Bool { self.offset >= self.bytes.count }

        mutating func next() -> UInt64? {
            var offset = self.offset
            defer { self.offset = offset }
            return self.bytes.withUnsafeBufferPointer { Varint.read($0, &offset) }
        }
    }
}
