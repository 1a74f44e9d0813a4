import ArgumentParser
import Foundation

/// Times on the command line (`--as-of`): `2024-10-01` (the end of that day, UTC),
/// `2024-10-01T12:30:00Z` or with an offset, or milliseconds since 1970.
enum TimeArgument {
    static func milliseconds(_ text: String) -> Int64? {
        if let value = Int64(text), text.count > 10 { return value }
        if text.count == 10, let start = Self.date(text) {
            return Int64(start.timeIntervalSince1970 * 1000) + 86_400_000 - 1
        }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            // The day must exist whatever the offset (2024-02-30T12:00:00Z is refused too).
            guard text.count > 10, Self.date(String(text.prefix(10))) != nil else { return nil }
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        return nil
    }

    /// Checks an `--as-of` value (absent is fine).
    static func validateAsOf(_ text: String?) throws {
        if let text, Self.milliseconds(text) == nil {
            throw ValidationError("--as-of must be YYYY-MM-DD, an ISO 8601 time, or ms since 1970 (got '\(text)')")
        }
    }

    /// `YYYY-MM-DD` at midnight UTC; `nil` unless it is a real calendar date (Foundation's
    /// parser reads 2024-02-30 as March 1st: the text must come back unchanged).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return date
    }

    /// Milliseconds since 1970 as ISO 8601 UTC, to the second.
    static func format(milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
