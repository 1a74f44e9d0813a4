/// What a token allows (docs/operations.md, "Securing a server"); each role includes the ones
/// below it. The server checks every request against `Opcode.requiredRole`, and the client
/// names the role in its message when a request is refused (FORBIDDEN).
public enum AccessRole: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// get, history, diff, ls, stat, query, entities, entity, mentions, timeline, cooccur,
    /// flows, export, and sync as a source.
    case read
    /// read, and put, rm, import (push and sync as a target).
    case write
    /// write, and the management of tokens and of the server.
    case admin

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rank < rhs.rank }

    public var description: String { self.rawValue }
}

extension Opcode {
    /// The least role a request with this opcode needs; nil for connection-level frames
    /// (HELLO, PING, GOAWAY, CANCEL), which any connection may send.
    public var requiredRole: AccessRole? {
        switch self {
        case .hello, .ping, .goAway, .cancel: nil
        case .docPut, .docDelete, .import: .write
        case .tokens: .admin
        default: .read
        }
    }
}
