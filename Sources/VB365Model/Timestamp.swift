import VB365Support

/// A point in time in UTC, with the 100-nanosecond precision of the .NET ticks that VB365 sends.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Ticks of 100 ns since 1970-01-01T00:00:00Z.
    public var ticks: Int64

    /// Ticks in one second.
    public static let ticksPerSecond: Int64 = 10_000_000

    /// Creates a timestamp from ticks of 100 ns since the Unix epoch.
    public init(ticks: Int64) { self.ticks = ticks }

    /// Creates a timestamp from whole seconds since the Unix epoch.
    public init(secondsSince1970 seconds: Int64) { self.ticks = seconds * Self.ticksPerSecond }

    /// Seconds since the Unix epoch, with the fraction.
    public var secondsSince1970: Double { Double(ticks) / Double(Self.ticksPerSecond) }

    /// The earliest and latest times ISO 8601 can write with four-digit years.
    public static let minimumISO = Timestamp(year: 1, month: 1, day: 1)
    public static let maximumISO = Timestamp(ticks: Timestamp(year: 10_000, month: 1, day: 1).ticks - 1)

    /// The timestamp moved by a number of seconds, saturating at the ends of the representable range.
    public func adding(seconds: Double) -> Timestamp {
        let delta = (seconds * Double(Self.ticksPerSecond)).rounded()
        guard delta.isFinite, abs(delta) < 9.0e18 else { return Timestamp(ticks: delta < 0 ? .min / 2 : .max / 2) }
        let (sum, overflow) = ticks.addingReportingOverflow(Int64(delta))
        return overflow ? Timestamp(ticks: delta < 0 ? .min / 2 : .max / 2) : Timestamp(ticks: sum)
    }

    /// Seconds from `other` to `self` (negative when `self` is earlier).
    public func seconds(since other: Timestamp) -> Double {
        Double(ticks &- other.ticks) / Double(Self.ticksPerSecond)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.ticks < rhs.ticks }

    /// Creates a timestamp from civil UTC fields; `fractionTicks` is in 100 ns units.
    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        fractionTicks: Int64 = 0, offsetMinutes: Int = 0
    ) {
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        self.ticks = seconds * Self.ticksPerSecond + fractionTicks
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil UTC date and time of this timestamp.
    public var civil: CivilTime {
        let seconds = ticks >= 0 ? ticks / Self.ticksPerSecond : (ticks - Self.ticksPerSecond + 1) / Self.ticksPerSecond
        let fraction = ticks - seconds * Self.ticksPerSecond
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return CivilTime(
            year: year, month: month, day: day, hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60, fractionTicks: fraction)
    }

    /// ISO 8601 in UTC with `Z`, the fraction trimmed of trailing zeros (`2026-11-23T22:00:00.5Z`).
    public var iso8601: String {
        let c = civil
        var text =
            "\(Formatting.pad(c.year, 4))-\(Formatting.pad(c.month, 2))-\(Formatting.pad(c.day, 2))T\(Formatting.pad(c.hour, 2)):\(Formatting.pad(c.minute, 2)):\(Formatting.pad(c.second, 2))"
        if c.fractionTicks != 0 {
            var digits = Formatting.pad(Int(c.fractionTicks), 7)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }
}

/// Civil date and time fields in UTC.
public struct CivilTime: Hashable, Sendable {
    public var year, month, day, hour, minute, second: Int
    /// The fraction of the second in 100 ns units.
    public var fractionTicks: Int64
}

extension Timestamp {
    /// The first `yyyymmddThhmmssZ` in `text` (how `fetch` names the files of one run), if any.
    public static func firstStamp(in text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<from + count {
                let c = bytes[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(c - UInt8(ascii: "0"))
            }
            return v
        }
        for start in 0...(bytes.count - 16) {
            guard bytes[start + 8] == UInt8(ascii: "T"), bytes[start + 15] == UInt8(ascii: "Z"),
                let year = digits(start, 4), let month = digits(start + 4, 2), let day = digits(start + 6, 2),
                let hour = digits(start + 9, 2), let minute = digits(start + 11, 2), let second = digits(start + 13, 2),
                (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
                second < 60
            else { continue }
            return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }
        return nil
    }
}
