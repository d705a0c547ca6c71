/// Lengths of time in seconds, the unit of `Timestamp.adding(seconds:)`, of the options and of
/// the findings: named so that a figure such as `14 * Seconds.hour` reads as what it is.
public enum Seconds {
    /// One minute.
    public static let minute = 60.0
    /// One hour.
    public static let hour = 3600.0
    /// One day (UTC: a day of the server's time zone may differ by an hour at a DST change).
    public static let day = 86_400.0
    /// One week.
    public static let week = 7 * day

    /// A length as it is typed in an option or a configuration file: `24h`, `26h`, `30d`, `90m`,
    /// `45s` (the largest of days, hours and minutes that divides it; a day is `24h`).
    public static func typed(_ seconds: Double) -> String {
        for (unit, length) in [("d", day), ("h", hour), ("m", minute)]
        where seconds >= length && seconds.truncatingRemainder(dividingBy: length) == 0
            && !(unit == "d" && seconds == day)
        {
            return whole(seconds / length) + unit
        }
        return whole(seconds) + "s"
    }

    private static func whole(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
