public import AxisCodec

/// Why a client call failed. `code` says what kind of failure (scripts map it to an exit
/// code); `serverError` carries the server's own error frame when there is one.
public struct ClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case cannotConnect
            case notAnAxisServer
            case versionMismatch
            case server
            case timeout
            case connectionClosed
            case protocolError
            case cancelled
            case invalidUse
            case sourceBehind
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No TCP connection: refused, unreachable, unknown host.
        public static let cannotConnect = Code(.cannotConnect)
        /// The peer answered, but not with the Axis preface.
        public static let notAnAxisServer = Code(.notAnAxisServer)
        /// No protocol version in common with the server.
        public static let versionMismatch = Code(.versionMismatch)
        /// The server answered with an error frame (see `serverError`).
        public static let server = Code(.server)
        /// No answer within the timeout.
        public static let timeout = Code(.timeout)
        /// The connection closed before the answer came (see `goAway` for the server's reason).
        public static let connectionClosed = Code(.connectionClosed)
        /// The server sent bytes this client cannot decode.
        public static let protocolError = Code(.protocolError)
        /// The caller cancelled the call.
        public static let cancelled = Code(.cancelled)
        /// The caller asked for something that cannot be done as asked (a sync of a server
        /// to itself).
        public static let invalidUse = Code(.invalidUse)
        /// A sync's source holds fewer records than the target already imported from it: it
        /// lost data or was restored from a backup (docs/operations.md, "a source behind").
        public static let sourceBehind = Code(.sourceBehind)

        public var description: String {
            switch self.base {
            case .cannotConnect: "cannot connect"
            case .notAnAxisServer: "not an Axis server"
            case .versionMismatch: "version mismatch"
            case .server: "server error"
            case .timeout: "timeout"
            case .connectionClosed: "connection closed"
            case .protocolError: "protocol error"
            case .cancelled: "cancelled"
            case .invalidUse: "invalid use"
            case .sourceBehind: "source behind"
            }
        }
    }

    public var code: Code
    /// One line for humans.
    public var message: String
    /// The server's error frame, for `.server` and `.versionMismatch`.
    public var serverError: WireError?
    /// The server's GOAWAY, when the connection closed after one.
    public var goAway: GoAway?

    public init(_ code: Code, _ message: String, serverError: WireError? = nil, goAway: GoAway? = nil) {
        self.code = code
        self.message = message
        self.serverError = serverError
        self.goAway = goAway
    }

    /// Whether retrying (on a new connection if this one closed) may succeed.
    public var isRetryable: Bool {
        if let serverError { return serverError.retry != .never }
        if let goAway { return goAway.retry != .never }
        return self.code == .timeout || self.code == .connectionClosed
    }

    public var description: String {
        if let serverError {
            return "\(self.code): \(serverError.message) (\(serverError.code.name), code \(serverError.code.rawValue))"
        }
        return "\(self.code): \(self.message)"
    }

    static func fromServer(_ error: WireError) -> ClientError {
        if error.code == .versionMismatch {
            return ClientError(.versionMismatch, error.message, serverError: error)
        }
        return ClientError(.server, error.message, serverError: error)
    }
}
