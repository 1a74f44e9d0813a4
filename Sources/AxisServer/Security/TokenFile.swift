public import AxisCodec
import AxisDigest
public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One token as the server keeps it: never the token itself, only its SHA-256.
public struct TokenEntry: Sendable, Hashable {
    public var name: String
    public var role: AccessRole
    /// When it was made, ISO 8601 UTC.
    public var created: String
    public var hash: [UInt8]
}

public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The request was wrong (a name taken or malformed), not the file system.
    public var isUsage = false
}

/// The token file, `<data>/tokens` (mode 0600): one token a line, `NAME ROLE CREATED SHA256`
/// separated by tabs, after a `# axis tokens v1` line. Written whole to a temporary file,
/// synced and renamed, so a reader sees the old file or the new one. A running server reads
/// it again whenever it changes (`axserver token add` and `revoke` need no restart).
public struct TokenFile: Sendable {
    public let path: String

    static let header = "# axis tokens v1"
    /// Bytes of randomness in a token: 256 bits.
    static let tokenBytes = 32
    public static let prefix = "axt_"

    public init(dataDirectory: String) {
        self.path = dataDirectory + "/tokens"
    }

    /// The tokens; none when the file does not exist.
    public func load() throws(TokenFileError) -> [TokenEntry] {
        guard FileManager.default.fileExists(atPath: self.path) else { return [] }
        guard let text = try? String(contentsOfFile: self.path, encoding: .utf8) else {
            throw TokenFileError(description: "cannot read \(self.path)")
        }
        var entries: [TokenEntry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let role = AccessRole(rawValue: fields[1]), let hash = ContentHash(hex: fields[3]) else {
                throw TokenFileError(description: "\(self.path) line \(number + 1) is not NAME<tab>ROLE<tab>CREATED<tab>SHA256")
            }
            entries.append(TokenEntry(name: fields[0], role: role, created: fields[2], hash: hash.bytes))
        }
        return entries
    }

    /// One change at a time: in this process (TOKENS requests run concurrently) and across
    /// processes (`axserver token` beside a running server), by a lock file held with flock.
    private static let changes = Mutex(())

    private func exclusively<T>(_ body: () throws(TokenFileError) -> T) throws(TokenFileError) -> T {
        try Self.changes.withLock { _ throws(TokenFileError) -> T in
            let lockPath = self.path + ".lock"
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw TokenFileError(description: "cannot open \(lockPath): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX) == 0 else { throw TokenFileError(description: "cannot lock \(lockPath)") }
            defer { flock(descriptor, LOCK_UN) }
            return try body()
        }
    }

    /// Replaces the file (0600, synced, renamed into place).
    public func save(_ entries: [TokenEntry]) throws(TokenFileError) {
        var text = Self.header + "\n"
        for entry in entries {
            text += "\(entry.name)\t\(entry.role.rawValue)\t\(entry.created)\t\(ContentHash(bytes: entry.hash)?.hex ?? "")\n"
        }
        let temporary = self.path + ".tmp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TokenFileError(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        fchmod(descriptor, 0o600)
        close(descriptor)
        guard written == bytes.count, synced else { throw TokenFileError(description: "cannot write \(temporary)") }
        guard rename(temporary, self.path) == 0 else { throw TokenFileError(description: "cannot replace \(self.path)") }
    }

    /// Makes a token for `name`; returns it (shown once: only its hash is kept).
    public func add(name: String, role: AccessRole, now: Date = Date()) throws(TokenFileError) -> String {
        guard Self.isValidName(name) else {
            throw TokenFileError(description: "a token name is 1 to 64 letters, digits, '.', '_', '-' or '@' (got '\(name)')", isUsage: true)
        }
        return try self.exclusively { () throws(TokenFileError) -> String in
            var entries = try self.load()
            guard !entries.contains(where: { $0.name == name }) else {
                throw TokenFileError(description: "a token named '\(name)' exists already; revoke it first", isUsage: true)
            }
            let token = Self.newToken()
            let created = ISO8601DateFormatter().string(from: now)
            entries.append(TokenEntry(name: name, role: role, created: created, hash: Self.hash(token)))
            try self.save(entries)
            return token
        }
    }

    /// Removes `name`'s token; false when there is none.
    public func revoke(name: String) throws(TokenFileError) -> Bool {
        try self.exclusively { () throws(TokenFileError) -> Bool in
            var entries = try self.load()
            guard let index = entries.firstIndex(where: { $0.name == name }) else { return false }
            entries.remove(at: index)
            try self.save(entries)
            return true
        }
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || ".-_@".unicodeScalars.contains($0) }
    }

    /// `axt_` and 64 hex digits from the system's random source.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.tokenBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Self.prefix + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func hash(_ token: String) -> [UInt8] {
        SHA256.hash(Array(token.utf8)).bytes
    }
}
