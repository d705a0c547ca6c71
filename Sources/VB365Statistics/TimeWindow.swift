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

/// The time window of a report: sessions created between `start` and `end`, each bound as the
/// user gave it (or as the data gave it), included or not.
public struct TimeWindow: Hashable, Sendable {
    /// The start, as given: `--since`, or 24 hours before the end.
    public var start: Timestamp
    /// The end, as given: `--until`, or `now`.
    public var end: Timestamp
    /// True when a session created at `start` is inside (a `--since` bound), false when the
    /// window only reaches up to it (the default 24 hours up to now, that start excluded).
    public var startIncluded: Bool
    /// True when a session created at `end` is inside (the end is `now`),
    /// false for an `--until` bound, which the window reaches up to.
    public var endIncluded: Bool
    /// True when the user gave no bound: the 24 hours up to now, the same for every report of one
    /// run (split or not) whatever the data holds.
    public var isDefault: Bool

    /// The length of a window the user did not bound, and of one bounded only by `--until`: a
    /// day, so that a job that runs at the same time every day appears once.
    public static let defaultLengthSeconds = Seconds.day

    /// Creates a window; by default it holds its start and not its end.
    public init(
        start: Timestamp, end: Timestamp, startIncluded: Bool = true, endIncluded: Bool = false,
        isDefault: Bool = false
    ) {
        self.start = start
        self.end = end
        self.startIncluded = startIncluded
        self.endIncluded = endIncluded
        self.isDefault = isDefault
    }

    /// True when `time` is inside.
    public func contains(_ time: Timestamp) -> Bool { !isBeforeStart(time) && !isAfterEnd(time) }

    /// True when `time` comes before the window (the history its comparisons use).
    public func isBeforeStart(_ time: Timestamp) -> Bool { startIncluded ? time < start : time <= start }

    /// True when `time` comes after the window.
    public func isAfterEnd(_ time: Timestamp) -> Bool { endIncluded ? time > end : time >= end }

    /// The last instant inside: the end, or the tick before it when the end is excluded. Its
    /// date is the report's date (in titles and e-mail subjects).
    public var lastInstant: Timestamp { endIncluded ? end : Timestamp(ticks: end.ticks - 1) }

    /// The length in seconds.
    public var seconds: Double { end.seconds(since: start) }

    /// Resolves user bounds: `--until` defaults to `now` (included); a relative `--since` counts
    /// back from the window's end; with neither, the window is the 24 hours up to and including
    /// `now`, the start excluded. Never the data's newest session: every report of one run (the
    /// overview and each tenant's) has the same window, and a tenant's window tells nothing of
    /// another tenant's backups; an archive that stopped growing shows an empty day, its age said
    /// in the headline, never an old day presented as last night.
    public static func resolve(since: TimeBound?, until: TimeBound?, now: Timestamp) -> TimeWindow {
        if since == nil, until == nil {
            // (now - 24 h, now]: a job that runs at the same time every day appears once.
            return TimeWindow(
                start: now.adding(seconds: -defaultLengthSeconds), end: now, startIncluded: false, endIncluded: true,
                isDefault: true)
        }
        let end = until?.resolved(before: now) ?? now
        let start = since?.resolved(before: end) ?? end.adding(seconds: -defaultLengthSeconds)
        return TimeWindow(start: start, end: end, endIncluded: until == nil)
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
