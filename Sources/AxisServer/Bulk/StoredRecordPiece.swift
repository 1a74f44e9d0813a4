import AxisCodec
import NIOCore

/// A record (or a piece of one) of an export, encoded straight from the bytes of a stored
/// segment run: the same bytes as a `PackRecord` with that body, without copying the body
/// into a buffer of its own first.
struct StoredRecordPiece: WireEncodable {
    var info: SnapshotInfoMessage?
    var body: ArraySlice<UInt8>
    var continued: Bool

    func encode(into buffer: inout ByteBuffer) {
        PackRecord.encode(info: self.info, body: self.body, continued: self.continued, into: &buffer)
    }

    var encodedLengthHint: Int { PackRecord.lengthHint(info: self.info, bodyBytes: self.body.count) }
}
