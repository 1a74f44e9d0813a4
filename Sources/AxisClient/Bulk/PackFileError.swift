#if canImport(Glibc)
import Glibc
#endif

/// A pack file (or standard output) that could not be opened, read or written.
public struct PackFileError: Error, CustomStringConvertible, Sendable {
    /// The file, or "standard output".
    public let path: String
    /// What failed: "open", "create", "read", "write", "sync", "close", "rename".
    public let operation: String
    /// The errno.
    public let code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// The reader of standard output has gone (`| head`).
    public var isBrokenPipe: Bool { self.code == EPIPE }

    public var description: String { "cannot \(self.operation) \(self.path): \(String(cString: strerror(self.code)))" }
}
