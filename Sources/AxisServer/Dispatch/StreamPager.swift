import AxisCodec
import NIOCore

/// Sends a long answer as a stream of frames that each fit the client's payload limit.
///
/// Every page message in the protocol is "a repeated item field, plus summary fields on the
/// final frame" (SnapshotPage, DocumentPage, DiffPart...), so the pager writes encoded items
/// straight into the next frame's payload and cuts a frame whenever the next item would not
/// fit. Each frame is awaited as it is written: a client that stops reading stops the pager.
struct StreamPager {
    private let context: RequestContext
    private let itemField: UInt32
    private let budget: Int
    private var page: ByteBuffer
    private var itemsInPage = 0
    /// Items sent so far, for the summary.
    private(set) var itemCount: UInt64 = 0

    /// - Parameters:
    ///   - itemField: the field number of the repeated items.
    ///   - prefix: fields of the first frame only (e.g. DiffPart's `from` and `to`).
    init(context: RequestContext, itemField: UInt32, prefix: (inout ByteBuffer) -> Void = { _ in }) {
        self.context = context
        self.itemField = itemField
        // Room for the summary fields of the last frame.
        self.budget = max(4096, context.peerMaxPayloadBytes - 4096)
        // Most answers fit one small frame; pages after the first reserve a whole frame.
        self.page = ByteBuffer()
        prefix(&self.page)
    }

    /// A page with room for a full frame, so it never grows (and copies) while it fills.
    private static func newPage(budget: Int) -> ByteBuffer {
        var page = ByteBuffer()
        page.reserveCapacity(budget + 4096)
        return page
    }

    /// Adds an item (as the repeated item field, or as `field` for messages with several
    /// kinds of items). It is encoded straight into the page; if that takes the page over the
    /// budget, the page goes out without it and the item starts the next one (one move per
    /// frame, not a copy per item).
    mutating func append(_ item: some WireEncodable, field: UInt32? = nil) async throws {
        let start = self.page.writerIndex
        self.page.writeField(field ?? self.itemField, message: item)
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
        try await self.context.send(
            Frame(version: self.context.frame.version, flags: [.response, .more], opcode: self.context.frame.opcode,
                requestID: self.context.frame.requestID, payload: full))
    }

    /// Sends the final frame: the remaining items and the summary fields.
    mutating func finish(summary: (inout ByteBuffer) -> Void = { _ in }) async throws {
        summary(&self.page)
        try await self.context.send(
            Frame(version: self.context.frame.version, flags: [.response], opcode: self.context.frame.opcode,
                requestID: self.context.frame.requestID, payload: self.page))
    }
}
