import AxisCodec
import AxisTestSupport
import NIOCore
import Testing

@Suite("String fields: UTF-8 validation with an ASCII fast path")
struct UTF8FieldTests {
    private func decode(_ bytes: [UInt8]) -> String? {
        try? Field(number: 1, value: .bytes(ByteBuffer(bytes: bytes))).string(maxBytes: 1 << 20)
    }

    @Test("ASCII of every length around the 8-byte blocks, with one high byte at each position")
    func highByteAtEveryPosition() {
        for length in 0...40 {
            let ascii = (0..<length).map { UInt8(0x20 + $0 % 90) }
            #expect(self.decode(ascii) == String(decoding: ascii, as: UTF8.self))
            for position in 0..<length {
                var invalid = ascii
                invalid[position] = 0xFF  // never valid in UTF-8
                #expect(self.decode(invalid) == nil, "0xFF at \(position) of \(length)")
                var valid = ascii
                valid[position] = 0xC3  // "é" takes two bytes
                valid.insert(0xA9, at: position + 1)
                #expect(self.decode(valid) == String(decoding: valid, as: UTF8.self))
            }
        }
    }

    @Test("agrees with the standard library on valid and broken sequences")
    func agreesWithStandardLibrary() {
        let cases: [[UInt8]] = [
            Array("Пхеньян и Москва".utf8), Array("伊朗 Shahed-136".utf8), Array("“North Korea” —".utf8),
            [0xC0, 0xAF],  // overlong "/"
            [0xED, 0xA0, 0x80],  // a surrogate
            [0xE2, 0x82],  // cut short
            [0x41, 0x80, 0x42],  // a lone continuation byte
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            Array("plain ASCII, long enough for several blocks of eight".utf8) + [0xE2],
        ]
        for bytes in cases {
            #expect(self.decode(bytes) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }

    @Test("random bytes: the result is the standard library's, whatever the mix")
    func randomBytes() {
        var generator = SplitMix64(seed: 0x5554_4638)
        for _ in 0..<2000 {
            let length = Int.random(in: 0...48, using: &generator)
            let mostlyASCII = Bool.random(using: &generator)
            let bytes = (0..<length).map { _ in
                mostlyASCII && Int.random(in: 0..<16, using: &generator) != 0
                    ? UInt8.random(in: 0..<0x80, using: &generator) : UInt8.random(in: 0...0xFF, using: &generator)
            }
            #expect(self.decode(bytes) == String(validating: bytes, as: UTF8.self), "\(bytes)")
        }
    }
}
