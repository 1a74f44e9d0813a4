import AxisClient
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file the user names on the command line, or `-` for standard input, read whole.
///
/// Standard input is read with read(2), not `FileHandle.readDataToEndOfFile()`, which traps
/// when the read fails (`axclient batch - < somefolder` crashed with "Is a directory"): any
/// failure here is a one-line error naming the file.
enum InputFile {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "\(self.path): cannot read: \(self.reason)" }
    }

    /// All of `path`'s bytes; `-` is standard input.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            var bytes: [UInt8] = []
            try Self.readStandardInput { bytes.append(contentsOf: $0) }
            return bytes
        }
        do {
            return try FileContents.read(path, streams: true)
        } catch {
            throw Failure(path: path, reason: error.isFolder ? error.reason + " (axclient push stores a folder)" : error.reason)
        }
    }

    /// Hands standard input to `consume` a chunk at a time until end of file. A failure to
    /// read is a `Failure`; what `consume` throws passes through unchanged.
    static func readStandardInput(_ consume: ([UInt8]) throws -> Void) throws {
        while true {
            switch Descriptor.read(STDIN_FILENO, upTo: 1 << 20) {
            case .success(let chunk) where chunk.isEmpty:
                return
            case .success(let chunk):
                try consume(chunk)
            case .failure(let error):
                throw Failure(path: "standard input", reason: error.description)
            }
        }
    }
}
