#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open descriptors: every connection takes one, and the store needs
/// some for its files.
enum DescriptorLimit {

    /// Descriptors kept for everything but connections (segments, index, logs, listeners).
    static let reserved = 128

    /// Connections that fit a limit of `descriptors`: all but the reserve (half, for a small
    /// limit) and the `refusals` that may each hold one for a moment.
    static func forConnections(_ descriptors: Int, refusals: Int) -> Int {
        max(1, descriptors - min(Self.reserved, descriptors / 2) - refusals)
    }

    /// Raises the soft limit to the hard one (as most servers do) and returns it.
    static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
