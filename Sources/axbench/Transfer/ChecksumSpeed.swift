import AxisZlib

/// How fast records' CRC-32 can be checked on this machine: the build's CRC32 (carry-less
/// multiply where the CPU has it) next to zlib's table-driven crc32, on the same bytes in the
/// same run. Every exported record is checked, so this bounds the export's server side.
enum ChecksumSpeed {
    /// Bytes per second of each, over `bytes` of pseudo-random data checked in 4 KiB pieces
    /// (about a stored record's size).
    static func measure(bytes: Int = 256 << 20) -> (accelerated: Double, zlib: Double) {
        var random = SplitMix64(seed: 0xC4C)
        let data = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        func time(_ checksum: (UnsafeRawBufferPointer, UInt32) -> UInt32) -> Double {
            var crc: UInt32 = 0
            let start = Stopwatch.now()
            data.withUnsafeBytes { whole in
                for _ in 0..<(bytes / whole.count) {
                    var offset = 0
                    while offset < whole.count {
                        let end = min(offset + 4096, whole.count)
                        crc = checksum(UnsafeRawBufferPointer(rebasing: whole[offset..<end]), crc)
                        offset = end
                    }
                }
            }
            let seconds = Double(Stopwatch.now() - start) / 1e9
            // Use the result, so the loop cannot be dropped.
            return crc == 1 ? 0 : Double(bytes) / seconds
        }
        let zlib = time { CRC32.zlibChecksum($0, continuing: $1) }
        let accelerated = time { CRC32.checksum($0, continuing: $1) }
        return (accelerated, zlib)
    }
}
