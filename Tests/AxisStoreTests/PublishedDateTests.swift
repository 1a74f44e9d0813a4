import AxisStore
import Testing

/// Published dates: parsed, counted and printed with the calendar arithmetic the index uses
/// (`CivilDay`), so a date means the same day in the store and in the index.
@Suite("Published dates")
struct PublishedDateTests {
    @Test("real dates parse, print back the same, and count days from 1970 both ways")
    func roundTrips() throws {
        for text in ["1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2024-12-31", "0001-01-01", "9999-12-31", "1900-03-01"] {
            let date = try #require(PublishedDate(text), "\(text)")
            #expect(date.description == text)
            #expect(PublishedDate(millisecondsSinceEpoch: date.startMilliseconds) == date)
            // The last millisecond of the day before is that day.
            let before = PublishedDate(millisecondsSinceEpoch: date.startMilliseconds - 1)
            #expect(before.daysSinceEpoch == date.daysSinceEpoch - 1, "\(text)")
        }
        #expect(PublishedDate("1970-01-02")?.daysSinceEpoch == 1)
        #expect(PublishedDate("1969-12-31")?.daysSinceEpoch == -1)
        #expect(try #require(PublishedDate("2024-03-01")) > #require(PublishedDate("2024-02-29")))
    }

    @Test("days from year 1 to 9999 print as they parse")
    func everyDay() {
        // 0001-01-01 is day -719,162; 9999-12-31 day 2,932,896. A prime step meets every
        // month and both kinds of leap year.
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let date = PublishedDate(millisecondsSinceEpoch: Int64(days) * 86_400_000)
            #expect(date.daysSinceEpoch == days)
            #expect(PublishedDate(date.description) == date, "\(date)")
        }
    }

    @Test("what is not a date is refused", arguments: ["", "2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "+123-01-01", "2024-01-01 ", "2024/01/01", "２０２４-01-01", "2024-01-32"])
    func refusesNonDates(text: String) {
        #expect(PublishedDate(text) == nil)
    }
}
