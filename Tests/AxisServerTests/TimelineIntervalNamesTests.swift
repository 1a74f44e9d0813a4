import AxisCodec
import AxisIndex
import Testing

@Suite("Timeline intervals: one list of names")
struct TimelineIntervalNamesTests {
    @Test("the intervals a client checks before sending are the ones the server's index knows, in the same order")
    func sameNames() {
        #expect(TimelineRequest.intervals == TimelineInterval.allCases.map(\.rawValue))
    }
}
