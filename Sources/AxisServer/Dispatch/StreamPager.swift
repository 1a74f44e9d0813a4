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
        self.page = ByteBuffer()
        prefix(&self.page)
    }

    /// Adds an item, first sending the current page if the item would not fit in it.
    mutating func append(_ item: some WireEncodable) async throws {
        var encoded = ByteBuffer()
        encoded.writeField(self.itemField, message: item)
        if self.itemsInPage > 0 && self.page.readableBytes + encoded.readableBytes > self.budget {
            try await self.context.send(
                Frame(version: self.context.frame.version, flags: [.response, .more], opcode: self.context.frame.opcode,
                    requestID: self.context.frame.requestID, payload: self.page))
            self.page = ByteBuffer()
            self.itemsInPage = 0
        }
        self.page.writeBuffer(&encoded)
        self.itemsInPage += 1
        self.itemCount += 1
    }

    /// Sends the final frame: the remaining items and the summary fields.
    mutating func finish(summary: (inout ByteBuffer) -> Void = { _ in }) async throws {
        summary(&self.page)
        try await self.context.send(
            Frame(version: self.context.frame.version, flags: [.response], opcode: self.context.frame.opcode,
                requestID: self.context.frame.requestID, payload: self.page))
    }
}
