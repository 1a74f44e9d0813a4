/// The version of this Axis build, reported in HELLO by both server and client.
public enum AxisVersion {
    /// Semantic version of the Axis release.
    public static let current = "0.1.0"
    /// The protocol versions this codec implements.
    public static let protocolVersions: ClosedRange<UInt8> = 1...1
    /// The revision of protocol version 1 this server keeps (HelloReply field 8): 1 = v1.1,
    /// 2 = v1.2 (the export in stored form, PROTOCOL.md §16).
    public static let protocolRevision: UInt8 = 2
}
