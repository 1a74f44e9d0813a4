import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the entity index's checkpoint lives (`<data>/index/entities.axci`), read whole at
/// start and replaced atomically: written to a temporary file, synced, renamed over the old
/// one, and the folder synced. A crash leaves the old checkpoint or the new one, never half.
public struct IndexCheckpointFile: Sendable {
    public let path: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(dataDirectory: String) {
        self.path = dataDirectory + "/index/entities.axci"
    }

    /// The checkpoint's bytes, or nil when there is none.
    public func read() throws(Failure) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: self.path) else { return nil }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: self.path)))
        } catch {
            throw Failure(description: "cannot read \(self.path): \(error.localizedDescription)")
        }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        let folder = (self.path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        let temporary = self.path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): errno \(errno)") }
        var written = 0
        let failure: Int32 = bytes.withUnsafeBytes { buffer in
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
        close(descriptor)
        guard failure == 0 else { throw Failure(description: "cannot write \(temporary): errno \(failure)") }
        guard rename(temporary, self.path) == 0 else { throw Failure(description: "cannot rename \(temporary): errno \(errno)") }
        let folderDescriptor = open(folder, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
