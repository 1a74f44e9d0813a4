public import AxisCodec
import Foundation
public import NIOCore

/// Reads a pack from a file, buffered.
public struct FilePackSource: PackSource {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0

    public init(path: String) throws {
        self.handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    }

    public mutating func read(_ count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            if self.position == self.buffer.count {
                guard let data = try self.handle.read(upToCount: max(1 << 20, count - result.count)), !data.isEmpty else { break }
                self.buffer = Array(data)
                self.position = 0
            }
            let take = min(count - result.count, self.buffer.count - self.position)
            result.append(contentsOf: self.buffer[self.position..<(self.position + take)])
            self.position += take
        }
        return result
    }
}

/// Writes a pack to a file or to standard output. A file is written as `NAME.partial` and
/// renamed to its name once complete and synced, so a pack under its final name is always
/// whole; an interrupted export leaves only the `.partial` file.
public final class FilePackSink: @unchecked Sendable {
    // @unchecked: used by one task at a time (the exporter); FileHandle is not Sendable.
    private let handle: FileHandle
    private let path: String?
    /// Writes are gathered into 1 MiB chunks: one system call per chunk, not per record.
    private var pending = ByteBuffer()
    private static let chunkBytes = 1 << 20

    /// - Parameter path: a file to create (replacing it when complete), or `nil` for standard output.
    public init(path: String?) throws {
        if let path {
            let partial = path + ".partial"
            guard FileManager.default.createFile(atPath: partial, contents: nil) else {
                throw ClientError(.protocolError, "cannot create \(partial)")
            }
            self.handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
        } else {
            self.handle = FileHandle.standardOutput
        }
        self.path = path
    }

    public func write(_ buffer: ByteBuffer) throws {
        var buffer = buffer
        self.pending.writeBuffer(&buffer)
        if self.pending.readableBytes >= Self.chunkBytes { try self.flush() }
    }

    private func flush() throws {
        guard self.pending.readableBytes > 0 else { return }
        try self.pending.withUnsafeReadableBytes { try self.handle.write(contentsOf: $0) }
        self.pending.clear()
    }

    /// Writes what is gathered, syncs the file and gives it its final name (standard output
    /// is flushed and left to the reader).
    public func close() throws {
        try self.flush()
        guard let path = self.path else { return }
        try self.handle.synchronize()
        try self.handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
    }

    /// Removes the incomplete file after a failed export.
    public func discard() {
        guard let path = self.path else { return }
        try? self.handle.close()
        try? FileManager.default.removeItem(atPath: path + ".partial")
    }
}
