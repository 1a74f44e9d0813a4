/// Calendar days for YYYY-MM-DD dates (proleptic Gregorian), without Foundation (days from
/// civil and back, after H. Hinnant). The one place dates are parsed and counted: the store's
/// published dates, the index's days and filters.
public enum CivilDay {
    /// Days since 1970-01-01 of a valid `YYYY-MM-DD`, else nil.
    public static func parse(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let days = Int32(self.days(year: year, month: month, day: day))
        // A day past the month's end (2024-02-30) would roll over: not a date.
        return self.format(days) == text ? days : nil
    }

    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD` of a day number.
    public static func format(_ days: Int32) -> String {
        let (year, month, day) = self.components(days)
        if (0...9999).contains(year) {
            // Ten ASCII digits and dashes written in place (a hit's day is formatted for every
            // hit of every page).
            return String(unsafeUninitializedCapacity: 10) { buffer in
                func put(_ value: Int, at end: Int, digits: Int) {
                    var rest = value
                    for position in stride(from: end, to: end - digits, by: -1) {
                        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                }
                put(year, at: 3, digits: 4)
                buffer[4] = UInt8(ascii: "-")
                put(month, at: 6, digits: 2)
                buffer[7] = UInt8(ascii: "-")
                put(day, at: 9, digits: 2)
                return 10
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Year, month (1...12) and day of the month of a day number (proleptic Gregorian).
    public static func components(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension CivilDay {
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The day that contains `milliseconds` since 1970-01-01 UTC (rounded down, also before
    /// 1970). Inlinable: a date filter asks it of every candidate without a published date.
    @inlinable
    public static func containing(millisecondsSinceEpoch milliseconds: Int64) -> Int32 {
        let day = Self.millisecondsPerDay
        return Int32(clamping: milliseconds >= 0 ? milliseconds / day : (milliseconds - (day - 1)) / day)
    }
}
