import AxisDigest
import AxisTestSupport
import Testing

@Suite("SHA-256 (FIPS 180-4 test vectors)")
struct SHA256Tests {
    @Test(
        "NIST vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func vectors(input: String, expected: String) {
        #expect(SHA256.hash(Array(input.utf8)).hex == expected)
    }

    @Test("one million 'a's")
    func millionA() {
        #expect(
            SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("streaming in any split equals one call")
    func streaming() {
        var random = SplitMix64(seed: 11)
        let input = (0..<5000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = SHA256.hash(input)
        for _ in 0..<50 {
            var hasher = SHA256()
            var offset = 0
            while offset < input.count {
                let step = min(Int(random.next() % 200), input.count - offset)
                hasher.update(input[offset..<(offset + step)])
                offset += step
            }
            #expect(hasher.finalize() == whole)
        }
    }

    @Test("every length around block boundaries", arguments: [55, 56, 57, 63, 64, 65, 119, 120, 128])
    func boundaries(length: Int) {
        let input = [UInt8](repeating: 0x42, count: length)
        var hasher = SHA256()
        for byte in input { hasher.update([byte]) }
        #expect(hasher.finalize() == SHA256.hash(input))
    }

    @Test("hex round trip")
    func hex() throws {
        let hash = SHA256.hash(Array("axis".utf8))
        #expect(ContentHash(hex: hash.hex) == hash)
        #expect(ContentHash(hex: hash.hex.uppercased()) == hash)
        #expect(ContentHash(hex: "zz") == nil)
        #expect(ContentHash(bytes: [1, 2]) == nil)
    }
}
