import AxisCodec
import NIOCore

/// Sends a long answer as a stream of frames that each fit the client's payload limit.
///
/// Every streamed reply is "repeated items, plus the fields of the first frame at its start and
/// summary fields on the final frame" (`StreamedReply`); the reply's type writes them, so the
/// pager knows no field numbers. Items are encoded straight into the next frame's payload and a
/// frame is cut whenever the next item would not fit. Each frame is awaited as it is written: a
/// client that stops reading stops the pager.
struct StreamPager<Reply: StreamedReply> {
    private let context: RequestContext
    private let budget: Int
    private var page: ByteBuffer
    private var itemsInPage = 0
    /// Items sent so far, for the summary.
    private(set) var itemCount: UInt64 = 0
    /// Where in the current page the summary goes, when its field numbers fall between the
    /// items' (DiffPart: hunks are 3, the totals 4 and 5, the index's changes 6-11): fields
    /// then stay in ascending order (§3.4). nil: after the items.
    private var summaryMark: Int?

    /// - Parameter first: the fields of the first frame only (e.g. DiffPart's `from` and `to`),
    ///   as a page without items.
    init(context: RequestContext, first: Reply = Reply()) {
        self.context = context
        // Room for the summary fields of the last frame.
        self.budget = max(4096, context.peerMaxPayloadBytes - 4096)
        // Most answers fit one small frame; pages after the first reserve a whole frame.
        self.page = ByteBuffer()
        first.encode(into: &self.page)
    }

    /// A page with room for a full frame, so it never grows (and copies) while it fills.
    private static func newPage(budget: Int) -> ByteBuffer {
        var page = ByteBuffer()
        page.reserveCapacity(budget + 4096)
        return page
    }

    /// Adds an item. It is encoded straight into the page; if that takes the page over the
    /// budget, the page goes out without it and the item starts the next one (one move per
    /// frame, not a copy per item).
    mutating func append(_ item: Reply.Item) async throws {
        let start = self.page.writerIndex
        Reply.encode(item, into: &self.page)
        self.itemCount += 1
        guard self.itemsInPage > 0 && self.page.readableBytes > self.budget else {
            self.itemsInPage += 1
            return
        }
        let length = self.page.writerIndex - start
        var next = Self.newPage(budget: max(self.budget, length))
        if var itemBytes = self.page.getSlice(at: start, length: length) { next.writeBuffer(&itemBytes) }
        self.page.moveWriterIndex(to: start)
        let full = self.page
        self.page = next
        self.itemsInPage = 1
        // Every item in the new page came after the mark.
        if self.summaryMark != nil { self.summaryMark = self.page.readerIndex }
        try await self.context.send(
            Frame(version: self.context.frame.version, flags: [.response, .more], opcode: self.context.frame.opcode,
                requestID: self.context.frame.requestID, payload: full))
    }

    /// Items appended from now on have field numbers above the summary's: the summary is
    /// written here in the final frame, not after them.
    mutating func placeSummaryHere() {
        self.summaryMark = self.page.writerIndex
    }

    /// Sends the final frame: the remaining items and the summary, a page without items.
    mutating func finish(_ summary: Reply = Reply()) async throws {
        if let mark = self.summaryMark, mark < self.page.writerIndex,
            let after = self.page.getSlice(at: mark, length: self.page.writerIndex - mark)
        {
            var tail = after
            self.page.moveWriterIndex(to: mark)
            summary.encode(into: &self.page)
            self.page.writeBuffer(&tail)
        } else {
            summary.encode(into: &self.page)
        }
        try await self.context.send(
            Frame(version: self.context.frame.version, flags: [.response], opcode: self.context.frame.opcode,
                requestID: self.context.frame.requestID, payload: self.page))
    }
}
