import AxisZlib

/// How fast records' CRC-32 can be checked on this machine: the build's CRC32 (carry-less
/// multiply where the CPU has it) next to zlib's table-driven crc32, on the same bytes in the
/// same run. Every exported record is checked, so this bounds the export's server side.
enum ChecksumSpeed {
    /// Bytes per second of each, over `bytes` of pseudo-random data checked in 4 KiB pieces
    /// (about a stored record's size).
    static func measure(bytes: Int = 256 << 20) throws -> (accelerated: Double, zlib: Double) {
        var random = SplitMix64(seed: 0xC4C)
        let data = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        func time(_ checksum: (UnsafeRawBufferPointer, UInt32) -> UInt32) -> (speed: Double, crc: UInt32) {
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
            return (Double(bytes) / (Double(Stopwatch.now() - start) / 1e9), crc)
        }
        let zlib = time { CRC32.zlibChecksum($0, continuing: $1) }
        let accelerated = time { CRC32.checksum($0, continuing: $1) }
        // Both chains of CRCs must end at the same value (this also keeps the loops from being dropped).
        guard zlib.crc == accelerated.crc else {
            throw BenchmarkError("CRC-32 paths disagree: 0x\(String(zlib.crc, radix: 16)) vs 0x\(String(accelerated.crc, radix: 16))")
        }
        return (accelerated.speed, zlib.speed)
    }
}
