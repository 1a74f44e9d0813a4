import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on standard error: count, bytes, rate, ETA. Drawn only when
/// stderr is a terminal, at most ten times a second; otherwise silent (the command prints a
/// summary line at the end instead).
public final class ProgressBar: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var drawn = false
    }

    private let label: String
    private let unit: String
    private let enabled: Bool
    private let started: UInt64
    private let state = Mutex(State())

    /// - Parameter enabled: default (`nil`): whether stderr is a terminal.
    public init(label: String, unit: String = "records", enabled: Bool? = nil) {
        self.label = label
        self.unit = unit
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
        self.started = Self.now()
    }

    /// Seconds since the bar was created.
    public var elapsedSeconds: Double { Double(Self.now() - self.started) / 1e9 }

    public func update(count: UInt64, bytes: UInt64, totalCount: UInt64? = nil, totalBytes: UInt64? = nil) {
        guard self.enabled else { return }
        let now = Self.now()
        let draw = self.state.withLock { state -> Bool in
            guard now - state.lastDraw > 100_000_000 else { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        guard draw else { return }
        let seconds = max(Double(now - self.started) / 1e9, 0.001)
        let rate = Double(bytes) / seconds
        var line = "\(self.label) \(Formatting.thousands(Int(count)))"
        if let totalCount { line += "/\(Formatting.thousands(Int(totalCount)))" }
        line += " \(self.unit)  \(Formatting.bytes(bytes))  \(Formatting.bytes(UInt64(rate)))/s"
        if let totalBytes, totalBytes > bytes, rate > 0 {
            line += "  ETA \(Self.clock(Double(totalBytes - bytes) / rate))"
        } else if let totalCount, totalCount > count, count > 0 {
            line += "  ETA \(Self.clock(seconds * Double(totalCount - count) / Double(count)))"
        }
        Self.write("\r\u{1B}[K" + line)
    }

    /// Ends the line if anything was drawn.
    public func finish() {
        if self.state.withLock({ $0.drawn }) { Self.write("\r\u{1B}[K") }
    }

    private static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return total >= 3600 ? "\(total / 3600):\(pad(total / 60 % 60)):\(pad(total % 60))" : "\(total / 60):\(pad(total % 60))"
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
