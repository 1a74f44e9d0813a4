public import NIOCore

/// The golden vectors of `Protocol/vectors/`: hex bytes with a comment per field. The files
/// are the source of truth; tests read them from disk and never repeat their bytes inline.
public enum Vectors {
    /// The `Protocol/vectors` folder, found from this source file's path.
    public static var directory: String {
        let thisFile = #filePath
        var components = thisFile.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)  // Tests/AxisTestSupport/Vectors.swift
        return components.joined(separator: "/") + "/Protocol/vectors"
    }

    /// The names (without `.hex`) of every vector file.
    public static func names() throws -> [String] {
        let entries = try listDirectory(Self.directory)
        return entries.filter { $0.hasSuffix(".hex") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The bytes of one vector: every hex pair before a `#` on each line.
    public static func bytes(_ name: String) throws -> ByteBuffer {
        let text = try readTextFile(Self.directory + "/" + name + ".hex")
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let data = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in data.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else {
                    throw TestSupportError("\(name).hex: '\(token)' is not a hex byte")
                }
                bytes.append(byte)
            }
        }
        return ByteBuffer(bytes: bytes)
    }
}
