/// Word detection on eight bytes at a time (SIMD within a register): one 64-bit load and a few
/// arithmetic operations classify all eight bytes, so skipping words and the spaces between
/// them costs no branch per byte.
enum SWARWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte strictly between `low` and `high` (bytes must be < 0x80).
    @inline(__always) private static func between(_ x: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
        let masked = x & (ones &* 127)
        return (ones &* (127 + high) &- masked) & ~x & (masked &+ ones &* (127 - low)) & highBits
    }

    /// High bit set in each ASCII letter or digit byte; bytes >= 0x80 are never set.
    @inline(__always) static func asciiWordBytes(_ x: UInt64) -> UInt64 {
        let ascii = x & 0x7F7F_7F7F_7F7F_7F7F
        let letters = self.between(ascii | 0x2020_2020_2020_2020, 0x60, 0x7B)
        let digits = self.between(ascii, 0x2F, 0x3A)
        return (letters | digits) & ~x & highBits
    }

    /// ASCII bytes with capitals folded to lowercase (bytes must be < 0x80).
    @inline(__always) static func asciiLowercased(_ x: UInt64) -> UInt64 {
        x | (self.between(x, 0x40, 0x5B) >> 2)
    }

    /// High bit set in each ASCII capital (bytes must be < 0x80).
    @inline(__always) static func asciiUppercase(_ x: UInt64) -> UInt64 {
        self.between(x, 0x40, 0x5B)
    }

    /// High bit set in each byte equal to `value` (exactly: no false positives).
    @inline(__always) static func bytesEqual(_ x: UInt64, to value: UInt8) -> UInt64 {
        let difference = x ^ (ones &* UInt64(value))
        return ~(((difference & (ones &* 127)) &+ ones &* 127) | difference) & highBits
    }

    /// Eight bytes from `index` (little-endian), zero-padded past the end.
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt64 {
        if index + 8 <= bytes.count, let base = bytes.baseAddress {
            return UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var position = index
        while position < bytes.count {
            value |= UInt64(bytes[position]) << shift
            shift += 8
            position += 1
        }
        return value
    }
}
