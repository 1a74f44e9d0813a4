public import NIOCore

/// A record (or a piece of one) of an export, encoded straight from bytes the sender already
/// holds (a stored segment run): the same bytes as a `PackRecord` with that body, without
/// copying the body into a buffer of its own first.
public struct PackRecordPiece: WireEncodable {
    public var info: SnapshotInfoMessage?
    public var body: ArraySlice<UInt8>
    public var continued: Bool

    public init(info: SnapshotInfoMessage?, body: ArraySlice<UInt8>, continued: Bool) {
        self.info = info
        self.body = body
        self.continued = continued
    }

    public func encode(into buffer: inout ByteBuffer) {
        PackRecord.encode(info: self.info, body: self.body, continued: self.continued, into: &buffer)
    }

    public var encodedLengthHint: Int { PackRecord.lengthHint(info: self.info, bodyBytes: self.body.count) }
}
