import Logging

/// Opening a data folder: loads or scans every segment, repairs the active one, and builds the
/// catalog and the writer's state (docs/storage.md §5). Never traps on what it finds; every
/// finding goes into the report and the log.
struct StoreRecovery {
    let files: SegmentFiles
    let marks: SequenceMarks
    let logger: Logger

    struct Outcome {
        var catalog: Catalog
        var state: WriteState
        var active: ActiveSegment
        var report: RecoveryReport
    }

    func run() throws(StoreError) -> Outcome {
        try Directory.create(self.files.directory)
        let catalog = Catalog()
        var report = RecoveryReport()
        let segments = try self.files.segments()
        report.segments = segments.count
        report.sealedSegments = Array(segments.dropLast())
        let reserved = self.mark("reserved", self.marks.readReserved())
        let acknowledged = self.mark("acknowledged", self.marks.readAcknowledged())
        var active: ActiveSegment?
        var lastSequence: UInt64 = 0
        var lastIngestTime: Int64 = 0
        /// Sequences lost with segment files that are missing: known once the next one loads.
        var missingSince: (segments: [UInt64], after: UInt64)?

        for (position, segment) in segments.enumerated() {
            let isLast = position == segments.count - 1
            let expected = position == 0 ? 1 : segments[position - 1] + 1
            if segment > expected {
                let gone = Array(expected..<segment)
                report.missingSegments += gone
                missingSince = (gone, lastSequence)
            }
            guard let loaded = try self.load(segment, isLast: isLast, acknowledged: acknowledged, report: &report) else { continue }
            if let missing = missingSince, let first = loaded.records.first?.sequence {
                let lost = first > missing.after + 1 ? (missing.after + 1)...(first - 1) : nil
                if let lost { report.lostSequences.append(lost) }
                self.logger.error(
                    "segment files \(missing.segments.map(String.init).joined(separator: ", ")) are missing: \(lost.map { "sequences \($0.lowerBound)...\($0.upperBound) (\($0.count) records) are lost" } ?? "no sequence is lost with them")")
                missingSince = nil
            }
            for info in loaded.records {
                if info.sequence > lastSequence + 1 && lastSequence > 0 {
                    report.missingSequences += info.sequence - lastSequence - 1
                }
                lastSequence = max(lastSequence, info.sequence)
                lastIngestTime = max(lastIngestTime, info.ingestTime)
                if info.isDamaged { report.damagedRecords += 1 }
            }
            catalog.publish(loaded.records, watermarks: loaded.watermarks)
            report.snapshots += loaded.records.count
            if isLast, let file = loaded.file {
                active = ActiveSegment(
                    files: self.files, number: segment, file: file, size: loaded.committedEnd, records: loaded.records,
                    watermarks: loaded.watermarks)
            }
        }
        if let missing = missingSince {
            self.logger.error("segment files \(missing.segments.map(String.init).joined(separator: ", ")) are missing, after sequence \(missing.after)")
        }
        if acknowledged > lastSequence {
            // Answered as durable, and the log no longer has them: loss, never a torn tail.
            report.lostSequences.append((lastSequence + 1)...acknowledged)
            self.logger.error(
                "acknowledged snapshots are missing from the log: sequences \(lastSequence + 1)...\(acknowledged) (\(acknowledged - lastSequence) records) were answered as durable and are lost (the active segment was cut short or restored from an older copy); see docs/operations.md, \"Lost data\"")
        }
        if report.missingSequences > 0 {
            self.logger.notice(
                "\(report.missingSequences) sequence numbers have no record: numbers reserved and skipped by a crash, or the records lost reported above")
        }
        report.nextSequence = max(lastSequence, reserved, acknowledged) + 1
        let segment: ActiveSegment
        if let active {
            segment = active
        } else {
            segment = try ActiveSegment.create((segments.last ?? 0) + 1, files: self.files)
        }
        let state = WriteState(
            catalog: catalog, nextSequence: report.nextSequence, lastIngestTime: lastIngestTime,
            watermarks: catalog.allWatermarks())
        return Outcome(catalog: catalog, state: state, active: segment, report: report)
    }

    private struct Loaded {
        var records: [SnapshotInfo]
        var watermarks: [Watermark] = []
        var committedEnd: UInt64
        /// Open for appending: only for the last segment.
        var file: File?
    }

    /// A sequence mark's value (0 when absent or damaged: it then says nothing).
    private func mark(_ name: String, _ reading: SequenceMarks.Reading) -> UInt64 {
        if case .damaged(let reason) = reading {
            self.logger.warning("the \(name) sequence mark is damaged (\(reason)); it is rewritten with the next write")
        }
        return reading.value ?? 0
    }

    /// One segment's committed records: from its index if sealed and the index is sound and
    /// the file still holds what it indexes, otherwise by scanning (and then repairing the
    /// tail, or rewriting the index).
    private func load(_ segment: UInt64, isLast: Bool, acknowledged: UInt64, report: inout RecoveryReport) throws(StoreError) -> Loaded? {
        let path = self.files.segmentPath(segment)
        var indexedBeforeScan: [SnapshotInfo] = []
        if !isLast, let indexed = self.loadIndex(segment) {
            let size = (try? File.openForReading(path).size()) ?? 0
            guard size < indexed.committedEnd else {
                report.segmentsFromIndex += 1
                return Loaded(records: indexed.records, watermarks: indexed.watermarks, committedEnd: indexed.committedEnd, file: nil)
            }
            // Cut short: what the index lists past the cut is lost; scan what is left.
            self.logger.error("segment \(segment) holds \(size) bytes, its index says \(indexed.committedEnd): scanning what is left")
            indexedBeforeScan = indexed.records
        }
        let file = isLast ? try File.openForAppending(path, create: false) : try File.openForReading(path)
        let size = try file.size()
        do {
            _ = try SegmentHeader(decoding: try file.read(at: 0, count: RecordLayout.segmentHeaderBytes))
        } catch {
            if isLast && size < UInt64(RecordLayout.segmentHeaderBytes) {
                // Torn while being created: nothing in it was ever committed.
                self.logger.notice("segment \(segment): incomplete header (\(size) bytes), recreating it")
                report.truncatedBytes += size
                let fresh = try ActiveSegment.create(segment, files: self.files)
                return Loaded(records: [], committedEnd: fresh.size, file: fresh.file)
            }
            let aside = path + ".damaged"
            try Directory.rename(path, to: aside)
            report.damagedSegments.append("segment \(segment): \(error.message); moved to \(aside)")
            self.logger.error("segment \(segment) is unreadable (\(error.message)); moved aside to \(aside), its data is not served")
            return nil
        }

        let scan = try SegmentScanner.scan(file: file, segment: segment, isActive: isLast, acknowledged: acknowledged)
        var lost = scan.lostRanges
        if !indexedBeforeScan.isEmpty {
            let kept = Set(scan.records.map(\.sequence))
            lost += SegmentScanner.runs(of: indexedBeforeScan.map(\.sequence).filter { !kept.contains($0) }.sorted())
        }
        for range in lost {
            report.lostSequences.append(range)
            self.logger.error(
                "segment \(segment): sequences \(range.lowerBound)...\(range.upperBound) (\(range.count) records) were committed and are lost; see docs/operations.md, \"Lost data\"")
        }
        for region in scan.corrupt {
            let line = "segment \(segment) offset \(region.offset) (\(region.length) bytes): \(region.reason)"
            report.corruptRegions.append(line)
            self.logger.error("corrupt data skipped, never served: \(line)")
        }
        if scan.tailBytes > 0 {
            if isLast {
                try file.truncate(to: scan.committedEnd)
                try file.sync()
                report.truncatedBytes += scan.tailBytes
                report.truncatedRecords += scan.uncommittedRecords
                self.logger.notice(
                    "segment \(segment): truncated a torn tail of \(scan.tailBytes) bytes at offset \(scan.committedEnd) (\(scan.uncommittedRecords) complete but uncommitted records dropped)")
            } else {
                let line = "segment \(segment): \(scan.tailBytes) bytes after the last commit at offset \(scan.committedEnd)"
                report.corruptRegions.append(line)
                self.logger.error("uncommitted bytes in a sealed segment, ignored: \(line)")
            }
        }
        if !isLast {
            self.writeIndex(segment, committedEnd: scan.committedEnd, records: scan.records, watermarks: scan.watermarks)
        }
        return Loaded(records: scan.records, watermarks: scan.watermarks, committedEnd: scan.committedEnd, file: isLast ? file : nil)
    }

    private func loadIndex(_ segment: UInt64) -> (committedEnd: UInt64, records: [SnapshotInfo], watermarks: [Watermark])? {
        let path = self.files.indexPath(segment)
        guard Directory.exists(path) else { return nil }
        do {
            let file = try File.openForReading(path)
            let bytes = try file.read(at: 0, count: Int(try file.size()))
            return try SegmentIndexFile.decode(bytes, segment: segment)
        } catch {
            self.logger.warning("segment \(segment): index unusable (\(error.message)); scanning the segment")
            return nil
        }
    }

    private func writeIndex(_ segment: UInt64, committedEnd: UInt64, records: [SnapshotInfo], watermarks: [Watermark]) {
        let path = self.files.indexPath(segment)
        do {
            let file = try File.openForAppending(path + ".tmp", create: true)
            try file.truncate(to: 0)
            try file.write(
                SegmentIndexFile.encode(segment: segment, committedEnd: committedEnd, records: records, watermarks: watermarks), at: 0)
            try file.sync()
            try Directory.rename(path + ".tmp", to: path)
        } catch {
            self.logger.warning("segment \(segment): could not write its index: \(error.message)")
        }
    }
}
