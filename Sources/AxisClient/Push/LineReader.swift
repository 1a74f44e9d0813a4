import Foundation

/// Reads a file line by line in fixed-size chunks, so an NDJSON file of any size is pushed
/// with bounded memory. Lines end with "\n" (a trailing "\r" is dropped); a line longer than
/// `maxLineBytes` is reported and skipped rather than buffered.
struct LineReader {
    enum Line {
        case text([UInt8], number: Int, bytes: Int)
        case tooLong(number: Int, bytes: Int)
    }

    static let chunkBytes = 1 << 20

    private let handle: FileHandle
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var number = 0
    private var atEnd = false

    init(path: String, maxLineBytes: Int) throws {
        self.handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        self.maxLineBytes = maxLineBytes
    }

    /// The next line, or `nil` at the end of the file.
    mutating func next() throws -> Line? {
        var skipping = 0
        while true {
            if let newline = self.buffer[self.start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(self.buffer[self.start..<newline])
                self.start = newline + 1
                self.number += 1
                if skipping > 0 { return .tooLong(number: self.number, bytes: skipping + line.count + 1) }
                return .text(Self.trimmingCarriageReturn(line), number: self.number, bytes: line.count + 1)
            }
            if self.atEnd {
                guard self.start < self.buffer.count || skipping > 0 else { return nil }
                let line = Array(self.buffer[self.start...])
                self.start = self.buffer.count
                self.number += 1
                if skipping > 0 { return .tooLong(number: self.number, bytes: skipping + line.count) }
                return .text(Self.trimmingCarriageReturn(line), number: self.number, bytes: line.count)
            }
            // Keep the unfinished line, drop what was consumed, read more.
            self.buffer.removeSubrange(0..<self.start)
            self.start = 0
            if self.buffer.count > self.maxLineBytes {
                skipping += self.buffer.count
                self.buffer.removeAll(keepingCapacity: true)
            }
            let chunk = try self.handle.read(upToCount: Self.chunkBytes) ?? Data()
            if chunk.isEmpty {
                self.atEnd = true
                try? self.handle.close()
            } else {
                self.buffer.append(contentsOf: chunk)
            }
        }
    }

    private static func trimmingCarriageReturn(_ line: [UInt8]) -> [UInt8] {
        line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
    }
}
