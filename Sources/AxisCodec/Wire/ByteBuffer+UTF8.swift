public import NIOCore

extension ByteBuffer {
    /// The readable bytes as a string, or nil when they are not valid UTF-8.
    ///
    /// Most strings on the wire (keys, sources, tags, most titles) are ASCII: those are
    /// checked eight bytes at a time and decoded without further validation. Others go
    /// through the standard library's validation, whose generic entry point looks up type
    /// metadata on every call (it was a fifth of decoding an exported record).
    public func readableBytesAsValidatedUTF8() -> String? {
        self.withUnsafeReadableBytes { Self.validatedUTF8($0) }
    }

    /// `bytes` as a string, or nil when they are not valid UTF-8 (ASCII checked eight bytes at
    /// a time, as above).
    static func validatedUTF8(_ bytes: UnsafeRawBufferPointer) -> String? {
        if Self.isASCII(bytes) { return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
        return String(validating: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            seen |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            seen |= UInt64(bytes[index])
            index += 1
        }
        return seen & highBits == 0
    }
}
