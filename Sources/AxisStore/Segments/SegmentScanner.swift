/// Recovery of one segment: reads every record, checks it, and decides what is committed,
/// what is corrupt and what is a torn tail (docs/storage.md §5).
///
/// The rules, as a state machine over the file:
/// - A record parses when its magic, length, CRC and body all check out. Data records wait in
///   `pending` until a commit record closes their batch; then they are committed.
/// - A record that does not parse starts a bad region. The scanner looks for the next record
///   that parses (by its magic). If it finds one, the scan resumes there.
/// - At the end, anything after the last commit record (pending records, bad regions) was never
///   acknowledged: it is the torn tail. In the active segment it is truncated; in a sealed
///   segment it is reported.
/// - A bad region *before* a commit record held committed data: it is reported as corruption,
///   skipped, and never served. Except in the active segment's last batch: pages of an
///   unsynced write can reach the disk out of order, so a last commit record may survive while
///   an earlier page of its batch did not. A damaged last batch is therefore treated as torn
///   (it cannot have been acknowledged intact), unless the acknowledged mark (SequenceMarks)
///   says its sequences were answered: then it was synced whole, and its damage is real. A
///   damaged batch followed by a later commit was synced before that commit was written, so
///   its damage is real corruption.
/// - A data record that fails its checksum but whose header still decodes (a valid key, a
///   sequence inside its commit's range) is kept as *damaged*: it stands in the catalog so
///   that reading it answers CORRUPT_DATA instead of serving the version before it as current.
enum SegmentScanner {
    struct BadRegion: Hashable, Sendable {
        var offset: UInt64
        var length: UInt64
        var reason: String
    }

    struct Result: Sendable {
        /// Committed records, in log order (infos only; bodies are not kept).
        var records: [SnapshotInfo] = []
        /// Committed watermarks, in log order.
        var watermarks: [Watermark] = []
        /// Corrupt regions inside committed data.
        var corrupt: [BadRegion] = []
        /// Where the committed data ends; everything after is the torn tail.
        var committedEnd: UInt64
        /// Bytes after `committedEnd`.
        var tailBytes: UInt64 = 0
        /// Records that were complete but not committed (dropped with the tail).
        var uncommittedRecords: Int = 0
        /// Sequence ranges that commit records announce and no record (sound or damaged)
        /// answers for: lost to damage.
        var lostRanges: [ClosedRange<UInt64>] = []
    }

    /// - Parameter acknowledged: the last sequence the writer answered (0 when unknown).
    static func scan(file: File, segment: UInt64, isActive: Bool, acknowledged: UInt64 = 0) throws(StoreError) -> Result {
        let size = try file.size()
        var reader = SegmentReader(file: file, size: size)
        let start = UInt64(RecordLayout.segmentHeaderBytes)
        var result = Result(committedEnd: start)
        var pending: [SnapshotInfo] = []
        var pendingBad: [BadRegion] = []
        var pendingWatermarks: [Watermark] = []
        var position = start
        // The last committed batch, to roll back if it turns out damaged and last.
        var lastBatch: (records: Int, corrupt: Int, watermarks: Int, previousEnd: UInt64, damaged: Bool, lostBefore: Int) =
            (0, 0, 0, start, false, 0)

        while position < size {
            switch try Self.parse(at: position, segment: segment, reader: &reader) {
            case .data(let info, let end):
                pending.append(info)
                position = end
            case .damaged(var info, let end, let reason):
                info.isDamaged = true
                pending.append(info)
                pendingBad.append(
                    BadRegion(
                        offset: position, length: end - position,
                        reason: "\(reason): '\(info.key)' version \(info.version) (sequence \(info.sequence)) answers CORRUPT_DATA"))
                position = end
            case .watermark(let watermark, let end):
                pendingWatermarks.append(watermark)
                position = end
            case .commit(let commit, let end):
                // A damaged record's header is believed only inside its commit's range.
                let range = commit.firstSequence...max(commit.firstSequence, commit.lastSequence)
                pending.removeAll { $0.isDamaged && (commit.recordCount == 0 || !range.contains($0.sequence)) }
                let countMismatch = Int(commit.recordCount) != pending.count
                let answered = isActive && commit.recordCount > 0 && commit.lastSequence <= acknowledged
                lastBatch = (
                    pending.count, pendingBad.count, pendingWatermarks.count, result.committedEnd,
                    (!pendingBad.isEmpty || countMismatch) && !answered, result.lostRanges.count
                )
                if commit.recordCount > 0, pending.count < Int(commit.recordCount) {
                    result.lostRanges += Self.unanswered(range, by: pending)
                }
                result.records.append(contentsOf: pending)
                result.watermarks.append(contentsOf: pendingWatermarks)
                pendingWatermarks.removeAll()
                result.corrupt.append(contentsOf: pendingBad)
                if countMismatch, pendingBad.isEmpty {
                    lastBatch.corrupt += 1
                    result.corrupt.append(
                        BadRegion(
                            offset: position, length: 0,
                            reason: "commit record announces \(commit.recordCount) records, found \(pending.count)"))
                }
                pending.removeAll()
                pendingBad.removeAll()
                position = end
                result.committedEnd = end
            case .bad(let reason):
                let next = try Self.nextParsable(after: position, segment: segment, reader: &reader)
                let end = next ?? size
                pendingBad.append(BadRegion(offset: position, length: end - position, reason: reason))
                position = end
            }
        }
        result.uncommittedRecords = pending.count
        if isActive && lastBatch.damaged {
            // The last batch of the active segment is damaged: torn, not corrupt (see above).
            // Nothing of a torn batch was acknowledged: none of its numbers is lost.
            result.lostRanges.removeLast(result.lostRanges.count - lastBatch.lostBefore)
            result.records.removeLast(lastBatch.records)
            result.corrupt.removeLast(lastBatch.corrupt)
            result.watermarks.removeLast(lastBatch.watermarks)
            result.uncommittedRecords += lastBatch.records
            result.committedEnd = lastBatch.previousEnd
        }
        result.tailBytes = size - result.committedEnd
        return result
    }

    /// The sequences of `range` that no record in `records` has.
    private static func unanswered(_ range: ClosedRange<UInt64>, by records: [SnapshotInfo]) -> [ClosedRange<UInt64>] {
        // A commit covers at most one group (thousands of records): walking it is cheap.
        let present = Set(records.map(\.sequence))
        return self.runs(of: range.filter { !present.contains($0) })
    }

    /// Ascending sequences as runs of consecutive numbers.
    static func runs(of sequences: some Sequence<UInt64>) -> [ClosedRange<UInt64>] {
        var ranges: [ClosedRange<UInt64>] = []
        for sequence in sequences {
            if let last = ranges.last, last.upperBound + 1 == sequence {
                ranges[ranges.count - 1] = last.lowerBound...sequence
            } else {
                ranges.append(sequence...sequence)
            }
        }
        return ranges
    }

    // MARK: - Parsing one record

    enum Parsed {
        case data(SnapshotInfo, end: UInt64)
        /// A data record whose checksum fails but whose header decodes.
        case damaged(SnapshotInfo, end: UInt64, reason: String)
        case watermark(Watermark, end: UInt64)
        case commit(CommitRecord, end: UInt64)
        case bad(String)
    }

    static func parse(at offset: UInt64, segment: UInt64, reader: inout SegmentReader) throws(StoreError) -> Parsed {
        guard let header = try reader.bytes(at: offset, count: RecordLayout.recordHeaderBytes) else {
            return .bad("\(reader.size - offset) bytes, too few for a record header")
        }
        guard Array(header.prefix(4)) == RecordLayout.recordMagic else { return .bad("no record magic") }
        var fields = ByteReader(header.dropFirst(4))
        let length = Int(try fields.u32())
        let storedCRC = try fields.u32()
        guard length >= RecordLayout.minimumBodyBytes, length <= RecordLayout.maximumBodyBytes else {
            return .bad("record length \(length) out of range")
        }
        let bodyOffset = offset + UInt64(RecordLayout.recordHeaderBytes)
        guard let body = try reader.bytes(at: bodyOffset, count: length) else {
            return .bad("record of \(length) bytes runs past the end of the file")
        }
        let end = bodyOffset + UInt64(length)
        guard CRC32Helper.checksum(body) == storedCRC else {
            let location = SnapshotLocation(segment: segment, offset: offset, length: UInt32(RecordLayout.recordHeaderBytes + length))
            guard body.first != CommitRecord.kind, body.first != WatermarkRecord.kind,
                let salvaged = try? LogRecord.decodeBody(body, location: location).info,
                (try? DocumentKey.validate(salvaged.key)) != nil, salvaged.version > 0
            else { return .bad("record checksum mismatch") }
            return .damaged(salvaged, end: end, reason: "record checksum mismatch")
        }
        if body.first == CommitRecord.kind {
            do {
                return .commit(try CommitRecord.decodeBody(body), end: end)
            } catch {
                return .bad("commit record: \(error.message)")
            }
        }
        if body.first == WatermarkRecord.kind {
            do {
                return .watermark(try WatermarkRecord.decodeBody(body), end: end)
            } catch {
                return .bad("watermark record: \(error.message)")
            }
        }
        let location = SnapshotLocation(segment: segment, offset: offset, length: UInt32(RecordLayout.recordHeaderBytes + length))
        do {
            return .data(try LogRecord.decodeBody(body, location: location).info, end: end)
        } catch {
            return .bad("record body: \(error.message)")
        }
    }

    /// The next offset after `offset` where a record parses, or `nil`.
    private static func nextParsable(after offset: UInt64, segment: UInt64, reader: inout SegmentReader) throws(StoreError) -> UInt64? {
        var candidate = offset + 1
        while let found = try reader.nextMagic(from: candidate) {
            if case .bad = try Self.parse(at: found, segment: segment, reader: &reader) {
                candidate = found + 1
                continue
            }
            return found
        }
        return nil
    }
}
