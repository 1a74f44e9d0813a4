public import NIOCore

/// The payload of every frame with the `error` flag (Protocol/PROTOCOL.md §8).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | code | varint u16 | required |
/// | 2 | retry | varint | 0 never, 1 now, 2 after backoff; absent = the code's default |
/// | 3 | message | string ≤ 1 KiB | one line for humans |
/// | 4 | field | string ≤ 256 | the argument or field at fault |
/// | 5 | limit | varint | the limit that was exceeded |
/// | 6 | index | varint | the item at fault in a batch (0-based) |
/// | 7 | offset | varint | the byte offset at fault (query syntax errors) |
public struct WireError: WireMessage, Hashable, Error, CustomStringConvertible {
    public static let maxMessageBytes = 1024
    public static let maxFieldBytes = 256

    public var code: ErrorCode
    public var retry: RetryClass
    public var message: String
    public var field: String?
    public var limit: UInt64?
    public var index: UInt64?
    public var offset: UInt64?

    public init(
        _ code: ErrorCode, _ message: String, retry: RetryClass? = nil, field: String? = nil,
        limit: UInt64? = nil, index: UInt64? = nil, offset: UInt64? = nil
    ) {
        self.code = code
        self.retry = retry ?? code.defaultRetry
        self.message = Self.truncated(message, to: Self.maxMessageBytes)
        self.field = field.map { Self.truncated($0, to: Self.maxFieldBytes) }
        self.limit = limit
        self.index = index
        self.offset = offset
    }

    /// The error frame for a codec failure, with no internal detail beyond what the peer sent.
    public init(_ error: CodecError) {
        self.init(
            ErrorCode(error), error.detail, field: error.field.map { "field \($0)" }, limit: error.limit)
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var code: UInt16?
        var retry: RetryClass?
        var message = ""
        var field: String?
        var limit: UInt64?
        var index: UInt64?
        var offset: UInt64?
        while let next = try reader.next() {
            switch next.number {
            case 1: code = try next.unsigned()
            case 2:
                // An unknown retry class from a newer server is read as "never": the safe choice.
                retry = RetryClass(rawValue: try next.unsigned()) ?? .never
            case 3: message = try next.string(maxBytes: Self.maxMessageBytes)
            case 4: field = try next.string(maxBytes: Self.maxFieldBytes)
            case 5: limit = try next.uint64()
            case 6: index = try next.uint64()
            case 7: offset = try next.uint64()
            default: break
            }
        }
        let errorCode = ErrorCode(rawValue: try required(code, "code", field: 1))
        self.code = errorCode
        self.retry = retry ?? errorCode.defaultRetry
        self.message = message
        self.field = field
        self.limit = limit
        self.index = index
        self.offset = offset
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.code.rawValue)
        buffer.writeField(2, self.retry.rawValue)
        if !self.message.isEmpty { buffer.writeField(3, self.message) }
        if let field { buffer.writeField(4, field) }
        if let limit { buffer.writeField(5, limit) }
        if let index { buffer.writeField(6, index) }
        if let offset { buffer.writeField(7, offset) }
    }

    public var description: String {
        var text = "\(self.code.name) (\(self.code.rawValue)): \(self.message)"
        if let field { text += " [\(field)]" }
        if let limit { text += " [limit \(limit)]" }
        return text
    }

    /// Cuts a string to at most `maxBytes` of UTF-8 without splitting a character.
    static func truncated(_ text: String, to maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > maxBytes - 3 { break }
            result.append(character)
            used += size
        }
        return result + "..."
    }
}
