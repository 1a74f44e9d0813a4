import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data folder's permanent identity: 32 hex digits in `<data>/server-id`, created the first
/// time. Sync uses it to remember how far it has copied from each source.
enum ServerIdentity {
    static func load(directory: String) throws(StoreError) -> String {
        let path = directory + "/server-id"
        if Directory.exists(path) {
            let file = try File.openForReading(path)
            let text = String(decoding: try file.read(at: 0, count: 64), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count == 32, text.allSatisfy(\.isHexDigit) else {
                throw StoreError(
                    .corrupt,
                    "\(path) does not hold a 32-digit server id: restore that file from a backup of this folder, or delete it to give the data a new id (servers that synced from this one then copy it again as a new source; docs/operations.md)")
            }
            return text
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let identity = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let file = try File.openForAppending(path + ".tmp", create: true)
        try file.truncate(to: 0)
        try file.write(Array((identity + "\n").utf8), at: 0)
        try file.sync()
        try Directory.rename(path + ".tmp", to: path)
        try Directory.sync(directory)
        return identity
    }
}
