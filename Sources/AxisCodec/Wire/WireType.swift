/// The wire type in the low 3 bits of a field key (Protocol/PROTOCOL.md §3.2).
///
/// The numbering is protobuf's, so that a protobuf library can read and write Axis payloads;
/// Axis uses only these two.
public enum WireType: UInt8, Sendable, Hashable {
    /// An unsigned LEB128 varint.
    case varint = 0
    /// A varint byte count, then that many bytes (strings, bytes, nested messages, packed lists).
    case lengthDelimited = 2
}
