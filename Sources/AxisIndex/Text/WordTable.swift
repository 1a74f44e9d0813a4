/// A read-only table from short lowercase ASCII words (at most 16 bytes) to values, looked up
/// straight from text bytes in any case: no String is built and no SipHash is computed, which
/// matters because the analyses look up the words next to every match. The slots are flat
/// arrays (length 0 marks an empty slot) small enough to stay in the first-level cache.
struct WordTable<Value: Sendable>: Sendable {
    private let storage: Storage

    private final class Storage: Sendable {
        let low: FrozenBuffer<UInt64>
        let high: FrozenBuffer<UInt64>
        let length: FrozenBuffer<UInt8>
        let values: [Value?]
        let mask: Int

        init(low: [UInt64], high: [UInt64], length: [UInt8], values: [Value?]) {
            self.low = FrozenBuffer(low)
            self.high = FrozenBuffer(high)
            self.length = FrozenBuffer(length)
            self.values = values
            self.mask = low.count - 1
        }
    }

    init(_ words: [(String, Value)]) {
        var capacity = 16
        while capacity < words.count * 3 { capacity <<= 1 }
        var low = [UInt64](repeating: 0, count: capacity)
        var high = low
        var length = [UInt8](repeating: 0, count: capacity)
        var values = [Value?](repeating: nil, count: capacity)
        for (word, value) in words {
            let bytes = Array(word.lowercased().utf8)
            guard !bytes.isEmpty, bytes.count <= 16,
                let key = bytes.withUnsafeBufferPointer({ Self.pack($0, 0..<bytes.count) })
            else { continue }
            var slot = Self.hash(key) & (capacity - 1)
            while length[slot] != 0, low[slot] != key.low || high[slot] != key.high || length[slot] != key.length {
                slot = (slot + 1) & (capacity - 1)
            }
            low[slot] = key.low
            high[slot] = key.high
            length[slot] = key.length
            values[slot] = value
        }
        self.storage = Storage(low: low, high: high, length: length, values: values)
    }

    /// The value of the word at `range` of `bytes` (ASCII case-insensitive), if listed.
    @inline(__always)
    func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        guard let slot = self.slot(bytes, range) else { return nil }
        return self.storage.values[slot]
    }

    @inline(__always)
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        self.slot(bytes, range) != nil
    }

    @inline(__always)
    private func slot(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 16, let key = Self.pack(bytes, range) else { return nil }
        let storage = self.storage
        let lengths = storage.length.buffer
        var slot = Self.hash(key) & storage.mask
        while lengths[slot] != 0 {
            if lengths[slot] == key.length && storage.low.buffer[slot] == key.low && storage.high.buffer[slot] == key.high {
                return slot
            }
            slot = (slot &+ 1) & storage.mask
        }
        return nil
    }

    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (low: UInt64, high: UInt64, length: UInt8)? {
        if range.lowerBound >= 0, range.lowerBound + 16 <= bytes.count, let base = bytes.baseAddress {
            // Sixteen bytes at a time (the common case): mask to the length, fold ASCII capitals.
            let raw = UnsafeRawPointer(base + range.lowerBound)
            let length = range.count
            let lowMask = length >= 8 ? ~UInt64(0) : (1 << UInt64(8 * length)) &- 1
            let highMask = length <= 8 ? 0 : length >= 16 ? ~UInt64(0) : (1 << UInt64(8 * (length - 8))) &- 1
            let low = raw.loadUnaligned(as: UInt64.self).littleEndian & lowMask
            let high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian & highMask
            guard (low | high) & SWARWords.highBits == 0 else { return nil }
            return (SWARWords.asciiLowercased(low), SWARWords.asciiLowercased(high), UInt8(length))
        }
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

    @inline(__always)
    private static func hash(_ key: (low: UInt64, high: UInt64, length: UInt8)) -> Int {
        let mixed = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.length)
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}

extension WordTable where Value == Bool {
    /// A set of words, looked up with `contains` (ASCII case-insensitive).
    static func words(_ words: some Sequence<String>) -> WordTable<Bool> {
        WordTable(words.map { ($0, true) })
    }
}
