public import NIOCore

/// Joins the chunks of an export in stored form (ExportPart field 11, §11.6) into whole
/// records. The chunks, in order, are the records back to back, and a chunk may end anywhere:
/// a record cut between frames is gathered here (one copy); every other record is read where
/// it arrived.
public struct StoredRecordAssembler: Sendable {
    /// The start of a record that an earlier chunk began.
    private var pending = ByteBuffer()

    public init() {}

    /// Whether the chunks so far ended inside a record.
    public var isInsideRecord: Bool { self.pending.readableBytes > 0 }

    /// Reads the records that `chunk` completes, in order, into `records`.
    /// - Throws: `CodecError` for a record that does not check out (`StoredRecord.decode`);
    ///   a declared length over the limit is refused before anything is gathered.
    public mutating func absorb(_ chunk: ByteBuffer, into records: inout [PackRecord]) throws(CodecError) {
        var chunk = chunk
        if self.pending.readableBytes > 0 {
            // The header first (its length says how much more to gather), then the rest.
            if self.pending.readableBytes < StoredRecord.headerBytes {
                self.take(StoredRecord.headerBytes - self.pending.readableBytes, from: &chunk)
            }
            guard let length = try StoredRecord.length(of: self.pending) else { return }
            self.pending.reserveCapacity(length)
            self.take(length - self.pending.readableBytes, from: &chunk)
            guard self.pending.readableBytes == length else { return }
            records.append(try StoredRecord.decode(self.pending))
            // The record holds a slice of these bytes: the next one starts in new storage.
            self.pending = ByteBuffer()
        }
        while chunk.readableBytes > 0 {
            guard let length = try StoredRecord.length(of: chunk), length <= chunk.readableBytes,
                let record = chunk.readSlice(length: length)
            else {
                self.pending.writeBuffer(&chunk)
                return
            }
            records.append(try StoredRecord.decode(record))
        }
    }

    private mutating func take(_ count: Int, from chunk: inout ByteBuffer) {
        guard count > 0, var bytes = chunk.readSlice(length: min(count, chunk.readableBytes)) else { return }
        self.pending.writeBuffer(&bytes)
    }
}
