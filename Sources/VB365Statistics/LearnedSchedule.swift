import VB365Model

/// A job's schedule as learned from its runs, when the jobs list does not give one: the typical
/// interval of the gaps that agree (never the outliers: a pause, an outage, a manual start), and
/// for a job that runs once a day, the weekdays it runs on. Only regular runs teach a schedule:
/// ad-hoc runs have none, and a job is never missed against a schedule guessed from them.
public struct LearnedSchedule: Hashable, Sendable {
    /// The typical gap between runs, in seconds: exactly a day or a week when the gaps agree on
    /// one (a DST change or jitter moves single runs, not the schedule).
    public var intervalSeconds: Double
    /// For a job that runs once a day: whether it runs on each weekday (0 Sunday … 6 Saturday,
    /// the UTC day of its usual start time); nil for a weekday the runs learned from have not
    /// covered yet. Nil for any other interval.
    public var weekdays: [Bool?]?
    /// The slack a run gets past its due time: the larger of `minimumGrace` and four times the
    /// typical deviation of the agreeing gaps from the interval, at most a quarter of the interval.
    public var graceSeconds: Double
    /// How many gaps agreed on the interval, and how many there were.
    public var agreeingGaps: Int
    /// The gaps looked at.
    public var gaps: Int

    // MARK: Constants

    /// How far back runs teach the schedule: five weeks, so each weekday is seen several times,
    /// and a schedule changed long ago no longer counts.
    static let learningSeconds = 35 * Seconds.day
    /// At most this many recent starts are looked at (a job every 5 minutes has thousands).
    static let maximumStarts = 400
    /// The fewest gaps that must agree before a schedule is said to be known: four, so that three
    /// runs at similar gaps by chance do not make a manual job scheduled.
    static let minimumAgreeingGaps = 4
    /// The fewest regular runs a schedule is learned from: one more than the agreeing gaps.
    public static let runsToLearn = minimumAgreeingGaps + 1
    /// The share of the gaps that must agree: 60 %, so a weekdays-only job (4 of 5 gaps a day) and
    /// a nightly job with a manual re-run now and then are regular, and ad-hoc runs are not.
    static let agreeingShare = 0.6
    /// A gap agrees with the interval when it is within this share of it …
    static let agreementFraction = 0.2
    /// … or within this many seconds, when that is more: a quarter of an hour.
    static let agreementSeconds = 15 * Seconds.minute
    /// Starts this close are one run (a duplicate, or a manual start beside a scheduled one).
    static let sameRunSeconds = Seconds.minute
    /// A typical gap in this range is a day (a day of the server's zone may have 23 or 25 hours).
    static let dayRange = (20 * Seconds.hour)...(28 * Seconds.hour)
    /// A typical gap in this range is a week.
    static let weekRange = (6.5 * Seconds.day)...(7.5 * Seconds.day)
    /// The least grace: an hour, so a run queued behind another job is not missed …
    static let minimumGrace = Seconds.hour
    /// … and 90 minutes for a daily or weekly job, whose start moves by an hour at a DST change.
    static let minimumDailyGrace = 1.5 * Seconds.hour
    /// A weekday counts as a run day when the job ran on at least this share of the times the
    /// runs learned from covered it: a day missed in an outage does not unlearn it, one manual
    /// run on a Saturday does not make a weekdays job run on Saturdays.
    static let runDayShare = 0.5

    /// Why no schedule could be learned.
    public enum Unknown: Hashable, Sendable {
        /// Too few runs yet: a schedule needs `minimumAgreeingGaps` agreeing gaps.
        case learning(runs: Int)
        /// The runs have no regular interval (ad-hoc or manual runs).
        case irregular(runs: Int)
    }

    /// What the runs teach: a schedule, or why there is none.
    enum Learning {
        case learned(LearnedSchedule)
        case unknown(Unknown)
    }

    /// The schedule `starts` (the job's run starts, oldest first; not retries) follow, or why
    /// there is none.
    static func learn(_ starts: [Timestamp]) -> Learning {
        guard let last = starts.last else { return .unknown(.learning(runs: 0)) }
        let from = last.adding(seconds: -learningSeconds)
        var recent: [Timestamp] = []
        for start in starts.suffix(maximumStarts) where start >= from {
            if let previous = recent.last, start.seconds(since: previous) <= sameRunSeconds { continue }
            recent.append(start)
        }
        let gaps = zip(recent, recent.dropFirst()).map { $1.seconds(since: $0) }
        guard gaps.count >= minimumAgreeingGaps else { return .unknown(.learning(runs: recent.count)) }
        var sorted = gaps.sorted()
        let typical = Distribution.median(selecting: &sorted) ?? 0
        func agrees(_ gap: Double, _ interval: Double) -> Bool {
            abs(gap - interval) <= max(agreementSeconds, agreementFraction * interval)
        }
        let agreeing = gaps.filter { agrees($0, typical) }
        guard agreeing.count >= minimumAgreeingGaps, Double(agreeing.count) >= agreeingShare * Double(gaps.count)
        else {
            return .unknown(.irregular(runs: recent.count))
        }
        var agreeingSorted = agreeing.sorted()
        var interval = Distribution.median(selecting: &agreeingSorted) ?? typical
        let isDaily = dayRange.contains(interval)
        if isDaily { interval = Seconds.day } else if weekRange.contains(interval) { interval = Seconds.week }
        // The jitter: how far gaps that are whole numbers of intervals stray from them.
        var deviations = gaps.compactMap { gap -> Double? in
            let slots = (gap / interval).rounded()
            guard slots >= 1 else { return nil }
            let deviation = abs(gap - slots * interval)
            return deviation <= max(agreementSeconds, agreementFraction * interval) ? deviation : nil
        }
        let jitter = Distribution.median(selecting: &deviations) ?? 0
        let least = interval >= Seconds.day ? minimumDailyGrace : minimumGrace
        let grace = min(max(least, 4 * jitter), max(least, interval / 4))
        return .learned(
            LearnedSchedule(
                intervalSeconds: interval, weekdays: isDaily ? runDays(recent) : nil, graceSeconds: grace,
                agreeingGaps: agreeing.count, gaps: gaps.count))
    }

    /// For each weekday, whether a daily job runs on it: the days are counted at the job's last
    /// start time (a day runs from 12 hours before it to 12 hours after, so jitter and a DST
    /// change keep a run on its day), from the first start to the last.
    static func runDays(_ starts: [Timestamp]) -> [Bool?] {
        guard let first = starts.first, let last = starts.last else { return Array(repeating: nil, count: 7) }
        let phase = Self.secondsIntoDay(last)
        var ran = Set<Int>()
        for start in starts { ran.insert(dayNumber(start, phase: phase)) }
        var covered = Array(repeating: 0, count: 7)
        var withRun = Array(repeating: 0, count: 7)
        let (from, to) = (dayNumber(first, phase: phase), dayNumber(last, phase: phase))
        if from <= to {
            for day in from...to {
                let weekday = weekday(ofDay: day)
                covered[weekday] += 1
                if ran.contains(day) { withRun[weekday] += 1 }
            }
        }
        return (0..<7).map { w in
            covered[w] == 0 ? nil : Double(withRun[w]) >= runDayShare * Double(covered[w])
        }
    }

    /// When the next run after one that started at `last` is due (before the grace), or nil when
    /// it falls on a weekday the runs have not covered yet (the pattern is not known there), unless
    /// `skippingUnseen`: then such days count as days without a run (the lenient reading, for the
    /// age limit, so a weekdays job in its first week is not stale over its first weekend).
    func nextDue(after last: Timestamp, skippingUnseen: Bool = false) -> Timestamp? {
        guard let weekdays else { return last.adding(seconds: intervalSeconds) }
        let today = Self.dayNumber(last, phase: Self.secondsIntoDay(last))
        for offset in 1...7 {
            switch weekdays[Self.weekday(ofDay: today + offset)] {
            case true?: return last.adding(seconds: Double(offset) * Seconds.day)
            case false?: continue
            case nil: if !skippingUnseen { return nil }
            }
        }
        return nil
    }

    /// The number of the day (since 1970-01-01) that `t` belongs to, when days are centred on
    /// the time of day `phase` (seconds after midnight UTC).
    static func dayNumber(_ t: Timestamp, phase: Double) -> Int {
        let seconds = t.secondsSince1970 - phase + 12 * Seconds.hour
        return Int((seconds / Seconds.day).rounded(.down))
    }

    /// Seconds after midnight UTC of `t`.
    static func secondsIntoDay(_ t: Timestamp) -> Double {
        let seconds = t.secondsSince1970
        return seconds - (seconds / Seconds.day).rounded(.down) * Seconds.day
    }

    /// 0 for Sunday … 6 for Saturday, of day number `day` (1970-01-01, day 0, was a Thursday).
    static func weekday(ofDay day: Int) -> Int { ((day % 7) + 7 + 4) % 7 }
}
