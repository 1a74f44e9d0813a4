import AxisZlib
import NIOCore

/// Where a pack reader gets its bytes.
public protocol PackSource {
    /// Up to `count` bytes; fewer only at the end of the input, none after it.
    mutating func read(_ count: Int) throws -> [UInt8]
}

/// Reads and checks a pack: magic, format, every length (before allocating), every record's
/// CRC, the end marker, the trailer's CRC, counts and whole-file checksum, and that nothing
/// follows. A pack that fails any check is refused with the offset of the problem.
public struct PackReader<Source: PackSource> {
    private var source: Source
    private var offset: UInt64 = 0
    private var checksum: UInt32 = 0
    private var counted = TransferSummary()
    private var finished = false

    /// The header, read by `init`.
    public let header: PackHeader
    /// The trailer, once `next()` has returned `nil`.
    public private(set) var trailer: PackTrailer?

    public init(source: Source) throws(PackError) {
        self.source = source
        let fixed = try Self.read(&self.source, 16, offset: 0, what: "the pack header")
        guard Array(fixed.prefix(8)) == PackFormat.magic else { throw PackError("not an Axis pack (bad magic)", offset: 0) }
        var reader = ByteBuffer(bytes: fixed)
        reader.moveReaderIndex(forwardBy: 8)
        guard let format = reader.readInteger(as: UInt16.self), format == PackFormat.format else {
            throw PackError("unsupported pack format", offset: 8)
        }
        _ = reader.readInteger(as: UInt16.self)
        guard let length = reader.readInteger(as: UInt32.self), Int(length) <= PackFormat.maxMetaBytes else {
            throw PackError("pack header too large", offset: 12)
        }
        let message = try Self.read(&self.source, Int(length), offset: 16, what: "the pack header")
        let crcBytes = try Self.read(&self.source, 4, offset: 16 + UInt64(length), what: "the pack header checksum")
        let headerBytes = fixed + message
        let expected = CRC32.checksum(headerBytes)
        guard Self.u32(crcBytes) == expected else { throw PackError("pack header checksum mismatch", offset: 16 + UInt64(length)) }
        var payload = ByteBuffer(bytes: message)
        do {
            self.header = try PackHeader(fromPayload: &payload)
        } catch {
            throw PackError("bad pack header: \(error)", offset: 16)
        }
        self.checksum = CRC32.checksum(crcBytes, continuing: expected)
        self.offset = 20 + UInt64(length)
    }

    /// The next record, or `nil` after the last one (the trailer then checked out).
    public mutating func next() throws(PackError) -> PackRecord? {
        guard !self.finished else { return nil }
        let start = self.offset
        let lengthBytes = try Self.read(&self.source, 4, offset: start, what: "a record length")
        let length = Self.u32(lengthBytes)
        if length == 0 {
            try self.readTrailer(at: start + 4)
            self.finished = true
            return nil
        }
        guard Int(length) <= PackFormat.maxRecordBytes else {
            throw PackError("record of \(length) bytes is over the limit", offset: start)
        }
        let crcBytes = try Self.read(&self.source, 4, offset: start + 4, what: "a record checksum")
        let bytes = try Self.read(&self.source, Int(length), offset: start + 8, what: "a record")
        guard CRC32.checksum(bytes) == Self.u32(crcBytes) else {
            throw PackError("record \(self.counted.count + 1) is damaged (checksum mismatch)", offset: start)
        }
        var payload = ByteBuffer(bytes: bytes)
        let record: PackRecord
        do {
            record = try PackRecord(fromPayload: &payload)
        } catch {
            throw PackError("record \(self.counted.count + 1) does not decode: \(error)", offset: start)
        }
        guard let info = record.info, !record.continued else {
            throw PackError("record \(self.counted.count + 1) is incomplete", offset: start)
        }
        guard info.sequence > self.counted.lastSequence else {
            throw PackError("record \(self.counted.count + 1) is out of sequence order", offset: start)
        }
        self.counted.add(info, bodyBytes: record.bodyZlib.readableBytes)
        self.checksum = CRC32.checksum(lengthBytes + crcBytes + bytes, continuing: self.checksum)
        self.offset = start + 8 + UInt64(length)
        return record
    }

    private mutating func readTrailer(at start: UInt64) throws(PackError) {
        let lengthBytes = try Self.read(&self.source, 4, offset: start, what: "the trailer length")
        let length = Self.u32(lengthBytes)
        guard Int(length) <= PackFormat.maxMetaBytes else { throw PackError("trailer too large", offset: start) }
        let message = try Self.read(&self.source, Int(length), offset: start + 4, what: "the trailer")
        let crcBytes = try Self.read(&self.source, 4, offset: start + 4 + UInt64(length), what: "the trailer checksum")
        guard CRC32.checksum(message) == Self.u32(crcBytes) else { throw PackError("trailer checksum mismatch", offset: start) }
        var payload = ByteBuffer(bytes: message)
        let trailer: PackTrailer
        do {
            trailer = try PackTrailer(fromPayload: &payload)
        } catch {
            throw PackError("bad trailer: \(error)", offset: start)
        }
        guard trailer.checksum == self.checksum else {
            throw PackError("the pack's checksum does not match its contents", offset: start)
        }
        let counted = self.counted
        guard trailer.summary.count == counted.count, trailer.summary.snapshots == counted.snapshots,
            trailer.summary.tombstones == counted.tombstones, trailer.summary.bodyBytes == counted.bodyBytes,
            trailer.summary.lastSequence >= counted.lastSequence
        else {
            throw PackError(
                "the trailer announces \(trailer.summary.count) records, the pack holds \(counted.count)", offset: start)
        }
        let extra = (try? self.source.read(1)) ?? []
        guard extra.isEmpty else { throw PackError("bytes after the trailer", offset: start + 8 + UInt64(length)) }
        self.trailer = trailer
    }

    private static func read(_ source: inout Source, _ count: Int, offset: UInt64, what: String) throws(PackError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try source.read(count)
        } catch {
            throw PackError("cannot read \(what): \(error)", offset: offset)
        }
        guard bytes.count == count else {
            throw PackError("the pack is truncated: it ends inside \(what)", offset: offset + UInt64(bytes.count))
        }
        return bytes
    }

    private static func u32(_ bytes: [UInt8]) -> UInt32 {
        bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
