import Foundation
public import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Writes a pack to a file or to standard output. A file is written as `NAME.partial`,
/// synced, and renamed over its name (one atomic step; the folder is synced too), so a pack
/// under its final name is always whole; an interrupted export leaves only the `.partial`
/// file. Failures are `PackFileError`s naming the file.
public final class FilePackSink: @unchecked Sendable {
    // @unchecked: used by one task at a time (the exporter).
    private let descriptor: Int32
    private let path: String?
    /// Where the bytes go until the pack is whole: `path.partial`, or "standard output".
    private let name: String
    /// The descriptor of a file is still ours to close.
    private var open = true
    /// Writes are gathered into 1 MiB chunks: one system call per chunk, not per record.
    private var pending = ByteBuffer()
    private static let chunkBytes = 1 << 20

    /// Why `path` cannot be a pack's destination, or nil: it must be a new path or a regular
    /// file (the pack is renamed over it; renaming over a device, a named pipe, a folder or a
    /// link would replace that thing, not write through it), and so must its `.partial`.
    public static func problem(withDestination path: String) -> String? {
        for candidate in [path, path + ".partial"] {
            var status = stat()
            guard lstat(candidate, &status) == 0 else {
                if errno == ENOENT { continue }
                return "\(candidate): \(String(cString: strerror(errno)))"
            }
            let kind: String
            switch status.st_mode & S_IFMT {
            case S_IFREG: continue
            case S_IFDIR: kind = "a folder"
            case S_IFLNK: kind = "a symbolic link"
            case S_IFIFO: kind = "a named pipe"
            case S_IFCHR, S_IFBLK: kind = "a device"
            case S_IFSOCK: kind = "a socket"
            default: kind = "not a regular file"
            }
            return "\(candidate) is \(kind); a pack is written to a new path or over a regular file (use --out - to write to a pipe)"
        }
        return nil
    }

    /// - Parameter path: a file to create (replacing it when complete), or `nil` for standard output.
    public init(path: String?) throws {
        if let path {
            self.name = path + ".partial"
            let descriptor = Glibc.open(self.name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PackFileError(path: self.name, operation: "create", code: errno) }
            self.descriptor = descriptor
        } else {
            self.name = "standard output"
            self.descriptor = STDOUT_FILENO
        }
        self.path = path
    }

    deinit {
        self.closeFile()
    }

    public func write(_ buffer: ByteBuffer) throws {
        var buffer = buffer
        self.pending.writeBuffer(&buffer)
        if self.pending.readableBytes >= Self.chunkBytes { try self.flush() }
    }

    private func flush() throws {
        let failure = self.pending.withUnsafeReadableBytes { Descriptor.writeAll(self.descriptor, $0) }
        if let failure { throw PackFileError(path: self.name, operation: "write", code: failure) }
        self.pending.clear()
    }

    /// Writes what is gathered, syncs the file and gives it its final name (standard output
    /// is flushed and left to the reader). Once only.
    public func close() throws {
        try self.flush()
        guard let path = self.path, self.open else { return }
        guard fsync(self.descriptor) == 0 else { throw PackFileError(path: self.name, operation: "sync", code: errno) }
        self.open = false
        // A failed close can be a failed delayed write (NFS): the pack is not known whole.
        guard Glibc.close(self.descriptor) == 0 else { throw PackFileError(path: self.name, operation: "close", code: errno) }
        guard rename(self.name, path) == 0 else { throw PackFileError(path: path, operation: "rename", code: errno) }
        Self.syncFolder(of: path)
    }

    /// Removes the incomplete file after a failed export.
    public func discard() {
        guard self.path != nil else { return }
        self.closeFile()
        unlink(self.name)
    }

    private func closeFile() {
        guard self.path != nil, self.open else { return }
        self.open = false
        Glibc.close(self.descriptor)
    }

    /// The rename is durable once the folder holding it is synced (best effort: some file
    /// systems refuse to sync a folder, and the pack itself is already on disk).
    private static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        Glibc.close(descriptor)
    }
}
