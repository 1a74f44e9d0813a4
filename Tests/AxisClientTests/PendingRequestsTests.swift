import AxisCodec
@testable import AxisClient
import NIOCore
import Testing

@Suite("Pending requests")
struct PendingRequestsTests {
    @Test("ids start at 1 and increase; a final response removes its request")
    func idsAndDelivery() throws {
        var pending = PendingRequests<String>()
        #expect(try pending.register("a", deadline: nil).get() == 1)
        #expect(try pending.register("b", deadline: nil).get() == 2)
        let more = Frame(flags: [.response, .more], opcode: .ping, requestID: 2, payload: ByteBuffer())
        guard case .deliver("b", final: false) = pending.responseReceived(more) else {
            Issue.record("expected a stream item for b")
            return
        }
        let final = Frame(flags: [.response], opcode: .ping, requestID: 2, payload: ByteBuffer())
        guard case .deliver("b", final: true) = pending.responseReceived(final) else {
            Issue.record("expected the final frame for b")
            return
        }
        guard case .unknown = pending.responseReceived(final) else {
            Issue.record("a second final frame must be unknown")
            return
        }
        #expect(pending.entries.count == 1)
    }

    @Test("GOAWAY fails exactly the requests after its last id, and refuses new ones")
    func goAway() {
        var pending = PendingRequests<Int>()
        for value in 1...5 { _ = pending.register(value, deadline: nil) }
        let abandoned = pending.goAwayReceived(GoAway(code: .shuttingDown, lastRequestID: 3, message: "bye"))
        #expect(abandoned == [4, 5])
        #expect(Set(pending.entries.keys) == [1, 2, 3])
        guard case .failure(let error) = pending.register(6, deadline: nil) else {
            Issue.record("expected new requests to fail")
            return
        }
        #expect(error.goAway?.code == .shuttingDown)
        #expect(error.isRetryable)
    }

    @Test("requests past their deadline expire; others stay")
    func expiry() {
        var pending = PendingRequests<String>()
        let now = NIODeadline.uptimeNanoseconds(1_000_000)
        _ = pending.register("soon", deadline: now + .milliseconds(10))
        _ = pending.register("later", deadline: now + .seconds(10))
        _ = pending.register("never", deadline: nil)
        #expect(pending.expire(now: now + .milliseconds(20)).map(\.responder) == ["soon"])
        #expect(pending.earliestDeadline == now + .seconds(10))
    }

    @Test("a closed connection fails everything, oldest first")
    func closed() {
        var pending = PendingRequests<Int>()
        for value in 1...3 { _ = pending.register(value, deadline: nil) }
        #expect(pending.connectionFailed(ClientError(.connectionClosed, "gone")) == [1, 2, 3])
        #expect(pending.isEmpty)
    }
}
