/// Parses the ISO 8601 timestamps VB365 sends: 0 to 7 (or more, truncated) fractional digits,
/// `Z`, an offset such as `-07:00`, or no zone at all (read as UTC).
public enum TimestampParser {
    /// The result of parsing a timestamp text.
    public enum Result: Equatable, Sendable {
        case time(Timestamp)
        /// `0001-01-01T00:00:00`: .NET's `DateTime.MinValue`, meaning "no time".
        case minimum
        case invalid
    }

    /// Parses ASCII bytes.
    package static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result {
        let n = b.count
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let d = b[i + k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2)
        else { return .invalid }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction: Int64 = 0
        if i < n, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = digits(2), expect(UInt8(ascii: ":")), let m = digits(2) else { return .invalid }
            hour = h
            minute = m
            if expect(UInt8(ascii: ":")) {
                guard let s = digits(2) else { return .invalid }
                second = s
                if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    var count = 0
                    while i < n, case let d = b[i] &- UInt8(ascii: "0"), d < 10 {
                        if count < 7 { fraction = fraction * 10 + Int64(d) }
                        count += 1
                        i += 1
                    }
                    guard count > 0 else { return .invalid }
                    for _ in min(count, 7)..<7 { fraction *= 10 }
                }
            }
        }
        var offsetMinutes = 0
        if i < n {
            let c = b[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let oh = digits(2) else { return .invalid }
                let om: Int
                if expect(UInt8(ascii: ":")) {
                    guard let minutes = digits(2) else { return .invalid }
                    om = minutes
                } else {
                    om = digits(2) ?? 0
                }
                guard oh <= 23, om <= 59 else { return .invalid }
                offsetMinutes = (oh * 60 + om) * (c == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard i == n, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour <= 24,
            minute <= 59, second <= 60, !(hour == 24 && (minute != 0 || second != 0 || fraction != 0))
        else { return .invalid }
        if year == 1 && month == 1 && day == 1 { return .minimum }
        let t = Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59),
            fractionTicks: fraction, offsetMinutes: offsetMinutes)
        // Only years 1 to 9999 (in UTC) can be written back as ISO 8601.
        guard t >= Timestamp.minimumISO, t <= Timestamp.maximumISO else { return .invalid }
        return .time(t)
    }

    /// Parses a string.
    public static func parse(_ text: String) -> Result {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
