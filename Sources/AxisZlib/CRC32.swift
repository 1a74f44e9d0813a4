import CCRC32
import CZlib

/// CRC-32 (ISO-HDLC, as in zlib and gzip). The bulk of a buffer is folded with the CPU's
/// carry-less multiply when it has one (`CCRC32`, about 4× zlib's speed on this machine);
/// zlib's table-driven crc32 takes the rest, and everything on other CPUs.
public enum CRC32 {
    /// Whether the carry-less multiply path is in use on this CPU.
    public static let isAccelerated = axis_crc32_pclmul_available() != 0

    /// The CRC-32 of `bytes`, continuing from `initial` (0 to start).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing initial: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return initial }
        var state = ~initial
        let folded = Self.isAccelerated ? axis_crc32_pclmul_fold(&state, base.assumingMemoryBound(to: UInt8.self), bytes.count) : 0
        return Self.zlibChecksum(UnsafeRawBufferPointer(rebasing: bytes[folded...]), continuing: ~state)
    }

    /// zlib's table-driven crc32 alone: the baseline `axbench transfer` measures the fast path
    /// against.
    public static func zlibChecksum(_ bytes: UnsafeRawBufferPointer, continuing initial: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return initial }
        var crc = uLong(initial)
        var offset = 0
        // crc32() takes a 32-bit length; feed very large buffers in slices.
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(Int32.max))
            crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(count))
            offset += count
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of `bytes`, continuing from `initial` (0 to start).
    public static func checksum(_ bytes: some Sequence<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in
            Self.checksum(UnsafeRawBufferPointer(buffer), continuing: initial)
        }) {
            return result
        }
        return Self.checksum(Array(bytes), continuing: initial)
    }

    /// The CRC-32 of A followed by B, from the CRC of A, the CRC of B and B's length, without
    /// reading either again (zlib's `crc32_combine`).
    public static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(uLong(first), uLong(second), .init(secondLength)))
    }
}
