#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file, by descriptor, with the few operations the log needs. Every failure is a
/// `StoreError` naming the path and the errno; nothing here traps on a failing disk.
///
/// Not Sendable by itself: a `File` is owned by one component (the writer, or the reader's
/// descriptor cache, which only uses `pread`, safe from any thread).
final class File: Sendable {
    let path: String
    let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(self.descriptor)
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws(StoreError) -> File {
        try Self.open(path, flags: O_RDONLY | O_CLOEXEC)
    }

    /// Opens (creating if needed) a file for reading and appending.
    static func openForAppending(_ path: String, create: Bool) throws(StoreError) -> File {
        try Self.open(path, flags: O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0))
    }

    private static func open(_ path: String, flags: Int32) throws(StoreError) -> File {
        let descriptor = Glibc.open(path, flags, 0o644)
        guard descriptor >= 0 else { throw StoreError.io("open", path: path, errno: errno) }
        return File(path: path, descriptor: descriptor)
    }

    /// The file's size in bytes.
    func size() throws(StoreError) -> UInt64 {
        var info = stat()
        guard fstat(self.descriptor, &info) == 0 else { throw StoreError.io("fstat", path: self.path, errno: errno) }
        return UInt64(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: UInt64, count: Int) throws(StoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: Int32 = 0
        // No zero-filling: only the bytes read are ever exposed.
        let result = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = pread(self.descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if got == 0 { break }
                done += got
            }
            initialized = done
        }
        if failure != 0 { throw StoreError.io("pread", path: self.path, errno: failure) }
        return result
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let written = pwrite(self.descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError.io("pwrite", path: self.path, errno: errno)
            }
            done += written
        }
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws(StoreError) {
        // Array's closure APIs rethrow untyped errors; carry the typed one out in a Result.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(StoreError) in try self.write(buffer, at: offset) }
        }.get()
    }

    /// Makes written data durable (data and the size, not other metadata).
    func sync() throws(StoreError) {
        while fdatasync(self.descriptor) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io("fdatasync", path: self.path, errno: errno)
        }
    }

    /// Cuts the file to `length` bytes.
    func truncate(to length: UInt64) throws(StoreError) {
        guard ftruncate(self.descriptor, off_t(length)) == 0 else {
            throw StoreError.io("ftruncate", path: self.path, errno: errno)
        }
    }
}

/// Directory operations: creation, listing, renaming, and fsync of the directory itself
/// (without which a new file's name may not survive a crash).
enum Directory {
    static func create(_ path: String) throws(StoreError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw StoreError.io("mkdir", path: current, errno: errno)
            }
        }
    }

    static func entries(_ path: String) throws(StoreError) -> [String] {
        guard let directory = opendir(path) else { throw StoreError.io("opendir", path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func sync(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.io("open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError.io("fsync", path: path, errno: errno) }
    }

    static func rename(_ from: String, to: String) throws(StoreError) {
        guard Glibc.rename(from, to) == 0 else { throw StoreError.io("rename", path: from, errno: errno) }
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
