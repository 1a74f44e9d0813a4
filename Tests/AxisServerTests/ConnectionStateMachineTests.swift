import AxisCodec
@testable import AxisServer
import NIOCore
import Testing

/// Transcripts of the connection state machine: frames in, actions out.
@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    static let limits = ServerLimits(
        maxPayloadBytes: 1 << 20, maxInflatedPayloadBytes: 8 << 20, maxInflationRatio: 100, maxBodyBytes: 64 << 20,
        maxInflightRequests: 256, idleTimeoutMilliseconds: 300_000)

    static func machine(versions: ClosedRange<UInt8> = 1...1) -> ConnectionStateMachine {
        ConnectionStateMachine(
            handshake: .init(
                versions: versions, serverName: "axserver", serverVersion: "test", limits: Self.limits,
                opcodes: [.hello, .ping], connectionID: 3),
            wallClock: { 1234 })
    }

    static func frame(_ message: some WireEncodable, _ opcode: Opcode, id: UInt32, flags: FrameFlags = []) -> Frame {
        var frame = Frame.request(message, opcode: opcode, requestID: id)
        frame.flags = flags
        return frame
    }

    static func received(_ machine: inout ConnectionStateMachine, _ frame: Frame) -> ConnectionStateMachine.Action {
        machine.frameReceived(frame, decoded: Result { () throws(CodecError) in try Request(decoding: frame) })
    }

    static func errorCode(_ action: ConnectionStateMachine.Action) -> ErrorCode? {
        guard case .reply(let frame) = action, frame.isError else { return nil }
        var payload = frame.payload
        return try? WireError(fromPayload: &payload).code
    }

    @Test("PING is answered before the handshake, with the data and the wall clock")
    func pingBeforeHello() {
        var machine = Self.machine()
        let ping = Self.frame(Ping(data: [7]), .ping, id: 1)
        #expect(Self.received(&machine, ping) == .reply(.response(to: ping, Pong(data: [7], serverTimeMilliseconds: 1234))))
    }

    @Test("before the handshake: an undecodable HELLO and an unknown opcode are answered, not fatal")
    func badFramesBeforeHello() {
        var machine = Self.machine()
        #expect(Self.errorCode(Self.received(&machine, Frame(opcode: .hello, requestID: 1, payload: ByteBuffer()))) == .badPayload)
        #expect(Self.errorCode(Self.received(&machine, Frame(opcode: Opcode(0x0999), requestID: 2, payload: ByteBuffer()))) == .unsupportedOpcode)
        #expect(machine.state == .awaitingHello)
    }

    @Test("HELLO completes the handshake with the highest common version and the client's payload limit")
    func hello() {
        var machine = Self.machine(versions: 1...3)
        let hello = Self.frame(Hello(minVersion: 1, maxVersion: 2, clientName: "c", clientVersion: "1", maxPayloadBytes: 4 << 20), .hello, id: 1)
        guard case .completeHandshake(let reply, let version, let peerMax) = Self.received(&machine, hello) else {
            Issue.record("expected the handshake to complete")
            return
        }
        #expect(version == 2)
        #expect(peerMax == 4 << 20)
        var payload = reply.payload
        let decoded = try? HelloReply(fromPayload: &payload)
        #expect(decoded?.version == 2)
        #expect(decoded?.connectionID == 3)
        #expect(machine.state == .ready(version: 2))
    }

    @Test("the client's payload limit is clamped to 64 KiB...16 MiB", arguments: [(UInt32(1), 64 * 1024), (UInt32.max, 16 << 20)])
    func clampedPayload(requested: UInt32, expected: Int) {
        var machine = Self.machine()
        let hello = Self.frame(Hello(clientName: "", clientVersion: "", maxPayloadBytes: requested), .hello, id: 1)
        guard case .completeHandshake(_, _, let peerMax) = Self.received(&machine, hello) else {
            Issue.record("expected the handshake to complete")
            return
        }
        #expect(peerMax == expected)
    }

    @Test("no common version: VERSION_MISMATCH naming both ranges, then GOAWAY and close")
    func versionMismatch() {
        var machine = Self.machine(versions: 2...2)
        let hello = Self.frame(Hello(minVersion: 1, maxVersion: 1, clientName: "", clientVersion: ""), .hello, id: 1)
        guard case .replyThenClose(let reply, let goAway) = Self.received(&machine, hello) else {
            Issue.record("expected a mismatch")
            return
        }
        var payload = reply.payload
        let error = try? WireError(fromPayload: &payload)
        #expect(error?.code == .versionMismatch)
        #expect(error?.retry == .never)
        #expect(error?.message.contains("1...1") == true && error?.message.contains("2...2") == true)
        #expect(goAway.code == .versionMismatch)
        #expect(machine.state == .closing)
    }

    @Test("after the handshake: requests are dispatched; a second HELLO is a violation")
    func ready() {
        var machine = Self.machine()
        _ = Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 1))
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 2))) == .protocolViolation)
        let unknown = Frame(opcode: Opcode(0x0999), requestID: 3, payload: ByteBuffer())
        #expect(Self.errorCode(Self.received(&machine, unknown)) == .unsupportedOpcode)
    }

    /// The GOAWAY of a fatal action, or nil.
    static func fatal(_ action: ConnectionStateMachine.Action) -> GoAway? {
        guard case .close(let goAway) = action else { return nil }
        return goAway
    }

    @Test("request ids must be non-zero and strictly increasing; a bad one is fatal: GOAWAY BAD_REQUEST_ID naming the last good id, no error frame")
    func requestIDs() {
        var machine = Self.machine()
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Ping(), .ping, id: 5))) == nil)
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Ping(), .ping, id: 6))) == nil)
        #expect(machine.lastRequestID == 6)
        for badID: UInt32 in [0, 6, 4] {
            var copy = machine
            let goAway = Self.fatal(Self.received(&copy, Self.frame(Ping(), .ping, id: badID)))
            #expect(goAway?.code == .badRequestID, "id \(badID)")
            #expect(goAway?.lastRequestID == 6 && goAway?.retry == .never, "id \(badID)")
            #expect(copy.state == .closing)
        }
        // Before the handshake too (HELLO with id 0).
        var fresh = Self.machine()
        #expect(Self.fatal(Self.received(&fresh, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 0)))?.code == .badRequestID)
    }

    @Test("a fragmented request may start only after the handshake, with a fresh id")
    func fragmentedStart() {
        var machine = Self.machine()
        let fragment = Self.frame(Ping(), Opcode(0x0101), id: 2, flags: [.more])
        guard case .refuse(let early) = machine.fragmentedRequestStarted(fragment) else {
            Issue.record("expected a refusal before the handshake")
            return
        }
        #expect(early.code == .handshakeRequired)
        _ = Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 3))
        #expect(machine.fragmentedRequestStarted(Self.frame(Ping(), Opcode(0x0101), id: 4, flags: [.more])) == .accept)
        #expect(machine.lastRequestID == 4)
        guard case .close(let goAway) = machine.fragmentedRequestStarted(Self.frame(Ping(), Opcode(0x0101), id: 4, flags: [.more])) else {
            Issue.record("a repeated id is fatal")
            return
        }
        #expect(goAway.code == .badRequestID && goAway.lastRequestID == 4)
    }

    @Test("a request with the response or error flag is PROTOCOL_VIOLATION, request-scoped; a response to a server id is ignored")
    func flagsOnRequests() {
        var machine = Self.machine()
        _ = Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 1))
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Ping(), .ping, id: 2, flags: [.response]))) == .protocolViolation)
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Ping(), .ping, id: 3, flags: [.error]))) == .protocolViolation)
        guard case .ignore = Self.received(&machine, Self.frame(Ping(), .ping, id: 0x8000_0001, flags: [.response])) else {
            Issue.record("a response to a server-initiated id answers nothing")
            return
        }
        #expect(Self.errorCode(Self.received(&machine, Self.frame(Ping(), .ping, id: 4))) == nil)
        #expect(machine.state == .ready(version: 1))
    }

    @Test("the HELLO reply says revision 1 (v1.1)")
    func revision() throws {
        var machine = Self.machine()
        guard case .completeHandshake(let reply, _, _) = Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 1)) else {
            Issue.record("expected the handshake to complete")
            return
        }
        var payload = reply.payload
        #expect(try HelloReply(fromPayload: &payload).revision == AxisVersion.protocolRevision)
    }

    @Test("CANCEL and GOAWAY are connection-level and need no reply")
    func connectionLevel() {
        var machine = Self.machine()
        #expect(Self.received(&machine, Cancel(requestID: 9).frame()) == .cancel(requestID: 9))
        #expect(Self.received(&machine, GoAway(code: .noError, lastRequestID: 0, message: "bye").frame()) == .peerClosing)
        #expect(machine.state == .closing)
    }

    @Test("responses from the client to server-initiated ids are ignored")
    func responsesIgnored() {
        var machine = Self.machine()
        guard case .ignore = Self.received(&machine, Self.frame(Pong(), .ping, id: 0x8000_0000, flags: [.response])) else {
            Issue.record("expected the response to be ignored")
            return
        }
    }

    @Test("shutdown reports the last request id, then refuses new requests")
    func shutdown() {
        var machine = Self.machine()
        _ = Self.received(&machine, Self.frame(Hello(clientName: "", clientVersion: ""), .hello, id: 1))
        _ = Self.received(&machine, Self.frame(Ping(), .ping, id: 7))
        let goAway = machine.shutdownStarted()
        #expect(goAway.code == .shuttingDown)
        #expect(goAway.lastRequestID == 7)
        #expect(Self.errorCode(Self.received(&machine, Frame(opcode: Opcode(0x0101), requestID: 8, payload: ByteBuffer()))) != nil)
    }
}
