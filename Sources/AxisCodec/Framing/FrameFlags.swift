/// The flags byte of the frame header (Protocol/PROTOCOL.md §2.2).
public struct FrameFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0x80: the frame answers a request (responses echo the request's id and opcode).
    public static let response = FrameFlags(rawValue: 0x80)
    /// 0x40: more frames follow for this request id (a stream); the last frame clears it.
    public static let more = FrameFlags(rawValue: 0x40)
    /// 0x20: the payload is an Error message; always terminal for its request id.
    public static let error = FrameFlags(rawValue: 0x20)
    /// 0x10: the payload is compressed: a 4-byte inflated length, then a zlib stream.
    public static let compressed = FrameFlags(rawValue: 0x10)

    /// Every bit v1 defines; the others are reserved and must be zero.
    public static let defined: FrameFlags = [.response, .more, .error, .compressed]

    /// The bits set that v1 does not define.
    public var reservedBits: UInt8 { self.rawValue & ~Self.defined.rawValue }

    public var description: String {
        var names: [String] = []
        if self.contains(.response) { names.append("response") }
        if self.contains(.more) { names.append("more") }
        if self.contains(.error) { names.append("error") }
        if self.contains(.compressed) { names.append("compressed") }
        if self.reservedBits != 0 { names.append("reserved(0x\(String(self.reservedBits, radix: 16)))") }
        return "[" + names.joined(separator: ",") + "]"
    }
}
