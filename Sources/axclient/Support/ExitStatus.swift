import AxisClient
import AxisCodec

/// The documented exit codes (see the root command's help).
enum ExitStatus {
    static let success: Int32 = 0
    static let serverError: Int32 = 1
    static let usage: Int32 = 2
    static let notFound: Int32 = 3
    static let cannotConnect: Int32 = 4
    static let notAllowed: Int32 = 5
    static let protocolError: Int32 = 6
    static let timeout: Int32 = 7
    /// `batch`: one or more of its commands failed (each result line says which and why).
    static let batchFailed: Int32 = 8
    /// The output could not be written (a full disk). A reader that has gone (`| head`) is
    /// not a failure: the command ends by SIGPIPE, as Unix tools do.
    static let outputFailed: Int32 = 9
    /// `sync`: the source holds less than the target already imported from it (a source that
    /// lost data or was restored from a backup); nothing was copied.
    static let sourceBehind: Int32 = 10
    /// `export`/`sync --skip-damaged`: done, but damaged records of the source were passed
    /// over (each listed); they are not in the pack or on the target.
    static let damagedSkipped: Int32 = 11

    /// The exit code for a client failure.
    static func code(for error: ClientError) -> Int32 {
        switch error.code {
        case .cannotConnect, .notAnAxisServer: return Self.cannotConnect
        case .versionMismatch, .protocolError: return Self.protocolError
        case .timeout: return Self.timeout
        case .connectionClosed, .cancelled: return Self.serverError
        case .invalidUse: return Self.usage
        case .sourceBehind: return Self.sourceBehind
        default:
            break
        }
        guard let serverError = error.serverError else { return Self.serverError }
        switch serverError.code {
        case .notFound: return Self.notFound
        case .authFailed, .forbidden: return Self.notAllowed
        case .invalidArgument, .querySyntax, .limitExceeded: return Self.usage
        case .versionMismatch, .badFrame, .badPayload, .unsupportedOpcode, .frameTooLarge, .decompressLimit,
            .protocolViolation, .badRequestID, .handshakeRequired:
            return Self.protocolError
        default: return Self.serverError
        }
    }
}
