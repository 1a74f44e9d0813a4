import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the entity index's checkpoint lives (`<data>/index/entities.axci`), read whole at
/// start and replaced atomically: written to a temporary file, synced, renamed over the old
/// one, and the folder synced. A crash leaves the old checkpoint or the new one, never half.
///
/// Beside it, its journal (`entities.axcj`, `IndexCheckpointJournal`): records appended and
/// synced one at a time between full checkpoints; a crash while appending leaves a torn last
/// record that reading skips and the next start cuts off.
public struct IndexCheckpointFile: Sendable {
    public let path: String
    public let journalPath: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(dataDirectory: String) {
        self.path = dataDirectory + "/index/entities.axci"
        self.journalPath = dataDirectory + "/index/entities.axcj"
    }

    /// The checkpoint's bytes, or nil when there is none.
    public func read() throws(Failure) -> [UInt8]? {
        try Self.read(self.path)
    }

    /// The journal's bytes, or nil when there is none.
    public func readJournal() throws(Failure) -> [UInt8]? {
        try Self.read(self.journalPath)
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        try Self.replace(self.path, with: bytes)
    }

    /// Starts a new journal for the checkpoint just written (atomically, like the checkpoint).
    public func resetJournal(_ header: [UInt8]) throws(Failure) {
        try Self.replace(self.journalPath, with: header)
    }

    /// Appends one record to the journal and syncs it.
    public func appendJournal(_ record: [UInt8]) throws(Failure) {
        let descriptor = open(self.journalPath, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(self.journalPath): errno \(errno)") }
        defer { close(descriptor) }
        let failure = Self.writeAll(record, to: descriptor)
        guard failure == 0 else { throw Failure(description: "cannot append to \(self.journalPath): errno \(failure)") }
    }

    /// Cuts a torn or damaged tail off the journal.
    public func truncateJournal(to length: Int) throws(Failure) {
        guard truncate(self.journalPath, off_t(length)) == 0 else {
            throw Failure(description: "cannot truncate \(self.journalPath): errno \(errno)")
        }
    }

    /// The journal's size in bytes (0 when there is none).
    public var journalSize: Int {
        ((try? FileManager.default.attributesOfItem(atPath: self.journalPath))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func read(_ path: String) throws(Failure) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Writes all of `bytes` and syncs; returns 0 or the errno.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        var written = 0
        return bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return fsync(descriptor) == 0 ? 0 : errno }
            while written < buffer.count {
                let count = Glibc.write(descriptor, base + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(descriptor) == 0 ? 0 : errno
        }
    }

    private static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): errno \(errno)") }
        let failure = Self.writeAll(bytes, to: descriptor)
        close(descriptor)
        guard failure == 0 else { throw Failure(description: "cannot write \(temporary): errno \(failure)") }
        guard rename(temporary, path) == 0 else { throw Failure(description: "cannot rename \(temporary): errno \(errno)") }
        let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
