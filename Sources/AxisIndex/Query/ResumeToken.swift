import Foundation

/// Where a page of results ended, and the view the first page pinned: the next page runs in
/// the same view (the same snapshots, the same statistics) and starts after the last hit, so
/// pages neither repeat nor skip a hit, even while documents are being added.
///
/// Travels as text: URL-safe base64 of a version byte, the view, the last hit's score and
/// sequence, and a hash of the query, which must be the same query.
public struct ResumeToken: Sendable, Hashable {
    public var view: IndexView
    public var score: Double
    public var sequence: UInt64
    var queryHash: UInt32

    static let version: UInt8 = 1

    public var text: String {
        var bytes: [UInt8] = [Self.version, self.view.asOf == nil ? 0 : 1]
        func put(_ value: UInt64) { for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }
        put(UInt64(bitPattern: self.view.asOf ?? 0))
        put(self.view.through)
        put(self.score.bitPattern)
        put(self.sequence)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: self.queryHash >> UInt32(shift))) }
        return Self.base64URL(bytes)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), written directly:
    /// every page of every query makes one token.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let chunk = UInt32(bytes[index]) << 16 | (remaining > 1 ? UInt32(bytes[index + 1]) << 8 : 0) | (remaining > 2 ? UInt32(bytes[index + 2]) : 0)
            let characters = remaining >= 3 ? 4 : remaining + 1
            for position in 0..<characters {
                output.append(Self.base64URLAlphabet[Int((chunk >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses a token for `query`; nil when it is not a token, or is another query's.
    public init?(text: String, query: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 64, let data = Data(base64Encoded: base64), data.count == 38, data[data.startIndex] == Self.version else { return nil }
        let bytes = [UInt8](data)
        func get(_ offset: Int) -> UInt64 { bytes[offset..<(offset + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        let hash = bytes[34..<38].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard hash == Self.hash(query) else { return nil }
        self.view = IndexView(asOf: bytes[1] == 0 ? nil : Int64(bitPattern: get(2)), through: get(10))
        self.score = Double(bitPattern: get(18))
        self.sequence = get(26)
        self.queryHash = hash
    }

    init(view: IndexView, score: Double, sequence: UInt64, query: String) {
        self.view = view
        self.score = score
        self.sequence = sequence
        self.queryHash = Self.hash(query)
    }

    /// FNV-1a of the query text.
    static func hash(_ query: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in query.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}
