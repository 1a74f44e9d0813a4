public import AxisCodec
import Foundation
public import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A pack file (or standard input/output) that could not be opened, read or written.
public struct PackFileError: Error, CustomStringConvertible, Sendable {
    /// The file, or "standard output".
    public let path: String
    /// What failed: "open", "read", "write", "sync", "rename".
    public let operation: String
    /// The errno.
    public let code: Int32

    /// The reader of standard output has gone (`| head`).
    public var isBrokenPipe: Bool { self.code == EPIPE }

    public var description: String { "cannot \(self.operation) \(self.path): \(String(cString: strerror(self.code)))" }
}

/// Reads a pack from a file, buffered. Plain read(2) calls: a failure is a `PackFileError`
/// naming the file (`FileHandle`'s errors are vague, and some of its calls trap).
public struct FilePackSource: PackSource {
    private let file: OwnedDescriptor
    private let path: String
    private var buffer: [UInt8] = []
    private var position = 0

    public init(path: String) throws {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PackFileError(path: path, operation: "open", code: errno) }
        self.file = OwnedDescriptor(descriptor)
        self.path = path
    }

    public mutating func read(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if self.position == self.buffer.count {
                self.buffer = try self.readChunk(max(1 << 20, count - result.count))
                self.position = 0
                if self.buffer.isEmpty { break }
            }
            let take = min(count - result.count, self.buffer.count - self.position)
            result.append(contentsOf: self.buffer[self.position..<(self.position + take)])
            self.position += take
        }
        return result
    }

    private func readChunk(_ size: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: size)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(self.file.descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Array(chunk[..<count]) }
            if errno != EINTR { throw PackFileError(path: self.path, operation: "read", code: errno) }
        }
    }
}

/// A file descriptor closed when the last reference goes.
final class OwnedDescriptor: Sendable {
    let descriptor: Int32

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        Glibc.close(self.descriptor)
    }
}

/// Writes a pack to a file or to standard output. A file is written as `NAME.partial`,
/// synced, and renamed over its name (one atomic step; the folder is synced too), so a pack
/// under its final name is always whole; an interrupted export leaves only the `.partial`
/// file. Failures are `PackFileError`s naming the file.
public final class FilePackSink: @unchecked Sendable {
    // @unchecked: used by one task at a time (the exporter).
    private let descriptor: Int32
    private let path: String?
    private var open = true
    /// Writes are gathered into 1 MiB chunks: one system call per chunk, not per record.
    private var pending = ByteBuffer()
    private static let chunkBytes = 1 << 20

    /// - Parameter path: a file to create (replacing it when complete), or `nil` for standard output.
    public init(path: String?) throws {
        if let path {
            let partial = path + ".partial"
            let descriptor = Glibc.open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PackFileError(path: partial, operation: "create", code: errno) }
            self.descriptor = descriptor
        } else {
            self.descriptor = STDOUT_FILENO
        }
        self.path = path
    }

    deinit {
        if self.path != nil && self.open { Glibc.close(self.descriptor) }
    }

    private var name: String { self.path.map { $0 + ".partial" } ?? "standard output" }

    public func write(_ buffer: ByteBuffer) throws {
        var buffer = buffer
        self.pending.writeBuffer(&buffer)
        if self.pending.readableBytes >= Self.chunkBytes { try self.flush() }
    }

    private func flush() throws {
        while self.pending.readableBytes > 0 {
            let count = self.pending.withUnsafeReadableBytes { Glibc.write(self.descriptor, $0.baseAddress, $0.count) }
            if count >= 0 {
                self.pending.moveReaderIndex(forwardBy: count)
            } else if errno == EAGAIN {
                // A non-blocking standard output that is full: wait until it takes more.
                var ready = pollfd(fd: self.descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                throw PackFileError(path: self.name, operation: "write", code: errno)
            }
        }
        self.pending.clear()
    }

    /// Writes what is gathered, syncs the file and gives it its final name (standard output
    /// is flushed and left to the reader).
    public func close() throws {
        try self.flush()
        guard let path = self.path else { return }
        guard fsync(self.descriptor) == 0 else { throw PackFileError(path: self.name, operation: "sync", code: errno) }
        self.open = false
        guard Glibc.close(self.descriptor) == 0 else { throw PackFileError(path: self.name, operation: "write", code: errno) }
        guard rename(path + ".partial", path) == 0 else { throw PackFileError(path: path, operation: "rename", code: errno) }
        Self.syncFolder(of: path)
    }

    /// Removes the incomplete file after a failed export.
    public func discard() {
        guard let path = self.path else { return }
        if self.open {
            self.open = false
            Glibc.close(self.descriptor)
        }
        unlink(path + ".partial")
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
