import AxisCalendar
@testable import AxisIndex
import Testing

/// Timelines and co-occurrence on the query tests' corpus, where every count can be checked
/// by reading the fixtures.
@Suite("Aggregates: timeline and co-occurrence")
struct AggregateTests {
    static func day(_ text: String) throws -> Int32 { try #require(CivilDay.parse(text)) }

    @Test("periods start on Mondays and on the 1st, across month and year ends")
    func periods() throws {
        #expect(TimelineInterval.week.periodStart(try Self.day("2024-03-02")) == (try Self.day("2024-02-26")))
        #expect(TimelineInterval.week.periodStart(try Self.day("2024-02-26")) == (try Self.day("2024-02-26")))
        #expect(TimelineInterval.week.periodStart(try Self.day("2025-01-01")) == (try Self.day("2024-12-30")))
        #expect(TimelineInterval.week.periodStart(try Self.day("1969-12-31")) == (try Self.day("1969-12-29")))
        #expect(TimelineInterval.month.periodStart(try Self.day("2024-02-29")) == (try Self.day("2024-02-01")))
        #expect(TimelineInterval.month.nextStart(try Self.day("2024-12-01")) == (try Self.day("2025-01-01")))
        #expect(TimelineInterval.week.nextStart(try Self.day("2024-12-30")) == (try Self.day("2025-01-06")))
        #expect(TimelineInterval.day.nextStart(try Self.day("2024-02-28")) == (try Self.day("2024-02-29")))
    }

    @Test("a timeline counts documents and mentions per period, empty periods included")
    func timeline() throws {
        let index = try QueryEvaluationTests.index()
        let korea = try index.timeline("North Korea", interval: .month)
        // shells (2024-10-03), troops (2024-12-05); grain has no published date: stored on day 3 (1970).
        #expect(korea.documents == 3)
        let dated = try index.timeline("North Korea", interval: .month, since: "2024")
        #expect(dated.periods.map(\.start) == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01",
            "2024-08-01", "2024-09-01", "2024-10-01", "2024-11-01", "2024-12-01"])
        #expect(dated.periods.map(\.documents) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1])
        #expect(dated.documents == 2 && dated.entity.id == "country:north-korea")

        let open = try index.timeline("country:north-korea", interval: .month, since: "2024-10")
        #expect(open.periods.map(\.start) == ["2024-10-01", "2024-11-01", "2024-12-01"])
        let weeks = try index.timeline("Russia", interval: .week, since: "2024-10-01", until: "2024-11-03")
        #expect(weeks.periods.first?.start == "2024-09-30" && weeks.periods.last?.start == "2024-10-28")
        // shells (2024-10-03) and drones (2024-11-01).
        #expect(weeks.periods.map(\.documents).reduce(0, +) == 2 && weeks.periods.count == 5)
        let drones = try index.timeline("Russia", interval: .month, since: "2024", restriction: "drones")
        // Without --until, the periods end with the last document.
        #expect(drones.documents == 1 && drones.periods.first?.start == "2024-01-01" && drones.periods.last?.start == "2024-11-01")
    }

    @Test("as-of, unknown entities, bad dates and bad restrictions")
    func timelineQuestions() throws {
        let index = try QueryEvaluationTests.index()
        // Snapshot n was stored at ms n-1 (plus 3 days for grain): at ms 0 only the first exists.
        #expect(try index.timeline("Russia", interval: .day, asOf: 0).documents == 1)
        #expect(throws: AggregateError.unknownEntity("Atlantis")) { _ = try index.timeline("Atlantis", interval: .month) }
        #expect(throws: AggregateError.badDate(field: "since", text: "2024-13")) { _ = try index.timeline("Russia", interval: .month, since: "2024-13") }
        #expect {
            _ = try index.timeline("Russia", interval: .month, restriction: "drones (")
        } throws: { error in
            if case .restriction(let syntax) = error as? AggregateError { return syntax.offset == 8 }
            return false
        }
        #expect(throws: AggregateError.tooManyPeriods(EntityIndex.maxPeriods)) {
            _ = try index.timeline("Russia", interval: .day, since: "1900", until: "2024")
        }
    }

    @Test("co-occurrence counts each pair's shared documents, with the newest as examples")
    func cooccurrence() throws {
        let index = try QueryEvaluationTests.index()
        let result = try index.cooccurrence(["North Korea", "Russia", "Iran"], examples: 1)
        #expect(result.entities.map(\.id) == ["country:north-korea", "country:russia", "country:iran"])
        #expect(result.pairs.map { "\($0.first)+\($0.second)" } == [
            "country:north-korea+country:russia", "country:north-korea+country:iran", "country:russia+country:iran",
        ])
        // North Korea and Russia: shells and grain (troops names Kursk, not Russia).
        #expect(result.pairs[0].documents == 2 && result.pairs[0].examples == ["wire/shells"])
        #expect(result.pairs[1].documents == 0 && result.pairs[1].examples.isEmpty)
        #expect(result.documents == QueryEvaluationTests.corpus.count)
        let restricted = try index.cooccurrence(["North Korea", "Russia"], restriction: "grain")
        #expect(restricted.pairs[0].documents == 1 && restricted.pairs[0].examples == ["wire/grain"] && restricted.documents == 1)
        #expect(throws: AggregateError.unknownEntity("Atlantis")) { _ = try index.cooccurrence(["Russia", "Atlantis"]) }
    }
}
