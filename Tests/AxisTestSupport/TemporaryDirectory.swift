#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under /tmp for one test, removed afterwards.
public func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = try makeTemporaryDirectory()
    defer { removeTree(path) }
    return try await body(path)
}

/// The same, for synchronous tests.
public func withTemporaryDirectorySync<T>(_ body: (String) throws -> T) throws -> T {
    let path = try makeTemporaryDirectory()
    defer { removeTree(path) }
    return try body(path)
}

/// Creates a fresh directory under /tmp.
public func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/axis-test-XXXXXX".utf8CString)
    guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw TestSupportError("mkdtemp failed")
    }
    return String(cString: result)
}

/// Removes a directory tree (tests only; paths under /tmp).
public func removeTree(_ path: String) {
    guard path.hasPrefix("/tmp/") else { return }
    if let directory = opendir(path) {
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var info = stat()
            if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                removeTree(child)
            } else {
                unlink(child)
            }
        }
        closedir(directory)
    }
    rmdir(path)
}

/// Copies a directory tree (regular files only).
public func copyTree(_ from: String, to: String) throws {
    mkdir(to, 0o755)
    for name in try listDirectory(from) {
        let source = from + "/" + name
        let target = to + "/" + name
        var info = stat()
        guard lstat(source, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            try copyTree(source, to: target)
        } else {
            try writeFile(target, try readFile(source))
        }
    }
}

/// A whole file's bytes.
public func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw TestSupportError("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

/// Replaces a file's contents.
public func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    guard let file = fopen(path, "wb") else { throw TestSupportError("cannot create \(path)") }
    defer { fclose(file) }
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw TestSupportError("short write to \(path)") }
}
