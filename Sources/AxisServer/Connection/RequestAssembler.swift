import AxisCodec
import NIOCore

/// Reassembles requests sent in fragments (Protocol/PROTOCOL.md §4.2): frames of one request
/// id, all but the last flagged `more`, whose payloads concatenate into the request's payload.
/// Pure: the connection handler feeds it inflated fragments and acts on what it returns.
///
/// Memory is bounded three times: per request by `maxRequestBytes`, per connection by
/// `maxConnectionBytes` across every request being assembled, and server-wide by the shared
/// `RequestAllowance`. A request over any is refused at once; its later fragments are
/// dropped as they arrive.
struct RequestAssembler {
    enum Action: Equatable {
        /// Keep reading: the request is not complete.
        case waitForMore
        /// The request is complete: this frame carries its whole payload.
        case complete(Frame)
        /// Refuse the request now (reply with this error); its remaining fragments are dropped.
        case refuse(WireError)
        /// A fragment of a refused request: ignore it.
        case drop
    }

    let maxRequestBytes: Int
    let maxConnectionBytes: Int
    let shared: RequestAllowance
    private var open: [UInt32: ByteBuffer] = [:]
    /// Each open request's first fragment, without its payload (its opcode and version answer
    /// a CANCEL that arrives before the last fragment).
    private var firstFragments: [UInt32: Frame] = [:]
    private var refused: Set<UInt32> = []
    private var bufferedBytes = 0

    init(maxRequestBytes: Int, maxConnectionBytes: Int, shared: RequestAllowance = RequestAllowance(capacity: .max / 2)) {
        self.maxRequestBytes = maxRequestBytes
        self.maxConnectionBytes = maxConnectionBytes
        self.shared = shared
    }

    /// Whether `frame` belongs to assembly (a fragment, or the last fragment of an open request).
    func isFragment(_ frame: Frame) -> Bool {
        frame.flags.contains(.more) || self.open[frame.requestID] != nil || self.refused.contains(frame.requestID)
    }

    /// Whether the request id already has fragments (its id was checked with the first one).
    func isOpen(_ requestID: UInt32) -> Bool {
        self.open[requestID] != nil
    }

    /// Whether the request id was refused and its remaining fragments are being dropped.
    func isRefused(_ requestID: UInt32) -> Bool {
        self.refused.contains(requestID)
    }

    var bufferedByteCount: Int { self.bufferedBytes }

    /// Whether some request is waiting for more fragments.
    var hasOpenRequests: Bool { !self.open.isEmpty }

    /// A fragment arrived (its payload already inflated).
    mutating func fragmentReceived(_ frame: Frame) -> Action {
        let id = frame.requestID
        if self.refused.contains(id) {
            if !frame.flags.contains(.more) { self.refused.remove(id) }
            return .drop
        }
        var buffer = self.open.removeValue(forKey: id) ?? ByteBuffer()
        let size = frame.payload.readableBytes
        guard buffer.readableBytes + size <= self.maxRequestBytes else {
            return self.refuse(id, had: buffer.readableBytes, more: frame.flags.contains(.more),
                WireError(.limitExceeded, "the request is over \(self.maxRequestBytes) bytes", limit: UInt64(self.maxRequestBytes)))
        }
        guard self.bufferedBytes + size <= self.maxConnectionBytes else {
            return self.refuse(id, had: buffer.readableBytes, more: frame.flags.contains(.more),
                WireError(.overloaded, "too many large requests in flight on this connection", retry: .afterBackoff,
                    limit: UInt64(self.maxConnectionBytes)))
        }
        guard self.shared.take(size) else {
            return self.refuse(id, had: buffer.readableBytes, more: frame.flags.contains(.more),
                WireError(.overloaded, "the server holds too many unfinished requests; retry later", retry: .afterBackoff,
                    limit: UInt64(self.shared.capacity)))
        }
        var fragment = frame.payload
        buffer.writeBuffer(&fragment)
        self.bufferedBytes += size
        guard !frame.flags.contains(.more) else {
            if self.open[id] == nil, self.firstFragments[id] == nil {
                var first = frame
                first.payload = ByteBuffer()
                self.firstFragments[id] = first
            }
            self.open[id] = buffer
            return .waitForMore
        }
        self.firstFragments[id] = nil
        self.bufferedBytes -= buffer.readableBytes
        self.shared.give(buffer.readableBytes)
        var complete = frame
        complete.flags.remove(.more)
        complete.payload = buffer
        return .complete(complete)
    }

    /// Forgets a request (refused by the connection before its first fragment was kept).
    mutating func refuse(_ requestID: UInt32, moreToCome: Bool) {
        if let buffer = self.open.removeValue(forKey: requestID) {
            self.bufferedBytes -= buffer.readableBytes
            self.shared.give(buffer.readableBytes)
        }
        self.firstFragments[requestID] = nil
        if moreToCome { self.refused.insert(requestID) }
    }

    /// The client cancelled a request still being assembled: its bytes are freed and its later
    /// fragments dropped. Returns its first fragment (to answer CANCELLED with its opcode), or
    /// nil when no such request is being assembled.
    mutating func cancel(_ requestID: UInt32) -> Frame? {
        guard self.open[requestID] != nil, let first = self.firstFragments[requestID] else { return nil }
        self.refuse(requestID, moreToCome: true)
        return first
    }

    /// The connection closed: everything being assembled is given back.
    mutating func releaseAll() {
        for buffer in self.open.values { self.shared.give(buffer.readableBytes) }
        self.open.removeAll()
        self.firstFragments.removeAll()
        self.bufferedBytes = 0
    }

    private mutating func refuse(_ id: UInt32, had: Int, more: Bool, _ error: WireError) -> Action {
        self.bufferedBytes -= had
        self.shared.give(had)
        self.firstFragments[id] = nil
        if more { self.refused.insert(id) }
        return .refuse(error)
    }
}
