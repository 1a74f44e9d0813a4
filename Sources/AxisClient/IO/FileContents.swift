#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file the user named, with a reason a person understands when it cannot be.
/// Checked with stat(2) first: a folder, a broken link and, when walking a folder, a named
/// pipe (which would block a read for ever) are named as such (Foundation said "you don't
/// have permission" for a FIFO and "doesn't exist" for a broken link).
public enum FileContents {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// Why, for "PATH: cannot read: REASON".
        public var reason: String
        /// The path is a folder (a command may point to one that takes folders).
        public var isFolder = false

        public var description: String { self.reason }
    }

    /// Why `path` cannot be read as a document, or nil. `streams`: named pipes and devices
    /// are fine (`put <(curl ...)`, `/dev/stdin`): the user named them, and something feeds them.
    public static func problem(with path: String, streams: Bool) -> Failure? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let failure = errno
            var link = stat()
            if failure == ENOENT, lstat(path, &link) == 0 { return Failure(reason: "a symbolic link to nothing") }
            return Failure(reason: failure == ENOENT ? "no such file" : String(cString: strerror(failure)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return nil
        case S_IFDIR:
            return Failure(reason: "a folder, not a file", isFolder: true)
        case S_IFIFO, S_IFCHR, S_IFSOCK:
            return streams ? nil : Failure(reason: status.st_mode & S_IFMT == S_IFIFO ? "a named pipe, not a file" : "not a regular file")
        default:
            return Failure(reason: "not a regular file")
        }
    }

    /// All of `path`'s bytes.
    public static func read(_ path: String, streams: Bool) throws(Failure) -> [UInt8] {
        if let problem = Self.problem(with: path, streams: streams) { throw problem }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        let file = OwnedDescriptor(descriptor)
        var bytes: [UInt8] = []
        while true {
            switch Descriptor.read(file.descriptor, upTo: 1 << 20) {
            case .success(let chunk) where chunk.isEmpty:
                return bytes
            case .success(let chunk):
                bytes += chunk
            case .failure(let error):
                throw Failure(reason: error.description)
            }
        }
    }
}
