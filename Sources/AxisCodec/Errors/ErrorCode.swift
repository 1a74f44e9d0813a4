/// A stable numeric error code on the wire (Protocol/PROTOCOL.md §8, the error table).
///
/// Ranges: 1xxx protocol, 2xxx auth, 3xxx request, 4xxx data, 5xxx server. A struct, so a
/// client meets codes newer than itself as values, not as decoding failures.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    private init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 0: no error (an orderly GOAWAY).
    public static let noError = ErrorCode(0)

    // MARK: 1xxx protocol
    /// 1001: a frame's length is over the limit in force (fatal: GOAWAY, close).
    public static let frameTooLarge = ErrorCode(1001)
    /// 1002: a compressed payload is over the inflated-size or ratio limit, or corrupt.
    public static let decompressLimit = ErrorCode(1002)
    /// 1003: no protocol version in common (HELLO).
    public static let versionMismatch = ErrorCode(1003)
    /// 1004: the opcode names no message the server knows.
    public static let unsupportedOpcode = ErrorCode(1004)
    /// 1005: the payload does not decode as the message of its opcode.
    public static let badPayload = ErrorCode(1005)
    /// 1006: the framing is broken: short length, reserved flag bits, wrong version byte,
    /// truncated frame (fatal: GOAWAY, close).
    public static let badFrame = ErrorCode(1006)
    /// 1007: a request other than HELLO or PING before the handshake completed.
    public static let handshakeRequired = ErrorCode(1007)
    /// 1008: no HELLO within the handshake deadline (GOAWAY, close).
    public static let handshakeTimeout = ErrorCode(1008)
    /// 1009: no traffic within the idle timeout (GOAWAY, close).
    public static let idleTimeout = ErrorCode(1009)
    /// 1010: a request id of 0 or not greater than the previous one.
    public static let badRequestID = ErrorCode(1010)
    /// 1011: a frame that is valid on its own but not here (a second HELLO, a response from a client).
    public static let protocolViolation = ErrorCode(1011)
    /// 1012: a frame, or a request sent in fragments, was not completed in time (GOAWAY, close).
    public static let requestTimeout = ErrorCode(1012)

    // MARK: 2xxx auth
    /// 2001: the token is missing or wrong.
    public static let authFailed = ErrorCode(2001)
    /// 2002: the token does not carry the role this request needs.
    public static let forbidden = ErrorCode(2002)

    // MARK: 3xxx request
    /// 3001: an argument is invalid (empty key, bad date, bad UTF-8 body...).
    public static let invalidArgument = ErrorCode(3001)
    /// 3002: the query does not parse.
    public static let querySyntax = ErrorCode(3002)
    /// 3003: a value is over its limit (body size, key length, batch size).
    public static let limitExceeded = ErrorCode(3003)

    // MARK: 4xxx data
    /// 4001: no such document, version or entity.
    public static let notFound = ErrorCode(4001)
    /// 4002: the request conflicts with the stored state.
    public static let conflict = ErrorCode(4002)
    /// 4003: stored data failed its checksum and is not served.
    public static let corruptData = ErrorCode(4003)

    // MARK: 5xxx server
    /// 5001: the server is overloaded.
    public static let overloaded = ErrorCode(5001)
    /// 5002: the client did not read its responses for too long (GOAWAY, close).
    public static let slowConsumer = ErrorCode(5002)
    /// 5003: more requests in flight than the advertised limit.
    public static let tooManyRequests = ErrorCode(5003)
    /// 5004: an unexpected failure inside the server.
    public static let `internal` = ErrorCode(5004)
    /// 5005: the request was cancelled by the client.
    public static let cancelled = ErrorCode(5005)
    /// 5006: the server is shutting down.
    public static let shuttingDown = ErrorCode(5006)
    /// 5007: the server's disk is full; the request did not complete (a retry is safe).
    public static let storageFull = ErrorCode(5007)

    /// The stable name used in docs and JSON output.
    public var name: String {
        Self.table[self]?.name ?? "UNKNOWN_\(self.rawValue)"
    }

    /// What a client should do when it meets this code, unless the error frame says otherwise.
    public var defaultRetry: RetryClass {
        Self.table[self]?.retry ?? .never
    }

    public var description: String { "\(self.name) (\(self.rawValue))" }

    private static let table: [ErrorCode: (name: String, retry: RetryClass)] = [
        .noError: ("NO_ERROR", .now),
        .frameTooLarge: ("FRAME_TOO_LARGE", .never),
        .decompressLimit: ("DECOMPRESS_LIMIT", .never),
        .versionMismatch: ("VERSION_MISMATCH", .never),
        .unsupportedOpcode: ("UNSUPPORTED_OPCODE", .never),
        .badPayload: ("BAD_PAYLOAD", .never),
        .badFrame: ("BAD_FRAME", .never),
        .handshakeRequired: ("HANDSHAKE_REQUIRED", .never),
        .handshakeTimeout: ("HANDSHAKE_TIMEOUT", .now),
        .idleTimeout: ("IDLE_TIMEOUT", .now),
        .badRequestID: ("BAD_REQUEST_ID", .never),
        .protocolViolation: ("PROTOCOL_VIOLATION", .never),
        .requestTimeout: ("REQUEST_TIMEOUT", .afterBackoff),
        .authFailed: ("AUTH_FAILED", .never),
        .forbidden: ("FORBIDDEN", .never),
        .invalidArgument: ("INVALID_ARGUMENT", .never),
        .querySyntax: ("QUERY_SYNTAX", .never),
        .limitExceeded: ("LIMIT_EXCEEDED", .never),
        .notFound: ("NOT_FOUND", .never),
        .conflict: ("CONFLICT", .never),
        .corruptData: ("CORRUPT_DATA", .never),
        .overloaded: ("OVERLOADED", .afterBackoff),
        .slowConsumer: ("SLOW_CONSUMER", .afterBackoff),
        .tooManyRequests: ("TOO_MANY_REQUESTS", .afterBackoff),
        .internal: ("INTERNAL", .afterBackoff),
        .cancelled: ("CANCELLED", .never),
        .shuttingDown: ("SHUTTING_DOWN", .afterBackoff),
        .storageFull: ("STORAGE_FULL", .afterBackoff),
    ]

    /// Every code with a name, for docs and tests.
    public static var allKnown: [ErrorCode] { Self.table.keys.sorted { $0.rawValue < $1.rawValue } }
}

extension ErrorCode {
    /// The wire code for a codec failure: the single place internal codec errors meet the wire.
    public init(_ error: CodecError) {
        switch error.code {
        case .frameTooLarge: self = .frameTooLarge
        case .badPreface, .frameTooShort, .unsupportedFrameVersion, .reservedFlagBits, .truncatedFrame:
            self = .badFrame
        case .compressionNotAllowed, .compressedTooLarge, .compressionRatioExceeded, .corruptCompressedPayload:
            self = .decompressLimit
        case .unsupportedOpcode: self = .unsupportedOpcode
        case .stringTooLong, .countTooLarge: self = .limitExceeded
        default: self = .badPayload
        }
    }
}
