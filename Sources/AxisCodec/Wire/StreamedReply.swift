public import NIOCore

/// A reply sent as a stream of frames (Protocol/PROTOCOL.md §4.3): every frame carries a page
/// of the same message, its repeated items in whatever frame they fit, the fields of the first
/// frame (if any) at the start and the summary fields on the final frame.
///
/// The reply's type is the one place that knows its fields: the server's pager writes items
/// with `encode(_:into:)` and the first and final frames by encoding a page that holds only
/// those fields; the client folds the frames back into one reply with `merge(_:)`.
public protocol StreamedReply: WireMessage {
    /// One item of the reply: a single message type, or an enum for replies with several
    /// repeated fields (mentions, sentences, quantities...).
    associatedtype Item: Sendable

    /// A page with no items and no summary.
    init()

    /// Appends `item` to `buffer` as the field it belongs in.
    static func encode(_ item: Item, into buffer: inout ByteBuffer)

    /// Folds the page of a later frame into this one: its items are appended, and the
    /// single-valued fields it carries replace these.
    mutating func merge(_ later: Self)
}

extension StreamedReply {
    /// The frames' pages folded into one reply, in order.
    public static func merged(_ pages: some Sequence<Self>) -> Self {
        var reply = Self()
        for page in pages { reply.merge(page) }
        return reply
    }
}
