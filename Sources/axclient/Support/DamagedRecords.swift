import ArgumentParser
import AxisCodec
import AxisTerminal

/// Records an export or sync passed over with --skip-damaged: listed on stderr (or in the
/// JSON), and the command exits 11 so that a script cannot miss them.
struct DamagedRecordsReport {
    struct Entry: Encodable {
        var sequence: UInt64
        var key: String
        var version: UInt32
        var reason: String
    }

    var entries: [Entry]
    var total: UInt64

    init(_ records: [DamagedRecord], total: UInt64) {
        self.entries = records.map { Entry(sequence: $0.sequence, key: $0.key, version: $0.version, reason: $0.reason) }
        self.total = total
    }

    /// One line per record on stderr (not under --json, where they are in the object).
    func printLines() {
        for entry in self.entries {
            FileOutput.standardError.write(
                "axclient: skipped damaged record: sequence \(entry.sequence) '\(entry.key)' version \(entry.version): \(entry.reason)\n")
        }
        if self.total > UInt64(self.entries.count) {
            FileOutput.standardError.write("axclient: ... and \(self.total - UInt64(self.entries.count)) more damaged records skipped\n")
        }
    }

    /// Ends the command with exit 11 when anything was skipped.
    func exitIfAny() throws {
        if self.total > 0 { throw ExitCode(ExitStatus.damagedSkipped) }
    }
}
