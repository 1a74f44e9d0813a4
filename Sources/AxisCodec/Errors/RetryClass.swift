/// What a client may do after an error (Protocol/PROTOCOL.md §8).
public enum RetryClass: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The same request will fail again: fix it first.
    case never = 0
    /// Retrying at once may succeed (on a new connection if this one is closing).
    case now = 1
    /// Retry after a backoff: the server is overloaded or shedding load.
    case afterBackoff = 2

    public var description: String {
        switch self {
        case .never: "never"
        case .now: "now"
        case .afterBackoff: "after-backoff"
        }
    }
}
