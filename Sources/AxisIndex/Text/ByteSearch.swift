#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte search through the C library's `memchr`, which is vectorised: finding a family name in
/// a whole article must not cost a byte-by-byte loop.
enum ByteSearch {
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        self.firstIndex(of: byte, in: bytes, from: start, before: bytes.count)
    }

    /// The first `byte` in `start..<end` (clamped to the buffer), if any.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int? {
        let end = min(end, bytes.count)
        guard start >= 0, start < end, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}
