import AxisCodec

/// The server's view of one connection, after the preface: handshake, request ids, closing
/// (Protocol/PROTOCOL.md §4 and §6). Pure: it decides, the connection loop acts.
///
/// ```
///  awaitingHello --HELLO ok--> ready --peer GOAWAY / shutdown--> closing
///        |                        
///        +--HELLO version mismatch--> closing
/// ```
struct ConnectionStateMachine {
    /// What the handshake needs to know about this server.
    struct Handshake: Sendable {
        var versions: ClosedRange<UInt8>
        var serverName: String
        var serverVersion: String
        var limits: ServerLimits
        var opcodes: [Opcode]
        var connectionID: UInt64
        var serverID: String = ""
        var revision: UInt8 = AxisVersion.protocolRevision
        /// Who a HELLO's token is (the server's `Authenticator`); open by default.
        var authenticate: @Sendable (String?) -> Authenticator.Outcome = { _ in .open }
    }

    /// Who the connection acts as once HELLO is accepted.
    struct Principal: Equatable, Sendable {
        /// The token's name; "-" when the server requires no token.
        var name: String
        var role: AccessRole
    }

    enum State: Equatable {
        case awaitingHello
        case ready(version: UInt8)
        case closing
    }

    /// What the loop must do with a frame.
    enum Action: Equatable {
        /// Write this frame (a reply computed here: PONG, an error).
        case reply(Frame)
        /// The handshake succeeded: raise the decoder's limits, then write the reply.
        case completeHandshake(reply: Frame, version: UInt8, peerMaxPayloadBytes: Int)
        /// Run this request (it is valid here); its response is the dispatcher's to write.
        case dispatch(Request, Frame)
        /// Cancel the request with this id, if it is still running.
        case cancel(requestID: UInt32)
        /// Write this error frame, then GOAWAY, then close.
        case replyThenClose(Frame, GoAway)
        /// Write this GOAWAY and close at once (a fatal error with no request to answer).
        case close(GoAway)
        /// The token was refused: after a delay (so that guessing is slow), write this error
        /// frame and GOAWAY, then close.
        case refuseAuthentication(Frame, GoAway)
        /// The peer is closing: stop reading, finish what is in flight.
        case peerClosing
        /// Nothing to do (a late response from the client, for instance).
        case ignore(reason: String)
    }

    private(set) var state: State = .awaitingHello
    /// Set when HELLO is accepted.
    private(set) var principal: Principal?
    /// The highest request id accepted so far; GOAWAY reports it.
    private(set) var lastRequestID: UInt32 = 0
    let handshake: Handshake
    /// Milliseconds since 1970 for PONG's server time; injected so transcripts are exact.
    private let wallClock: @Sendable () -> UInt64

    init(handshake: Handshake, wallClock: @escaping @Sendable () -> UInt64 = WallClock.nowMilliseconds) {
        self.handshake = handshake
        self.wallClock = wallClock
    }

    enum FragmentDecision: Equatable {
        /// Keep the fragment: the request's id is taken.
        case accept
        /// Answer the request with this error now; its later fragments are dropped.
        case refuse(WireError)
        /// A fatal error: this GOAWAY, then close.
        case close(GoAway)
    }

    /// The first fragment of a request arrived: may a request with this id start now?
    mutating func fragmentedRequestStarted(_ frame: Frame) -> FragmentDecision {
        if let fatal = self.checkRequestID(frame) { return .close(fatal) }
        if let flagged = Self.flagViolation(frame) { return .refuse(flagged) }
        switch self.state {
        case .awaitingHello:
            return .refuse(WireError(.handshakeRequired, "send HELLO first; only HELLO and PING are allowed before the handshake"))
        case .closing:
            return .refuse(WireError(.shuttingDown, "the connection is closing", retry: .now))
        case .ready:
            return .accept
        }
    }

    /// A frame arrived, decoded (or not) by the handler in phase two.
    /// - Parameter idChecked: the frame completes a fragmented request whose id was checked
    ///   with its first fragment.
    mutating func frameReceived(_ frame: Frame, decoded: Result<Request, CodecError>, idChecked: Bool = false) -> Action {
        if frame.isResponse && frame.requestID >= Self.serverRequestIDs {
            // An answer to a server-initiated request: the server sends none in v1.
            return .ignore(reason: "response frame \(frame.opcode) id \(frame.requestID) answers no request")
        }
        // Connection-level frames carry id 0 and need no reply.
        switch decoded {
        case .success(.cancel(let cancel)):
            return .cancel(requestID: cancel.requestID)
        case .success(.goAway):
            self.state = .closing
            return .peerClosing
        case .failure(let error) where frame.opcode == .cancel || frame.opcode == .goAway:
            return .reply(.error(to: frame, WireError(error)))
        default:
            break
        }
        if !idChecked, let fatal = self.checkRequestID(frame) {
            return .close(fatal)
        }
        if let flagged = Self.flagViolation(frame) {
            return .reply(.error(to: frame, flagged))
        }
        let request: Request
        switch decoded {
        case .failure(let error):
            return .reply(.error(to: frame, WireError(error)))
        case .success(let value):
            request = value
        }

        switch (self.state, request) {
        case (_, .ping(let ping)):
            return .reply(.response(to: frame, Pong(data: ping.data, serverTimeMilliseconds: self.wallClock())))
        case (.awaitingHello, .hello(let hello)):
            return self.helloReceived(hello, frame: frame)
        case (.awaitingHello, _):
            return .reply(.error(to: frame, WireError(.handshakeRequired, "send HELLO first; only HELLO and PING are allowed before the handshake")))
        case (.ready, .hello):
            return .reply(.error(to: frame, WireError(.protocolViolation, "the handshake is already complete")))
        case (.ready, _):
            if let needed = frame.opcode.requiredRole, let principal = self.principal, principal.role < needed {
                return .reply(
                    .error(
                        to: frame,
                        WireError(
                            .forbidden,
                            "\(frame.opcode) needs the \(needed) role; the token '\(principal.name)' has \(principal.role)")))
            }
            return .dispatch(request, frame)
        case (.closing, _):
            return .reply(.error(to: frame, WireError(.shuttingDown, "the connection is closing", retry: .now)))
        }
    }

    /// The server starts to shut down: no new requests; the GOAWAY to send.
    mutating func shutdownStarted() -> GoAway {
        self.state = .closing
        return GoAway(code: .shuttingDown, lastRequestID: self.lastRequestID, message: "the server is shutting down")
    }

    // MARK: - Private

    private mutating func helloReceived(_ hello: Hello, frame: Frame) -> Action {
        let ours = self.handshake.versions
        let low = max(ours.lowerBound, hello.minVersion)
        let high = min(ours.upperBound, hello.maxVersion)
        guard low <= high else {
            self.state = .closing
            let message =
                "no common protocol version: the client supports \(hello.minVersion)...\(hello.maxVersion), "
                + "the server \(ours.lowerBound)...\(ours.upperBound)"
            return .replyThenClose(
                .error(to: frame, WireError(.versionMismatch, message)),
                GoAway(code: .versionMismatch, lastRequestID: self.lastRequestID, message: message))
        }
        switch self.handshake.authenticate(hello.token) {
        case .open:
            self.principal = Principal(name: "-", role: .admin)
        case .granted(let name, let role):
            self.principal = Principal(name: name, role: role)
        case .refused(let reason):
            self.state = .closing
            return .refuseAuthentication(
                .error(to: frame, WireError(.authFailed, reason)),
                GoAway(code: .authFailed, lastRequestID: self.lastRequestID, message: reason))
        }
        self.state = .ready(version: high)
        let requested = hello.maxPayloadBytes.map(Int.init) ?? ProtocolLimits.default.maxPayloadBytes
        let peerMax = min(max(requested, ProtocolLimits.minNegotiablePayloadBytes), ProtocolLimits.maxNegotiablePayloadBytes)
        let reply = HelloReply(
            version: high, serverName: self.handshake.serverName, serverVersion: self.handshake.serverVersion,
            limits: self.handshake.limits, opcodes: self.handshake.opcodes, connectionID: self.handshake.connectionID,
            serverID: self.handshake.serverID, revision: self.handshake.revision)
        return .completeHandshake(reply: .response(to: frame, reply), version: high, peerMaxPayloadBytes: peerMax)
    }

    /// Ids from this one up are the server's own requests' (§4.1): a response there answers one.
    static let serverRequestIDs: UInt32 = 0x8000_0000

    /// A request must carry neither `response` nor `error` (§4.5): answered with
    /// PROTOCOL_VIOLATION, request-scoped (v1.1; v1.0 never answered).
    private static func flagViolation(_ frame: Frame) -> WireError? {
        if frame.isResponse { return WireError(.protocolViolation, "a request must not have the response flag") }
        if frame.flags.contains(.error) { return WireError(.protocolViolation, "a request must not have the error flag") }
        return nil
    }

    /// Request ids are chosen by the client, non-zero and strictly increasing (§4.2), which is
    /// what makes GOAWAY's "last request id" exact. A bad one is fatal (v1.1): the GOAWAY to
    /// close with.
    private mutating func checkRequestID(_ frame: Frame) -> GoAway? {
        let message: String
        if frame.requestID == 0 {
            message = "request id 0 is reserved for connection-level frames"
        } else if frame.requestID <= self.lastRequestID {
            message = "request id \(frame.requestID) is not greater than the previous one (\(self.lastRequestID))"
        } else {
            self.lastRequestID = frame.requestID
            return nil
        }
        self.state = .closing
        return GoAway(code: .badRequestID, lastRequestID: self.lastRequestID, message: message, retry: .never)
    }
}
