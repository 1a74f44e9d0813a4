/// Appends big-endian integers and length-prefixed strings to a byte array.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) {
        self.bytes.append(value)
    }

    mutating func u16(_ value: UInt16) {
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        self.bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func i64(_ value: Int64) {
        self.u64(UInt64(bitPattern: value))
    }

    mutating func raw(_ value: some Collection<UInt8>) {
        self.bytes.append(contentsOf: value)
    }

    /// A string with a u16 length prefix. Callers validate lengths first (they fit).
    mutating func string16(_ value: String) {
        let utf8 = Array(value.utf8)
        self.u16(UInt16(truncatingIfNeeded: utf8.count))
        self.raw(utf8)
    }

    /// Overwrites a u32 already written at `index`.
    mutating func patchU32(_ value: UInt32, at index: Int) {
        for (position, shift) in stride(from: 24, through: 0, by: -8).enumerated() {
            self.bytes[index + position] = UInt8(truncatingIfNeeded: value >> UInt32(shift))
        }
    }
}

/// Reads big-endian integers and length-prefixed strings, checking every length against the
/// bytes left. Disk bytes are untrusted: a short or lying record is `corrupt`, never a trap.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var remaining: Int { self.bytes.endIndex - self.position }

    mutating func take(_ count: Int) throws(StoreError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= self.remaining else {
            throw StoreError(.corrupt, "record field of \(count) bytes runs past the end (\(self.remaining) left)")
        }
        defer { self.position += count }
        return self.bytes[self.position..<(self.position + count)]
    }

    mutating func u8() throws(StoreError) -> UInt8 {
        try self.take(1).first ?? 0
    }

    mutating func u16() throws(StoreError) -> UInt16 {
        let part = try self.take(2)
        return part.reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func u32() throws(StoreError) -> UInt32 {
        let part = try self.take(4)
        return part.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(StoreError) -> UInt64 {
        let part = try self.take(8)
        return part.reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func i64() throws(StoreError) -> Int64 {
        Int64(bitPattern: try self.u64())
    }

    mutating func string16(max: Int, field: String) throws(StoreError) -> String {
        let length = Int(try self.u16())
        guard length <= max else { throw StoreError(.corrupt, "\(field) of \(length) bytes exceeds \(max)") }
        return try self.string(length: length, field: field)
    }

    mutating func string(length: Int, field: String) throws(StoreError) -> String {
        let part = try self.take(length)
        guard let text = String(validating: part, as: UTF8.self) else {
            throw StoreError(.corrupt, "\(field) is not valid UTF-8")
        }
        return text
    }
}
