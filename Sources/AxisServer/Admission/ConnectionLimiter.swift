import Synchronization

/// How many connections the server holds, in total and per client address, and what a new
/// one gets (docs/operations.md, "Limits"): admitted; refused with a GOAWAY OVERLOADED once it
/// has sent its preface; or, while too many refusals are already pending, closed at once so
/// that a flood cannot use up the process's descriptors.
final class ConnectionLimiter: Sendable {
    struct Limits: Sendable, Hashable {
        var total: Int
        var perAddress: Int
        /// Refused connections waiting to be told so (each holds a descriptor for a moment).
        var pendingRefusals: Int = 16
    }

    enum Admission: Equatable {
        case admitted
        /// Refused, with why; `first` for the first refusal since a connection was admitted
        /// (logged; the rest of a flood is not).
        case refused(String, first: Bool)
        case dropped
    }

    private struct State {
        var total = 0
        var byAddress: [String: Int] = [:]
        var refusing = 0
        var refusedSinceAdmission = 0
    }

    let limits: Limits
    private let state = Mutex(State())

    init(limits: Limits) {
        self.limits = limits
    }

    /// Decides for a new connection from `address`. Every admission or refusal must be
    /// followed by `closed(address:admission:)` when the connection ends.
    func admit(address: String) -> Admission {
        self.state.withLock { state in
            let fromAddress = state.byAddress[address, default: 0]
            let reason: String
            if state.total >= self.limits.total {
                reason = "the server has \(state.total) connections, its limit"
            } else if fromAddress >= self.limits.perAddress {
                reason = "\(address) has \(fromAddress) connections, the limit per address"
            } else {
                state.total += 1
                state.byAddress[address] = fromAddress + 1
                state.refusedSinceAdmission = 0
                return .admitted
            }
            state.refusedSinceAdmission += 1
            guard state.refusing < self.limits.pendingRefusals else { return .dropped }
            state.refusing += 1
            return .refused(reason, first: state.refusedSinceAdmission == 1)
        }
    }

    func closed(address: String, admission: Admission) {
        self.state.withLock { state in
            switch admission {
            case .admitted:
                state.total -= 1
                let left = state.byAddress[address, default: 1] - 1
                state.byAddress[address] = left > 0 ? left : nil
            case .refused:
                state.refusing -= 1
            case .dropped:
                break
            }
        }
    }

    var connectionCount: Int { self.state.withLock { $0.total } }
}
