import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file the user named, with a reason a person understands when it cannot be:
/// checked with stat(2) first (a FIFO would block a read forever; Foundation's messages for
/// a broken link or a FIFO were "doesn't exist" and "you don't have permission").
public enum FileContents {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// Why, for "PATH: cannot read: REASON".
        public var reason: String
        /// The path is a folder (a command may point to one that takes folders).
        public var isFolder = false

        public var description: String { self.reason }
    }

    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let failure = errno
            var link = stat()
            if failure == ENOENT, lstat(path, &link) == 0 { throw Failure(reason: "a symbolic link to nothing") }
            throw Failure(reason: failure == ENOENT ? "no such file" : String(cString: strerror(failure)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            throw Failure(reason: "a folder, not a file", isFolder: true)
        case S_IFIFO:
            throw Failure(reason: "a named pipe, not a file")
        default:
            throw Failure(reason: "not a regular file")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let posixCode = underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
            throw Failure(reason: posixCode.map { String(cString: strerror(Int32($0))) } ?? error.localizedDescription)
        }
    }
}
