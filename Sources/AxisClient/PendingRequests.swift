import AxisCodec
import NIOCore

/// The client's requests in flight, by request id (Protocol/PROTOCOL.md §4.2). Pure: the
/// channel handler feeds it events and carries out what it returns.
///
/// Ids start at 1 and increase by one per request: the server requires strictly increasing
/// ids, which is also what lets a GOAWAY's "last request id" split the pending requests into
/// "will be answered" and "never processed, retry elsewhere".
struct PendingRequests<Responder> {
    struct Entry {
        var responder: Responder
        var deadline: NIODeadline?
    }

    /// What to do with an incoming response frame.
    enum Delivery {
        /// Hand the frame to this responder; `final` means the request is done.
        case deliver(Responder, final: Bool)
        /// No such request (it timed out, or was never sent): drop the frame.
        case unknown
    }

    private(set) var entries: [UInt32: Entry] = [:]
    private var nextID: UInt32 = 1
    /// Set once the connection cannot take new requests; new ones fail with it.
    private(set) var closedError: ClientError?

    var isEmpty: Bool { self.entries.isEmpty }

    /// Registers a request; returns its id, or the error to fail it with.
    mutating func register(_ responder: Responder, deadline: NIODeadline?) -> Result<UInt32, ClientError> {
        if let closedError { return .failure(closedError) }
        guard self.nextID != 0 else {
            // 4 billion requests on one connection: the id space is spent. Reconnect.
            return .failure(ClientError(.connectionClosed, "request ids exhausted on this connection; reconnect"))
        }
        let id = self.nextID
        self.nextID &+= 1
        self.entries[id] = Entry(responder: responder, deadline: deadline)
        return .success(id)
    }

    mutating func responseReceived(_ frame: Frame) -> Delivery {
        if frame.isFinal {
            guard let entry = self.entries.removeValue(forKey: frame.requestID) else { return .unknown }
            return .deliver(entry.responder, final: true)
        }
        guard let entry = self.entries[frame.requestID] else { return .unknown }
        return .deliver(entry.responder, final: false)
    }

    /// The server sent GOAWAY: requests after its last id will never be answered.
    mutating func goAwayReceived(_ goAway: GoAway) -> [Responder] {
        let error = ClientError(
            .connectionClosed, "the server is closing the connection: \(goAway.message)", goAway: goAway)
        self.closedError = error
        let abandoned = self.entries.filter { $0.key > goAway.lastRequestID }
        for id in abandoned.keys { self.entries.removeValue(forKey: id) }
        return abandoned.sorted { $0.key < $1.key }.map(\.value.responder)
    }

    /// The connection is gone: every pending request fails with `error`.
    mutating func connectionFailed(_ error: ClientError) -> [Responder] {
        if self.closedError == nil || self.closedError?.goAway != nil && error.goAway == nil {
            var final = error
            final.goAway = final.goAway ?? self.closedError?.goAway
            self.closedError = final
        }
        let all = self.entries.sorted { $0.key < $1.key }.map(\.value.responder)
        self.entries.removeAll()
        return all
    }

    /// Forgets a request (its consumer gave up); returns it if it was pending.
    mutating func remove(_ id: UInt32) -> Responder? {
        self.entries.removeValue(forKey: id)?.responder
    }

    /// Removes and returns the requests whose deadline has passed.
    mutating func expire(now: NIODeadline) -> [(id: UInt32, responder: Responder)] {
        let expired = self.entries.filter { $0.value.deadline.map { $0 <= now } ?? false }
        for id in expired.keys { self.entries.removeValue(forKey: id) }
        return expired.sorted { $0.key < $1.key }.map { ($0.key, $0.value.responder) }
    }

    /// The earliest deadline still pending.
    var earliestDeadline: NIODeadline? {
        self.entries.values.compactMap(\.deadline).min()
    }
}
