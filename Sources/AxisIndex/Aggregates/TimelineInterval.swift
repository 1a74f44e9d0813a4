import AxisCalendar

/// The length of a timeline's periods. Weeks start on Monday (ISO 8601); months on the 1st.
public enum TimelineInterval: String, Sendable, CaseIterable {
    case day, week, month

    /// The first day of the period that holds `day` (days since 1970-01-01).
    func periodStart(_ day: Int32) -> Int32 {
        switch self {
        case .day:
            return day
        case .week:
            // 1970-01-01 was a Thursday: three days after a Monday.
            let sinceMonday = (Int64(day) + 3) % 7
            return Int32(Int64(day) - (sinceMonday < 0 ? sinceMonday + 7 : sinceMonday))
        case .month:
            let (year, month, _) = CivilDay.components(day)
            return Int32(CivilDay.days(year: year, month: month, day: 1))
        }
    }

    /// The first day of the period after the one starting on `start`.
    func nextStart(_ start: Int32) -> Int32 {
        switch self {
        case .day: return start + 1
        case .week: return start + 7
        case .month:
            let (year, month, _) = CivilDay.components(start)
            return Int32(month == 12 ? CivilDay.days(year: year + 1, month: 1, day: 1) : CivilDay.days(year: year, month: month + 1, day: 1))
        }
    }
}
