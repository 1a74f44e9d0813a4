import AxisTestSupport
import AxisZlib
import Testing

@Suite("zlib: deflate and inflate")
struct DeflateInflateTests {
    static func text(bytes count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let words = ["missile", "shells", "Pyongyang", "drone", "Moscow", "supplied", "the", "of", "troops", "reported"]
        var output: [UInt8] = []
        while output.count < count {
            output.append(contentsOf: Array(words[Int(random.next() % UInt64(words.count))].utf8))
            output.append(0x20)
        }
        return Array(output.prefix(count))
    }

    @Test("round trip at every level", arguments: [0, 1, 6, 9])
    func roundTripLevels(level: Int) throws {
        let input = Self.text(bytes: 100_000, seed: 7)
        let compressed = try Deflater(level: level).compress(input)
        let output = try Inflater().inflate(compressed, maxOutputBytes: input.count, expectedOutputBytes: input.count)
        #expect(output == input)
        if level > 0 { #expect(compressed.count < input.count / 2) }
    }

    @Test("round trip of edge sizes", arguments: [0, 1, 2, 65_535, 65_536, 65_537, 1 << 20])
    func roundTripSizes(size: Int) throws {
        var random = SplitMix64(seed: UInt64(size))
        let input = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let deflater = try Deflater()
        let inflater = try Inflater()
        let compressed = deflater.compress(input)
        #expect(try inflater.inflate(compressed, maxOutputBytes: size, expectedOutputBytes: size) == input)
        // Without a declared size, growing from nothing.
        #expect(try inflater.inflate(compressed, maxOutputBytes: size) == input)
    }

    @Test("one deflater and inflater are reusable across inputs")
    func reuse() throws {
        let deflater = try Deflater()
        let inflater = try Inflater()
        for seed in 1...20 {
            let input = Self.text(bytes: Int(seed) * 997, seed: UInt64(seed))
            let compressed = deflater.compress(input)
            #expect(try inflater.inflate(compressed, maxOutputBytes: 1 << 20) == input)
        }
    }

    @Test("a bomb stops at the cap: 64 MiB of zeros, cap 1 MiB")
    func bombStopsAtCap() throws {
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let bomb = try Deflater(level: 9).compress(zeros)
        #expect(bomb.count < 100_000)
        #expect {
            _ = try Inflater().inflate(bomb, maxOutputBytes: 1 << 20)
        } throws: { ($0 as? ZlibError)?.code == .outputLimitExceeded }
        #expect {
            _ = try Inflater().inflate(bomb, maxOutputBytes: 1 << 20, expectedOutputBytes: 1 << 20)
        } throws: { ($0 as? ZlibError)?.code == .outputLimitExceeded }
    }

    @Test("a declared size above the cap is refused before inflating")
    func declaredAboveCap() throws {
        let compressed = try Deflater().compress([1, 2, 3])
        #expect {
            _ = try Inflater().inflate(compressed, maxOutputBytes: 2, expectedOutputBytes: 3)
        } throws: { ($0 as? ZlibError)?.code == .outputLimitExceeded }
    }

    @Test("a lying declared size is refused", arguments: [99, 101])
    func lyingDeclaredSize(declared: Int) throws {
        let input = [UInt8](repeating: 0x41, count: 100)
        let compressed = try Deflater().compress(input)
        #expect(throws: ZlibError.self) {
            _ = try Inflater().inflate(compressed, maxOutputBytes: 1000, expectedOutputBytes: declared)
        }
    }

    @Test("truncated, trailing and corrupt streams are refused")
    func badStreams() throws {
        let input = Self.text(bytes: 10_000, seed: 3)
        let compressed = try Deflater().compress(input)
        let inflater = try Inflater()
        #expect { _ = try inflater.inflate(Array(compressed.dropLast(5)), maxOutputBytes: 1 << 20) } throws: {
            ($0 as? ZlibError)?.code == .truncatedInput
        }
        #expect { _ = try inflater.inflate(compressed + [0, 1, 2], maxOutputBytes: 1 << 20) } throws: {
            ($0 as? ZlibError)?.code == .trailingInput
        }
        var corrupt = compressed
        corrupt[0] = 0x00  // not a zlib header
        #expect { _ = try inflater.inflate(corrupt, maxOutputBytes: 1 << 20) } throws: {
            ($0 as? ZlibError)?.code == .corruptData
        }
        #expect { _ = try inflater.inflate([], maxOutputBytes: 10) } throws: { ($0 as? ZlibError)?.code == .truncatedInput }
        // The inflater still works after failures.
        #expect(try inflater.inflate(compressed, maxOutputBytes: 1 << 20) == input)
    }

    @Test("random garbage never traps")
    func garbage() throws {
        var random = SplitMix64(seed: 0xA715)
        let inflater = try Inflater()
        for _ in 0..<2000 {
            let count = Int(random.next() % 64)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if count > 1, random.next() % 2 == 0 { bytes[0] = 0x78; bytes[1] = 0x9C }
            _ = try? inflater.inflate(bytes, maxOutputBytes: 4096)
            _ = try? inflater.inflate(bytes, maxOutputBytes: 4096, expectedOutputBytes: Int(random.next() % 4096))
        }
    }
}

@Suite("zlib: CRC-32")
struct CRC32Tests {
    @Test("the check value of CRC-32/ISO-HDLC")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("continuing equals checksumming the concatenation")
    func continuing() {
        let first = Array("North Korea supplied ".utf8)
        let second = Array("artillery shells".utf8)
        #expect(CRC32.checksum(second, continuing: CRC32.checksum(first)) == CRC32.checksum(first + second))
    }

    @Test("CRC-32 combine equals the CRC of the concatenation")
    func crcCombine() {
        let first = Array("North Korea sent shells ".utf8)
        let second = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let combined = CRC32.combine(CRC32.checksum(first), CRC32.checksum(second), secondLength: second.count)
        #expect(combined == CRC32.checksum(first + second))
        #expect(CRC32.combine(CRC32.checksum(first), CRC32.checksum([UInt8]()), secondLength: 0) == CRC32.checksum(first))
    }
}
