import AxisTestSupport
import AxisZlib
import Foundation
import Testing

@Suite("CRC-32 by carry-less multiplication")
struct CRC32FoldTests {
    /// CRC-32/ISO-HDLC one bit at a time: slow, obviously right, shares no code with either path.
    private func reference(_ bytes: some Sequence<UInt8>, continuing initial: UInt32 = 0) -> UInt32 {
        var crc = ~initial
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("the fast path is in use where the CPU has PCLMULQDQ and SSE4.1 (so these tests exercise it)")
    func acceleratedWhereAvailable() throws {
        #if arch(x86_64) && os(Linux)
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let hasInstructions = flags.contains(" pclmulqdq") && flags.contains(" sse4_1")
        #expect(CRC32.isAccelerated == hasInstructions)
        #endif
    }

    @Test("every length from 0 to 600, at every alignment of a 16-byte block")
    func lengthsAndAlignments() {
        var random = SplitMix64(seed: 0xC3C3)
        let data = (0..<(600 + 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for offset in 0..<16 {
            for length in 0...600 {
                let slice = data[offset..<(offset + length)]
                #expect(CRC32.checksum(slice) == self.reference(slice), "length \(length) at offset \(offset)")
            }
        }
    }

    @Test("continuing from a previous CRC, and long buffers")
    func continuingAndLong() {
        var random = SplitMix64(seed: 0x7E57)
        for _ in 0..<20 {
            let length = Int(random.next() % 200_000)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let initial = UInt32(truncatingIfNeeded: random.next())
            #expect(CRC32.checksum(bytes, continuing: initial) == self.reference(bytes, continuing: initial), "length \(length)")
        }
        let zeros = [UInt8](repeating: 0, count: 1 << 16)
        #expect(CRC32.checksum(zeros) == self.reference(zeros))
        let ones = [UInt8](repeating: 0xFF, count: 1 << 16)
        #expect(CRC32.checksum(ones) == self.reference(ones))
    }
}
