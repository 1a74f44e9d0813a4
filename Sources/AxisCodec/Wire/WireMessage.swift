public import NIOCore

/// A value that can be written as a tagged-field payload.
public protocol WireEncodable: Sendable {
    /// Appends the canonical encoding of `self` to `buffer`.
    func encode(into buffer: inout ByteBuffer)

    /// About how many bytes `encode` writes, when that is cheap to know (0: small or
    /// unknown). Only a hint: nesting reserves room for the length by it, saving a move of
    /// large messages (records with bodies); a wrong hint costs a copy, never correctness.
    var encodedLengthHint: Int { get }
}

extension WireEncodable {
    public var encodedLengthHint: Int { 0 }
}

/// A value that can be read from a tagged-field payload.
public protocol WireDecodable: Sendable {
    /// Decodes a whole payload: every readable byte of `payload` belongs to this value.
    /// Unknown field numbers are skipped (forward compatibility); a required field that is
    /// absent, a value out of range or a malformed field throws.
    init(fromPayload payload: inout ByteBuffer) throws(CodecError)
}

/// A message with both directions: what every protocol message is.
public typealias WireMessage = WireEncodable & WireDecodable

extension WireEncodable {
    /// The canonical encoding as a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        self.encode(into: &buffer)
        return buffer
    }
}

/// Throws `missingField` unless `value` is present.
@inlinable
public func required<T>(_ value: T?, _ name: String, field: UInt32) throws(CodecError) -> T {
    guard let value else {
        throw CodecError(.missingField, "required field \(field) (\(name)) is absent", field: field)
    }
    return value
}
