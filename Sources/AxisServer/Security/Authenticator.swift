public import AxisCodec
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Decides who a HELLO's token is (PROTOCOL.md §6.1, docs/operations.md "Securing a server").
///
/// With no token file (or an empty one) every connection is let in as `admin`: the server
/// then listens on loopback only unless told `--insecure`. With tokens, a HELLO must carry one
/// of them. The token's SHA-256 is compared with every stored hash, in constant time and
/// always with all of them, so the time taken says nothing about how close a guess was. The
/// file is read again when it changes (its size, time or inode), so tokens added or revoked
/// take effect for the next connection without a restart; connections already open keep
/// the role they were given.
public final class Authenticator: Sendable {
    public enum Outcome: Equatable, Sendable {
        /// No tokens are configured: open to everyone who can connect.
        case open
        case granted(name: String, role: AccessRole)
        case refused(String)
    }

    private struct Cache {
        var stamp: [Int] = []
        var entries: [TokenEntry] = []
    }

    let file: TokenFile
    private let logger: Logger
    private let cache = Mutex(Cache())
    /// Tokens stay required even if the file is emptied or removed while the server runs (a
    /// server that started with tokens, or that serves more than loopback, never falls open).
    private let alwaysRequired: Bool

    /// - Parameter alwaysRequired: refuse everyone when no token is left, instead of opening up.
    public init(file: TokenFile, logger: Logger, alwaysRequired: Bool = false) {
        self.file = file
        self.logger = logger
        self.alwaysRequired = alwaysRequired
    }

    /// Whether connections must present a token.
    public var isRequired: Bool { self.alwaysRequired || !self.entries().isEmpty }

    public func check(_ token: String?) -> Outcome {
        let entries = self.entries()
        guard !entries.isEmpty else {
            return self.alwaysRequired ? .refused("this server requires a token, and none is valid now (axserver token add)") : .open
        }
        guard let token, !token.isEmpty else { return .refused("this server requires a token (axclient --token, AX_TOKEN)") }
        let presented = TokenFile.hash(token)
        var match: TokenEntry?
        for entry in entries where Self.constantTimeEqual(entry.hash, presented) && match == nil {
            match = entry
        }
        guard let match else { return .refused("the token is not valid here (wrong, or revoked)") }
        return .granted(name: match.name, role: match.role)
    }

    /// The tokens, read again when the file changed.
    private func entries() -> [TokenEntry] {
        let stamp = Self.stamp(of: self.file.path)
        if let cached = self.cache.withLock({ $0.stamp == stamp ? $0.entries : nil }) { return cached }
        let entries: [TokenEntry]
        do {
            entries = try self.file.load()
        } catch {
            // Never open the doors because the file is damaged: refuse everyone until fixed.
            self.logger.error("cannot use the token file: \(error); every connection is refused until it is fixed")
            return [TokenEntry(name: "", role: .read, created: "", hash: [UInt8](repeating: 0, count: 32))]
        }
        let previous = self.cache.withLock { cache in
            defer { cache = Cache(stamp: stamp, entries: entries) }
            return cache.stamp.isEmpty ? nil : cache.entries
        }
        if let previous {
            let before = Set(previous.map(\.name))
            let after = Set(entries.map(\.name))
            self.logger.notice(
                "tokens reloaded: \(entries.count) (added: \(after.subtracting(before).sorted().joined(separator: ", ")); revoked: \(before.subtracting(after).sorted().joined(separator: ", ")))")
        }
        return entries
    }

    /// Size, modification time and inode: what changes when the file is replaced.
    private static func stamp(of path: String) -> [Int] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [-1] }
        return [Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec), Int(status.st_ino)]
    }

    /// Equal, in a time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
