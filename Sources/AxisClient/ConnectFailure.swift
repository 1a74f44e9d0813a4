import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns NIO's connect errors into the short reason a user needs.
enum ConnectFailure {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first {
                return Self.describe(first.error)
            }
            if let dnsError = error.dnsAAAAError ?? error.dnsAError {
                return "cannot resolve \(error.host): \(dnsError)"
            }
            return "cannot connect to \(error.host)"
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused (is axserver running there?)"
            case ENETUNREACH, EHOSTUNREACH: return "host unreachable"
            case ETIMEDOUT: return "timed out"
            default: return error.description
            }
        case is ChannelError:
            if case .connectTimeout = error as? ChannelError { return "timed out" }
            return "\(error)"
        default:
            return "\(error)"
        }
    }
}
