/// Why a pack was refused. Always says where (record number, byte offset).
public struct PackError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// The byte offset in the pack where the problem is.
    public var offset: UInt64?

    public init(_ message: String, offset: UInt64? = nil) {
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(self.message) (at byte \(offset))" }
        return self.message
    }
}
