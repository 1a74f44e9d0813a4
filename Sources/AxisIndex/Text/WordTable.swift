/// A read-only table from short lowercase ASCII words (at most 16 bytes) to values, looked up
/// straight from text bytes in any case: no String is built and no SipHash is computed, which
/// matters because the analyses look up the words next to every match.
struct WordTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var low: UInt64
        var high: UInt64
        var length: UInt8
        var value: Value
    }

    private let slots: [Entry?]
    private let mask: Int

    init(_ words: [(String, Value)]) {
        var capacity = 16
        while capacity < words.count * 3 { capacity <<= 1 }
        var slots = [Entry?](repeating: nil, count: capacity)
        for (word, value) in words {
            let bytes = Array(word.lowercased().utf8)
            guard bytes.count <= 16, let key = Self.pack(bytes.withUnsafeBufferPointer { $0 }, 0..<bytes.count) else { continue }
            var slot = Self.hash(key) & (capacity - 1)
            while let existing = slots[slot], existing.low != key.low || existing.high != key.high || existing.length != key.length {
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = Entry(low: key.low, high: key.high, length: key.length, value: value)
        }
        self.slots = slots
        self.mask = capacity - 1
    }

    /// The value of the word at `range` of `bytes` (ASCII case-insensitive), if listed.
    func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        guard range.count <= 16, let key = Self.pack(bytes, range) else { return nil }
        var slot = Self.hash(key) & self.mask
        while let entry = self.slots[slot] {
            if entry.low == key.low && entry.high == key.high && entry.length == key.length { return entry.value }
            slot = (slot + 1) & self.mask
        }
        return nil
    }

    func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        self.value(bytes, range) != nil
    }

    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (low: UInt64, high: UInt64, length: UInt8)? {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var shift: UInt64 = 0
        for index in range {
            var byte = bytes[index]
            if byte >= 0x80 { return nil }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if shift < 64 { low |= UInt64(byte) << shift } else { high |= UInt64(byte) << (shift - 64) }
            shift += 8
        }
        return (low, high, UInt8(range.count))
    }

    private static func hash(_ key: (low: UInt64, high: UInt64, length: UInt8)) -> Int {
        let mixed = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.length)
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}
