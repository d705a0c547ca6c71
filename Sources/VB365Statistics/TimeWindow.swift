import VB365Model

/// One end of a time window as the user gave it: a timestamp, or a duration counted back.
public enum TimeBound: Hashable, Sendable {
    /// A point in time.
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
        if trimmed.count >= 10, case .time(let t) = TimestampParser.parse(trimmed) {
            self = .absolute(t)
            return
        }
        return nil
    }

    /// The longest duration accepted, in seconds: about 3,000 years, enough for any retention,
    /// and far from overflowing `Timestamp` ticks.
    static let longestDurationSeconds = 1e11

    /// The seconds of a duration such as `1d12h`, or nil when `text` is not one.
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
            case "m": total += value * Seconds.minute
            case "h": total += value * Seconds.hour
            case "d": total += value * Seconds.day
            case "w": total += value * Seconds.week
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total > 0, total < longestDurationSeconds else { return nil }
        return total
    }
}

/// The time window of a report: sessions created at or after `start` and before `end`.
public struct TimeWindow: Hashable, Sendable {
    /// The first instant inside.
    public var start: Timestamp
    /// The first instant after the window.
    public var end: Timestamp
    /// True when the window was chosen from the data (24 hours up to the newest session).
    public var isDefault: Bool

    /// The length of a window the user did not bound, and of one bounded only by `--until`: a
    /// day, so that a job that runs at the same time every day appears once.
    static let defaultLengthSeconds = Seconds.day

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
                start: Timestamp(ticks: newest.ticks - Int64(defaultLengthSeconds) * Timestamp.ticksPerSecond + 1),
                end: Timestamp(ticks: newest.ticks + 1), isDefault: true)
        }
        let end = until?.resolved(before: now) ?? Timestamp(ticks: now.ticks + 1)
        let start = since?.resolved(before: end) ?? end.adding(seconds: -defaultLengthSeconds)
        return TimeWindow(start: start, end: end)
    }
}

extension TimeBound {
    /// The moment this bound names: the timestamp, or the duration counted back from `reference`.
    public func resolved(before reference: Timestamp) -> Timestamp {
        switch self {
        case .absolute(let t): return t
        case .before(let seconds): return reference.adding(seconds: -seconds)
        }
    }
}

extension String {
    /// The string without `set` at either end (Foundation's version needs a `CharacterSet`).
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
