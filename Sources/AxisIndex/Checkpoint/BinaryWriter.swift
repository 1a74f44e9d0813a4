/// Little-endian fixed-width values and length-prefixed strings, appended to a byte array.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        self.bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) { self.bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func i32(_ value: Int32) { self.u32(UInt32(bitPattern: value)) }
    mutating func i64(_ value: Int64) { self.u64(UInt64(bitPattern: value)) }
    mutating func f64(_ value: Double) { self.u64(value.bitPattern) }

    mutating func string(_ value: String) {
        self.u32(UInt32(truncatingIfNeeded: value.utf8.count))
        self.bytes.append(contentsOf: value.utf8)
    }

    mutating func byteArray(_ values: [UInt8]) {
        self.u32(UInt32(truncatingIfNeeded: values.count))
        self.bytes.append(contentsOf: values)
    }

    mutating func strings(_ values: [String]) {
        self.u32(UInt32(truncatingIfNeeded: values.count))
        for value in values { self.string(value) }
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against what is left before
/// allocating: a checkpoint file is bytes from disk, and a damaged one must fail cleanly.
struct BinaryReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { self.bytes.count - self.offset }

    mutating func u8() throws(Failure) -> UInt8 {
        guard self.remaining >= 1 else { throw Failure(description: "ends early at byte \(self.offset)") }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    mutating func u32() throws(Failure) -> UInt32 {
        guard self.remaining >= 4 else { throw Failure(description: "ends early at byte \(self.offset)") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(self.bytes[self.offset + index]) << UInt32(8 * index) }
        self.offset += 4
        return value
    }

    mutating func u64() throws(Failure) -> UInt64 {
        guard self.remaining >= 8 else { throw Failure(description: "ends early at byte \(self.offset)") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(self.bytes[self.offset + index]) << UInt64(8 * index) }
        self.offset += 8
        return value
    }

    mutating func i32() throws(Failure) -> Int32 { Int32(bitPattern: try self.u32()) }
    mutating func i64() throws(Failure) -> Int64 { Int64(bitPattern: try self.u64()) }
    mutating func f64() throws(Failure) -> Double { Double(bitPattern: try self.u64()) }

    /// A count of items each at least `minimumBytes` long: checked against the bytes left.
    mutating func count(minimumBytes: Int) throws(Failure) -> Int {
        let count = Int(try self.u32())
        guard count <= self.remaining / max(1, minimumBytes) else {
            throw Failure(description: "a count of \(count) at byte \(self.offset - 4) is more than the file holds")
        }
        return count
    }

    mutating func string() throws(Failure) -> String {
        let length = try self.count(minimumBytes: 1)
        defer { self.offset += length }
        guard let text = String(validating: self.bytes[self.offset..<(self.offset + length)], as: UTF8.self) else {
            throw Failure(description: "a string at byte \(self.offset) is not UTF-8")
        }
        return text
    }

    mutating func byteArray() throws(Failure) -> [UInt8] {
        let length = try self.count(minimumBytes: 1)
        defer { self.offset += length }
        return Array(self.bytes[self.offset..<(self.offset + length)])
    }

    mutating func strings() throws(Failure) -> [String] {
        let count = try self.count(minimumBytes: 4)
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try self.string()) }
        return values
    }
}
