public import Logging

extension SnapshotStore {
    /// What the background check of the sealed segments found.
    public struct VerificationReport: Sendable, Hashable {
        public var segments = 0
        /// Damaged regions, one line each (segment, offset, length, reason).
        public var damage: [String] = []
        /// Records found damaged that still name their document (now answering CORRUPT_DATA).
        public var damagedRecords = 0
    }

    /// Reads every sealed segment whole and checks every record (start-up trusts the segment
    /// indexes and reads nothing else). Damage is logged at error and the damaged records
    /// that still name their document answer CORRUPT_DATA from then on. Blocking, and meant to
    /// run in the background while the server already listens.
    public func verifySealedSegments(logger: Logger) -> VerificationReport {
        var report = VerificationReport()
        let files = SegmentFiles(dataDirectory: self.configuration.directory)
        for segment in self.recovery.sealedSegments {
            let path = files.segmentPath(segment)
            guard Directory.exists(path) else { continue }
            report.segments += 1
            do {
                let file = try File.openForReading(path)
                let scan = try SegmentScanner.scan(file: file, segment: segment, isActive: false)
                for region in scan.corrupt {
                    let line = "segment \(segment) offset \(region.offset) (\(region.length) bytes): \(region.reason)"
                    report.damage.append(line)
                    logger.error("background check: damaged data, never served: \(line)")
                }
                if scan.tailBytes > 0 {
                    let line = "segment \(segment): \(scan.tailBytes) bytes after the last commit at offset \(scan.committedEnd)"
                    report.damage.append(line)
                    logger.error("background check: \(line)")
                }
                for info in scan.records where info.isDamaged {
                    self.markDamaged(info)
                    report.damagedRecords += 1
                }
            } catch {
                report.damage.append("segment \(segment): \(error.message)")
                logger.error("background check: segment \(segment) cannot be read: \(error.message)")
            }
        }
        if report.damage.isEmpty {
            logger.info("background check: \(report.segments) sealed segments read whole, no damage")
        } else {
            logger.error(
                "background check: \(report.damage.count) damaged regions in \(report.segments) sealed segments (\(report.damagedRecords) documents answer CORRUPT_DATA); see docs/operations.md, \"Lost data\"")
        }
        return report
    }
}
