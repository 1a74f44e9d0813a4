public import AxisCodec
import NIOCore

/// What an export delivers, in order: the source's id, complete records, then the summary.
public enum ExportEvent: Sendable {
    /// The first event: the exporting server, and the last sequence the stream covers.
    case start(sourceServerID: String, untilSequence: UInt64?)
    case record(PackRecord)
    /// Just before the end, for an export asked to skip damage: the records passed over (at
    /// most 1000 listed) and how many in all.
    case damaged([DamagedRecord], total: UInt64)
    /// The last event; the stream checked it against what it delivered.
    case end(TransferSummary)
}

/// An EXPORT stream as complete records: pieces of large records are joined, and the final
/// summary is checked against what arrived (a stream that ends without it, or disagrees with
/// it, throws). Consumed at the reader's pace (backpressure reaches the server).
public struct ExportStream: AsyncSequence, Sendable {
    public typealias Element = ExportEvent
    let parts: ResponseStream<ExportPart>

    public struct AsyncIterator: AsyncIteratorProtocol {
        var parts: ResponseStream<ExportPart>.AsyncIterator
        var queue: [ExportEvent] = []
        /// The next event of `queue` to hand out (no `removeFirst`: a frame holds hundreds).
        var head = 0
        var partial: PackRecord?
        /// Records in stored form (§11.6), gathered across frames and checked.
        var stored = StoredRecordAssembler()
        var complete: [PackRecord] = []
        var counted = TransferSummary()
        var ended = false

        public mutating func next() async throws -> ExportEvent? {
            guard !self.parts.aborted.isSet else { throw ClientError(.connectionClosed, "the connection was aborted") }
            while self.head == self.queue.count {
                self.queue.removeAll(keepingCapacity: true)
                self.head = 0
                guard !self.ended else { return nil }
                guard let part = try await self.parts.next() else {
                    throw ClientError(.protocolError, "the export ended without its summary: \(self.counted.count) records received")
                }
                try self.absorb(part)
            }
            defer { self.head += 1 }
            return self.queue[self.head]
        }

        private mutating func absorb(_ part: ExportPart) throws {
            if let source = part.sourceServerID { self.queue.append(.start(sourceServerID: source, untilSequence: part.untilSequence)) }
            for piece in part.records {
                if var partial = self.partial {
                    guard piece.info == nil else { throw ClientError(.protocolError, "a record started before the previous one ended") }
                    var bytes = piece.bodyZlib
                    guard partial.bodyZlib.readableBytes + bytes.readableBytes <= PackFormat.maxRecordBytes else {
                        throw ClientError(.protocolError, "a record in the export is larger than \(PackFormat.maxRecordBytes) bytes")
                    }
                    partial.bodyZlib.writeBuffer(&bytes)
                    partial.continued = piece.continued
                    self.partial = partial
                } else {
                    guard piece.info != nil else { throw ClientError(.protocolError, "a record piece arrived without its record") }
                    self.partial = piece
                }
                if let complete = self.partial, !complete.continued, let info = complete.info {
                    self.partial = nil
                    self.counted.add(info, bodyBytes: complete.bodyZlib.readableBytes)
                    self.queue.append(.record(complete))
                }
            }
            try self.absorbStored(part)
            if let summary = part.summary {
                guard self.partial == nil, !self.stored.isInsideRecord else {
                    throw ClientError(.protocolError, "the export ended inside a record")
                }
                guard summary.count == self.counted.count, summary.snapshots == self.counted.snapshots,
                    summary.tombstones == self.counted.tombstones, summary.bodyBytes == self.counted.bodyBytes
                else {
                    throw ClientError(
                        .protocolError,
                        "the export's summary announces \(summary.count) records and \(summary.bodyBytes) bytes; received \(self.counted.count) and \(self.counted.bodyBytes)")
                }
                self.ended = true
                if let total = part.damagedCount { self.queue.append(.damaged(part.damaged, total: total)) }
                self.queue.append(.end(summary))
            }
        }

        /// The records of a frame in stored form (§11.6): each checked, in increasing sequence
        /// order, read as a PackRecord; a record cut between frames waits for the rest.
        private mutating func absorbStored(_ part: ExportPart) throws {
            if let format = part.storedFormat, format != StoredRecord.format {
                throw ClientError(.protocolError, "the export sends stored records of format \(format); this client reads format \(StoredRecord.format)")
            }
            for chunk in part.stored {
                guard self.partial == nil else { throw ClientError(.protocolError, "stored records arrived inside a record") }
                do {
                    try self.stored.absorb(chunk, into: &self.complete)
                } catch {
                    throw ClientError(.protocolError, "the export's stored records do not check out: \(error.detail)")
                }
                for record in self.complete {
                    guard let info = record.info else { continue }
                    guard info.sequence > self.counted.lastSequence else {
                        throw ClientError(.protocolError, "the export's sequence \(info.sequence) follows \(self.counted.lastSequence): out of order")
                    }
                    self.counted.add(info, bodyBytes: record.bodyZlib.readableBytes)
                    self.queue.append(.record(record))
                }
                self.complete.removeAll(keepingCapacity: true)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(parts: self.parts.makeAsyncIterator())
    }
}
