import VB365Model

/// Europe/Berlin wall-clock time as the EU rules give it (since 1996): UTC+1, and UTC+2 from
/// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. Days are
/// counted like `Timestamp.daysFromCivil`, from 1970-01-01.
enum BerlinTime {
    /// The offset from UTC, in seconds, at the instant `t`.
    static func offset(at t: Timestamp) -> Double {
        let year = t.civil.year
        let summerStarts = lastSunday(year: year, month: 3).adding(seconds: Seconds.hour)
        let summerEnds = lastSunday(year: year, month: 10).adding(seconds: Seconds.hour)
        return t >= summerStarts && t < summerEnds ? 7200 : 3600
    }

    /// Midnight UTC of the last Sunday of `month` (March or October: 31 days).
    static func lastSunday(year: Int, month: Int) -> Timestamp {
        let days = Timestamp.daysFromCivil(year: year, month: month, day: 31)
        return Timestamp(secondsSince1970: Int64(days - weekday(day: days)) * 86_400)
    }

    /// 0 for Sunday … 6 for Saturday, of a day counted from 1970-01-01 (a Thursday).
    static func weekday(day: Int) -> Int { ((day % 7) + 7 + 4) % 7 }

    /// The local day (counted from 1970-01-01) the instant `t` falls on in Berlin.
    static func day(of t: Timestamp) -> Int {
        let local = t.secondsSince1970 + offset(at: t)
        return Int((local / Seconds.day).rounded(.down))
    }

    /// The instant of `secondOfDay` on the local day `day` in Berlin; an hour that occurs twice
    /// (the night summer time ends) is taken in summer time.
    static func instant(day: Int, secondOfDay: Double) -> Timestamp {
        let local = Double(day) * Seconds.day + secondOfDay
        let epoch = Timestamp(ticks: 0)
        let summer = epoch.adding(seconds: local - 7200)
        return offset(at: summer) == 7200 ? summer : epoch.adding(seconds: local - Seconds.hour)
    }
}
