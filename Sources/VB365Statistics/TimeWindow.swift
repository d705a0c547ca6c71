import VB365Model

/// One end of a time window as the user gave it: a timestamp, or a duration counted back.
public enum TimeBound: Hashable, Sendable {
    case absolute(Timestamp)
    /// Seconds before the reference point (`--until` for `--since`, now for `--until`).
    case before(seconds: Double)

    /// Parses `24h`, `7d`, `90m`, `2w`, `30s`, combinations such as `1d12h`, or an ISO 8601
    /// timestamp (`2026-11-20`, `2026-11-20T06:00:00Z`, `2026-11-20T06:00:00+01:00`).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: " ")
        if let seconds = TimeBound.parseDuration(trimmed) {
            self = .before(seconds: seconds)
            return
        }
        if case .time(let t) = TimestampText.parse(trimmed) {
            self = .absolute(t)
            return
        }
        return nil
    }

    static func parseDuration(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in text {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch c {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86_400
            case "w": total += value * 604_800
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0 else { return nil }
        return total
    }
}

/// The time window of a report: sessions created at or after `start` and before `end`.
public struct TimeWindow: Hashable, Sendable {
    public var start: Timestamp
    public var end: Timestamp
    /// True when the window was chosen from the data (24 hours up to the newest session).
    public var isDefault: Bool

    /// Creates a window.
    public init(start: Timestamp, end: Timestamp, isDefault: Bool = false) {
        self.start = start
        self.end = end
        self.isDefault = isDefault
    }

    /// True when `time` is inside.
    public func contains(_ time: Timestamp) -> Bool { time >= start && time < end }

    /// The length in seconds.
    public var seconds: Double { end.seconds(since: start) }

    /// Resolves user bounds: `--until` defaults to `now`; a relative `--since` counts back from
    /// the window's end; with neither, the window is the 24 hours up to and including the newest
    /// session (`newest`), the start excluded, or the 24 hours before `now` when there is no session.
    public static func resolve(since: TimeBound?, until: TimeBound?, now: Timestamp, newest: Timestamp?) -> TimeWindow {
        if since == nil, until == nil {
            // (newest - 24 h, newest]: a job that runs at the same time every day appears once.
            let newest = newest ?? now
            return TimeWindow(
                start: Timestamp(ticks: newest.ticks - 86_400 * Timestamp.ticksPerSecond + 1),
                end: Timestamp(ticks: newest.ticks + 1), isDefault: true)
        }
        let end: Timestamp
        switch until {
        case .absolute(let t)?: end = t
        case .before(let s)?: end = now.adding(seconds: -s)
        case nil: end = Timestamp(ticks: now.ticks + 1)
        }
        let start: Timestamp
        switch since {
        case .absolute(let t)?: start = t
        case .before(let s)?: start = end.adding(seconds: -s)
        case nil: start = end.adding(seconds: -86_400)
        }
        return TimeWindow(start: start, end: end)
    }
}

/// Timestamp parsing for command-line values (the decoder's parser lives in VB365Decoding,
/// which this stage does not depend on).
enum TimestampText {
    enum Result { case time(Timestamp), invalid }

    static func parse(_ text: String) -> Result {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 10 else { return .invalid }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        guard date.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]), first.count == 10 else {
            return .invalid
        }
        guard parts.count == 2 else { return .time(Timestamp(year: date[0], month: date[1], day: date[2])) }
        var clock = parts[1]
        var offset = 0
        if clock.hasSuffix("Z") || clock.hasSuffix("z") {
            clock.removeLast()
        } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = clock[clock.index(after: sign)...].split(separator: ":").compactMap { Int($0) }
            guard zone.count >= 1, zone.count <= 2 else { return .invalid }
            offset = (zone[0] * 60 + (zone.count == 2 ? zone[1] : 0)) * (clock[sign] == "-" ? -1 : 1)
            clock = String(clock[..<sign])
        }
        let fields = clock.split(separator: ":").map(String.init)
        guard fields.count >= 2, fields.count <= 3, let h = Int(fields[0]), let m = Int(fields[1]), h < 24, m < 60
        else {
            return .invalid
        }
        var seconds = 0.0
        if fields.count == 3 {
            guard let s = Double(fields[2]), s >= 0, s < 61 else { return .invalid }
            seconds = s
        }
        let whole = Int(seconds)
        let fraction = Int64(((seconds - Double(whole)) * 1e7).rounded())
        return .time(
            Timestamp(
                year: date[0], month: date[1], day: date[2], hour: h, minute: m, second: whole, fractionTicks: fraction,
                offsetMinutes: offset))
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
