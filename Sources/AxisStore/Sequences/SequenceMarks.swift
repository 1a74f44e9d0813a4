/// Two numbers kept beside the log, in files of their own, so that the log's own damage can be
/// told apart from a torn tail and sequence numbers are never handed out twice
/// (docs/storage.md §6):
///
/// - **reserved** (`<data>/sequence.reserved`): no sequence above it has been handed out.
///   The writer raises it, durably (temporary file, fsync, rename), before it writes a record
///   numbered above it, a block of `reserveBlock` numbers at a time; a clean stop lowers it to
///   the last sequence written. A restart hands out numbers above both it and the log's end,
///   so a log cut short (a filesystem, a restore of the segment alone) never makes a number
///   name two records. After a crash the numbers reserved and unused are skipped: sequence
///   numbers increase and are never reused, but they need not be dense.
/// - **acknowledged** (`<data>/sequence.acknowledged`): the last sequence the writer made
///   durable and answered. Written after every commit without its own fsync (so it costs one
///   small write, and after a power failure it may be behind, never ahead: it is written only
///   once the log's fsync has returned). At start, a log ending below it has lost
///   acknowledged records: that is reported as loss, with the range.
///
/// Each file is 16 bytes: "AXSQ", the number (u64, big-endian like every number in the log), and a CRC-32 of the first
/// 12 bytes. A file that is missing (a folder from before these files) or damaged says nothing.
struct SequenceMarks: Sendable {
    let reservedPath: String
    let acknowledgedPath: String
    let directory: String

    /// Numbers reserved at a time: one extra fsync per this many records.
    static let reserveBlock: UInt64 = 1024
    static let magic: [UInt8] = Array("AXSQ".utf8)

    init(dataDirectory: String) {
        self.directory = dataDirectory
        self.reservedPath = dataDirectory + "/sequence.reserved"
        self.acknowledgedPath = dataDirectory + "/sequence.acknowledged"
    }

    enum Reading: Equatable {
        case absent
        case damaged(String)
        case value(UInt64)

        var value: UInt64? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    func readReserved() -> Reading { Self.read(self.reservedPath) }

    func readAcknowledged() -> Reading { Self.read(self.acknowledgedPath) }

    /// Replaces the reserved mark durably: nothing above `value` may be handed out before this
    /// returns.
    func writeReserved(_ value: UInt64) throws(StoreError) {
        let temporary = self.reservedPath + ".tmp"
        let file = try File.openForAppending(temporary, create: true)
        try file.truncate(to: 0)
        try file.write(Self.encode(value), at: 0)
        try file.sync()
        try Directory.rename(temporary, to: self.reservedPath)
        try Directory.sync(self.directory)
    }

    /// Opens the acknowledged mark for the writer's updates.
    func openAcknowledged() throws(StoreError) -> File {
        try File.openForAppending(self.acknowledgedPath, create: true)
    }

    /// Records `value` as acknowledged (no fsync: see the type's comment).
    static func writeAcknowledged(_ value: UInt64, to file: File) throws(StoreError) {
        try file.write(Self.encode(value), at: 0)
    }

    static func encode(_ value: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 16)
        writer.raw(Self.magic)
        writer.u64(value)
        writer.u32(CRC32Helper.checksum(writer.bytes[...]))
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> Reading {
        guard bytes.count == 16, Array(bytes.prefix(4)) == Self.magic else {
            return .damaged("\(bytes.count) bytes without the AXSQ mark")
        }
        var reader = ByteReader(bytes[4...])
        guard let value = try? reader.u64(), let crc = try? reader.u32() else { return .damaged("cut short") }
        guard CRC32Helper.checksum(bytes[..<12]) == crc else { return .damaged("checksum mismatch") }
        return .value(value)
    }

    private static func read(_ path: String) -> Reading {
        guard Directory.exists(path) else { return .absent }
        do {
            let file = try File.openForReading(path)
            let size = try file.size()
            guard size <= 64 else { return .damaged("\(size) bytes") }
            return Self.decode(try file.read(at: 0, count: Int(size)))
        } catch {
            return .damaged(error.message)
        }
    }
}
