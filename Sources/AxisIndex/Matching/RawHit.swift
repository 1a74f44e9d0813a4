/// A pattern occurrence that starts and ends on word boundaries (case not yet checked).
struct RawHit: Sendable, Hashable {
    var pattern: Int32
    /// UTF-8 byte offsets in the text.
    var start: Int32
    var end: Int32

    var range: Range<Int> { Int(self.start)..<Int(self.end) }
}
