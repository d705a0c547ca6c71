import VB365Model
import VB365Text

// The months `run`'s monthly reports are about: the month a moment falls in, in the report's
// time zone, and the one before it.
extension ReportMonth: Comparable {
    /// The month `month` (1 to 12) of `year`.
    package init(year: Int, month: Int) {
        precondition((1...12).contains(month), "a month is 1 to 12")
        self.year = year
        self.month = month
    }

    /// The month `t` falls in, in `zone` (a month starts at midnight on its 1st there).
    package static func containing(_ t: Timestamp, in zone: LocalTime) -> ReportMonth {
        let local = Timestamp(ticks: t.ticks + Int64(zone.offset(at: t)) * Timestamp.ticksPerSecond).civil
        return ReportMonth(year: local.year, month: local.month)
    }

    /// The month before this one.
    package var previous: ReportMonth {
        month == 1 ? ReportMonth(year: year - 1, month: 12) : ReportMonth(year: year, month: month - 1)
    }

    package static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
