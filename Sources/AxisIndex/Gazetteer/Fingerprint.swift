/// FNV-1a, 64 bits: a stable content hash that does not depend on Swift's per-process
/// seeded `Hasher`, so the same gazetteer has the same fingerprint in every run.
struct FNV1a64: Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            self.value = (self.value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        // A separator byte that cannot occur in UTF-8 keeps ("ab","c") and ("a","bc") apart.
        self.value = (self.value ^ 0xFF) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ texts: [String]) {
        self.add(String(texts.count))
        for text in texts { self.add(text) }
    }

    var hex: String {
        let digits = String(self.value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
