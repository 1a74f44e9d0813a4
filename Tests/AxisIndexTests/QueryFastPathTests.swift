import AxisCalendar
import Foundation
import Testing

@testable import AxisIndex

/// The short cuts a query takes for speed (issue 18) give exactly what the general code gives.
@Suite("Query fast paths agree with the general code")
struct QueryFastPathTests {
    @Test("plain words are cut by bytes exactly as the Character walk cuts them", arguments: [
        "russia", "North Korea drones", "shells AND drones", "a OR b NOT c", "  spaced   words  ", "KN23 Hwasong11", "", "   ",
        "and or not", "ANDroid ORbit",
    ])
    func plainWords(query: String) throws {
        #expect(QueryLexer.plainWords(query) != nil)
        #expect(try QueryLexer.tokens(query) == QueryLexer.characterTokens(query))
    }

    @Test("anything else still takes the Character walk (fields, quotes, minus, parentheses, non-ASCII)", arguments: [
        "entity:Russia", "\"ballistic missiles\"", "-drones", "(a OR b)", "Hwasong-11", "café", "shells\r\ndrones",
    ])
    func otherQueries(query: String) throws {
        #expect(QueryLexer.plainWords(query) == nil)
        // The same tokens; offsets differ only where characters are not bytes.
        #expect(try QueryLexer.tokens(query).map(\.kind) == QueryLexer.characterTokens(query).map(\.kind))
    }

    @Test("a day is written as YYYY-MM-DD, the same as by parts, across four centuries and the edges")
    func dayFormat() {
        func slow(_ days: Int32) -> String {
            let (year, month, day) = CivilDay.components(days)
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        for days in stride(from: Int32(-719_162), through: 2_932_896, by: 97) {
            #expect(CivilDay.format(days) == slow(days))
        }
        #expect(CivilDay.format(0) == "1970-01-01")
        #expect(CivilDay.format(-719_162) == "0001-01-01")
        #expect(CivilDay.format(2_932_896) == "9999-12-31")
        #expect(CivilDay.parse("2024-02-29") != nil)
        #expect(CivilDay.parse("2024-02-30") == nil)
    }

    @Test("page tokens are base64url without padding, byte for byte Foundation's with the alphabet swapped")
    func base64URL() {
        var random = SystemRandomNumberGenerator()
        for length in 0...41 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(ResumeToken.base64URL(bytes) == expected)
        }
    }
}
