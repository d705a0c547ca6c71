/// Lengths of time in seconds, the unit of `Timestamp.adding(seconds:)`, of the options and of
/// the findings: named so that a figure such as `14 * Seconds.hour` reads as what it is.
enum Seconds {
    /// One minute.
    static let minute = 60.0
    /// One hour.
    static let hour = 3600.0
    /// One day (UTC: a day of the server's time zone may differ by an hour at a DST change).
    static let day = 86_400.0
    /// One week.
    static let week = 7 * day
}
