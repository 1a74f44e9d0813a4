/// How a store is laid out and what it accepts.
public struct StoreConfiguration: Sendable {
    /// The data folder (segments live in `<directory>/segments`).
    public var directory: String
    /// zlib level for bodies the store compresses itself (0...9). Default 6.
    public var compressionLevel: Int
    /// A segment is sealed and a new one started when it would grow past this. Default 256 MiB.
    public var segmentBytes: UInt64
    /// The largest body accepted. Default 64 MiB.
    public var maxBodyBytes: Int
    /// Bytes of compressed bodies (puts and imports) being inflated at once, server-wide;
    /// more wait their turn (docs/operations.md, "Limits"). Default 256 MiB.
    public var inflationBudgetBytes: Int

    public init(
        directory: String, compressionLevel: Int = 6, segmentBytes: UInt64 = 256 * 1024 * 1024,
        maxBodyBytes: Int = 64 * 1024 * 1024, inflationBudgetBytes: Int = 256 * 1024 * 1024
    ) {
        self.directory = directory
        self.compressionLevel = compressionLevel
        self.segmentBytes = segmentBytes
        self.maxBodyBytes = maxBodyBytes
        self.inflationBudgetBytes = inflationBudgetBytes
    }
}
