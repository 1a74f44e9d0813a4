/// Throughput and latency percentiles of one measurement.
struct LatencySummary: Sendable {
    var operations: Int
    var seconds: Double
    var p50Microseconds: Double
    var p99Microseconds: Double

    var perSecond: Double { Double(self.operations) / max(self.seconds, 1e-9) }

    /// - Parameters:
    ///   - latencies: one entry per operation, in nanoseconds.
    ///   - seconds: the wall time the operations took.
    init(latencies: [UInt64], seconds: Double) {
        let sorted = latencies.sorted()
        self.operations = sorted.count
        self.seconds = seconds
        self.p50Microseconds = Self.percentile(sorted, 0.50)
        self.p99Microseconds = Self.percentile(sorted, 0.99)
    }

    private static func percentile(_ sorted: [UInt64], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return Double(sorted[max(0, index)]) / 1000
    }
}
