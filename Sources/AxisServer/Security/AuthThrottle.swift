import NIOCore
import Synchronization

/// Failed authentications per client address: each refusal is answered only after a delay
/// that doubles with the address's recent failures (250 ms, 500 ms, 1 s ... at most 5 s),
/// so guessing tokens is slow; a success or ten quiet minutes forget them.
final class AuthThrottle: Sendable {
    private struct Record {
        var failures: Int
        var last: NIODeadline
    }

    private let records = Mutex<[String: Record]>([:])
    static let firstDelay: TimeAmount = .milliseconds(250)
    static let maxDelay: TimeAmount = .seconds(5)
    static let forgetAfter: TimeAmount = .minutes(10)
    /// Addresses remembered at most (the oldest are forgotten first).
    static let maxAddresses = 10_000

    /// Records a failure from `address` now; returns how long to wait before answering it.
    func failed(_ address: String, now: NIODeadline = .now()) -> TimeAmount {
        self.records.withLock { records in
            var record = records[address] ?? Record(failures: 0, last: now)
            if now - record.last > Self.forgetAfter { record.failures = 0 }
            record.failures += 1
            record.last = now
            if records[address] == nil, records.count >= Self.maxAddresses,
                let oldest = records.min(by: { $0.value.last < $1.value.last })?.key
            {
                records[oldest] = nil
            }
            records[address] = record
            let doublings = min(record.failures - 1, 20)
            return .nanoseconds(min(Self.firstDelay.nanoseconds << Int64(doublings), Self.maxDelay.nanoseconds))
        }
    }

    func succeeded(_ address: String) {
        _ = self.records.withLock { $0.removeValue(forKey: address) }
    }
}
