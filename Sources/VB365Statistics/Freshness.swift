import VB365Model

/// Whether a job ran when it should have, and how old its last success is: a missing backup
/// must be louder than a failed one.
public struct Freshness: Hashable, Sendable {
    /// No run started when one was due.
    public struct Missed: Hashable, Sendable {
        /// The start of the job's last run, if any is known.
        public var lastRun: Timestamp?
        /// How often the job runs, in seconds.
        public var expectedInterval: Double
        /// What the expectation came from.
        public var basis: Basis
        /// When the next run was due (the server's `nextRun`, or the last run plus the interval).
        public var due: Timestamp?
    }

    /// Where the expected interval comes from.
    public enum Basis: String, Hashable, Sendable {
        /// The job's schedule (Daily, Workdays, Periodically every N hours, …).
        case schedule
        /// The server's `nextRun`, which has passed.
        case nextRun
        /// The usual gap between the job's runs in the data.
        case history
    }

    /// The last completed backup (Success or Warning) is older than the maximum age (the RPO),
    /// or there is none.
    public struct Stale: Hashable, Sendable {
        /// Seconds since the last completed backup ended; nil when the data holds none.
        public var ageSeconds: Double?
        /// The limit applied: `--max-age`, or the job's own interval when it runs less often.
        public var maximumAgeSeconds: Double
    }

    /// The newest session is still running far longer than the job's runs take: a hang is not
    /// "running".
    public struct Hung: Hashable, Sendable {
        /// The session that runs.
        public var sessionID: EntityID
        /// True when it is still queued rather than running.
        public var queued = false
        /// When it started.
        public var started: Timestamp
        /// Seconds it has been running, up to the time judged at.
        public var elapsedSeconds: Double
        /// The median duration of the job's recent completed runs; nil without enough of them.
        public var usualSeconds: Double?
        /// The 95th percentile of those durations; nil without enough of them.
        public var p95Seconds: Double?
        /// How many completed runs `usualSeconds` and `p95Seconds` come from.
        public var completedRuns: Int
        /// How long a run may take before it counts as hung: `SummaryOptions.hungFactor` × the
        /// p95, at least `SummaryOptions.hungMinimumSeconds`; without a history, a day at least.
        public var thresholdSeconds: Double
        /// `SummaryOptions.hungFactor`, as applied.
        public var factor: Double
        /// `SummaryOptions.hungMinimumSeconds`, as applied.
        public var minimumSeconds: Double
    }

    /// The run that did not happen, if one was due.
    public var missed: Missed?
    /// The last completed backup, when it is too old.
    public var stale: Stale?
    /// The run that has been going far longer than usual.
    public var hung: Hung?

    /// True when any finding is there.
    public var needsAttention: Bool { missed != nil || stale != nil || hung != nil }

    /// Creates an empty finding.
    public init(missed: Missed? = nil, stale: Stale? = nil, hung: Hung? = nil) {
        self.missed = missed
        self.stale = stale
        self.hung = hung
    }
}

/// Works out `Freshness` for one job from its schedule, the server's `nextRun`, and its runs.
struct FreshnessCheck {
    /// The run starts of the job (first attempts, not retries), oldest first.
    var runStarts: [Timestamp]
    /// The newest session start of any kind (a retry also shows the job is alive).
    var lastStart: Timestamp?
    /// True when that session is still running: a long run is not a missed one.
    var running: Bool
    /// The sessions still running or queued, oldest first: their ids and starts (judged for a
    /// hang; an old one left Running behind newer runs is the loudest).
    var runningSessions: [(id: EntityID, start: Timestamp, queued: Bool)] = []
    /// Durations of the job's completed sessions (Success or Warning), oldest first.
    var completedDurations: [Double] = []
    /// The job as the jobs file describes it (schedule, `nextRun`, `lastRun`), if one does.
    var job: Job?
    /// The end of the newest Success or Warning session (or the server's `lastBackup`).
    var lastGood: Timestamp?
    /// True when the data holds a session of the job created up to `reference`: one with sessions
    /// but no completed one is stale, one without any is left to the missed-run check.
    var hasSessions: Bool
    /// The time missed runs are judged at: the window's end, or now if earlier.
    var reference: Timestamp
    /// The oldest session start in all the data: a job with no session at all is reported only
    /// when the data reaches back further than its interval.
    var dataStart: Timestamp?
    /// `SummaryOptions.maximumAgeSeconds`: the RPO.
    var maximumAge: Double
    /// `SummaryOptions.hungFactor`.
    var hungFactor: Double
    /// `SummaryOptions.hungMinimumSeconds`.
    var hungMinimum: Double

    // MARK: Constants

    /// The least slack a run gets past its due time before it counts as missed: an hour, so that
    /// a run queued behind another job, or a server clock a few minutes off, raises no finding.
    static let minimumGraceSeconds = Seconds.hour
    /// The slack as a share of the interval, when that is more than `minimumGraceSeconds`: a
    /// tenth, so a weekly job gets most of a day rather than the hour a nightly job gets.
    static let graceFraction = 0.1
    /// How long the server's `nextRun` must have passed before it counts as missed: the same hour
    /// of slack as `minimumGraceSeconds`, since `nextRun` is the start the server planned.
    static let nextRunSlackSeconds = Seconds.hour
    /// A run that started up to this long before the server's `nextRun` is that run: ten minutes,
    /// as the server may start a job a little early, or its clock and `now` may differ.
    static let earlyStartSeconds = 10 * Seconds.minute
    /// The interval a passed `nextRun` reports when the job's own interval is unknown: a day, the
    /// most common backup schedule.
    static let fallbackIntervalSeconds = Seconds.day
    /// The widest offset of a time zone from UTC (UTC+14; UTC−12 is within it). The server's time
    /// zone is not known, so counting the days a Workdays or Weekends schedule skips starts and
    /// ends this far beyond the gap, which counts a skipped day too many rather than one too few.
    static let timeZoneMarginSeconds = 14 * Seconds.hour
    /// How many recent run starts the interval is inferred from when there is no schedule: about
    /// two weeks of a nightly job, so that a schedule changed long ago no longer counts.
    static let recentRunsForInterval = 15
    /// The fewest run starts an interval is inferred from: three, so there are two gaps and one
    /// odd gap alone does not set the expectation.
    static let minimumRunsForInterval = 3
    /// Gaps between run starts this short or shorter are not a schedule (a manual start beside a
    /// scheduled one); when only such gaps remain, no interval is inferred.
    static let shortestScheduleGapSeconds = Seconds.minute
    /// How many recent completed runs a hang is judged against: about a month of a nightly job,
    /// so a first full backup long ago no longer sets the bar, yet one slow week does not either.
    static let recentRunsForDuration = 30
    /// The fewest completed runs a usual duration is taken from: three, as for intervals.
    static let minimumRunsForDuration = 3
    /// How long a run of a job without such a history may take before it counts as hung: a day,
    /// as a first full backup of a large tenant can take that long, and a longer run also makes
    /// a nightly job stale.
    static let hungWithoutHistorySeconds = Seconds.day
    /// The weekday of 1970-01-01, day 0 of `Timestamp.daysFromCivil`: a Thursday (0 is Sunday).
    static let epochWeekday = 4

    // MARK: Evaluation

    /// The finding for the job: nothing for a disabled or manual-only job; else a missed run
    /// (unless one is running) and a stale last backup.
    func evaluate() -> Freshness {
        var result = Freshness()
        // A run can hang whatever the schedule; only missed and stale runs depend on it.
        result.hung = hung()
        if job?.isEnabled == false || job?.schedule?.type?.lowercased() == "manualonly" { return result }
        var check = self
        // The server's own `lastRun` counts too: the sessions read may not reach the newest run.
        if let serverLast = job?.lastRun, serverLast <= reference, serverLast > (lastStart ?? .minimumISO) {
            check.lastStart = serverLast
        }
        if !running { result.missed = check.missed() }
        // A job that runs less often than the maximum age is allowed its own interval.
        var limit = maximumAge
        if let (interval, _) = interval() { limit = max(limit, allowedGap(interval) + grace(interval)) }
        if let good = lastGood {
            let age = max(0, reference.seconds(since: good))
            if age > limit { result.stale = .init(ageSeconds: age, maximumAgeSeconds: limit) }
        } else if hasSessions {
            result.stale = .init(ageSeconds: nil, maximumAgeSeconds: limit)
        }
        return result
    }

    /// The oldest session still running or queued, if it has run longer than `hungFactor` × the
    /// p95 of the job's recent completed runs (at least `hungMinimum`), or longer than a day when
    /// there are too few: the newest one, or one left Running behind newer runs.
    func hung() -> Freshness.Hung? {
        guard let (id, start, queued) = runningSessions.first else { return nil }
        let elapsed = reference.seconds(since: start)
        let recent = Array(completedDurations.suffix(Self.recentRunsForDuration))
        let usual = recent.count >= Self.minimumRunsForDuration ? Distribution(recent) : nil
        let threshold =
            usual.map { max(hungMinimum, hungFactor * $0.p95) }
            ?? max(hungMinimum, Self.hungWithoutHistorySeconds)
        guard elapsed > threshold else { return nil }
        return .init(
            sessionID: id, queued: queued, started: start, elapsedSeconds: elapsed, usualSeconds: usual?.median,
            p95Seconds: usual?.p95, completedRuns: usual?.count ?? recent.count, thresholdSeconds: threshold,
            factor: hungFactor, minimumSeconds: hungMinimum)
    }

    /// The missed run, if any: the server's `nextRun` passed with no run since, or no run started
    /// within the job's interval (plus the days its schedule skips, plus `grace`).
    func missed() -> Freshness.Missed? {
        // The server's own expectation: a nextRun that passed with no run since.
        if let next = job?.nextRun, next.adding(seconds: Self.nextRunSlackSeconds) < reference {
            let ranSince = lastStart.map { $0 >= next.adding(seconds: -Self.earlyStartSeconds) } ?? false
            if !ranSince {
                return .init(
                    lastRun: lastStart, expectedInterval: interval()?.seconds ?? Self.fallbackIntervalSeconds,
                    basis: .nextRun, due: next)
            }
        }
        guard let (interval, basis) = interval() else { return nil }
        let allowed = allowedGap(interval)
        let slack = grace(interval)
        guard let last = lastStart else {
            // Never ran: only a finding when the data covers more than one interval, and the
            // server does not say the first run is still to come.
            if let next = job?.nextRun, next > reference { return nil }
            guard let start = dataStart, reference.seconds(since: start) > allowed + slack else { return nil }
            return .init(lastRun: nil, expectedInterval: interval, basis: basis, due: nil)
        }
        guard reference.seconds(since: last) > allowed + slack else { return nil }
        return .init(lastRun: last, expectedInterval: interval, basis: basis, due: last.adding(seconds: allowed))
    }

    /// The job's interval: from its schedule, else the median gap between its last runs (at
    /// least three of them).
    func interval() -> (seconds: Double, basis: Freshness.Basis)? {
        if let schedule = job?.schedule {
            switch schedule.type?.lowercased() {
            case "daily"?:
                switch schedule.dailyType?.lowercased() {
                case "monday"?, "tuesday"?, "wednesday"?, "thursday"?, "friday"?, "saturday"?, "sunday"?:
                    return (Seconds.week, .schedule)
                default: return (Seconds.day, .schedule)
                }
            case "periodically"?:
                if let every = schedule.periodicallyEvery, let seconds = Self.seconds(every) {
                    return (seconds, .schedule)
                }
            default: break
            }
        }
        // Without a schedule, the longest of the recent gaps: generous, so that a job that skips
        // weekends is not missed every Monday.
        let recent = runStarts.suffix(Self.recentRunsForInterval)
        guard recent.count >= Self.minimumRunsForInterval else { return nil }
        var between = zip(recent, recent.dropFirst()).map { $1.seconds(since: $0) }
        // The gap up to the newest start may be the outage itself (a job that stopped for days and
        // ran once again): it must not stretch the expectation, so it counts only when too few
        // others are left.
        if between.count > Self.minimumRunsForInterval { between.removeLast() }
        let gaps = between.filter { $0 > Self.shortestScheduleGapSeconds }.sorted()
        guard let longest = gaps.last else { return nil }
        return (longest, .history)
    }

    /// The slack a run of `interval` gets past its due time: `minimumGraceSeconds`, or
    /// `graceFraction` of the interval when that is longer.
    func grace(_ interval: Double) -> Double {
        max(Self.minimumGraceSeconds, interval * Self.graceFraction)
    }

    /// The longest gap the schedule allows before `reference`: the interval, plus whole days
    /// that a Workdays or Weekends schedule skips (counted generously, as the server's time zone
    /// is not known).
    func allowedGap(_ interval: Double) -> Double {
        guard interval == Seconds.day, let type = job?.schedule?.dailyType?.lowercased(),
            type == "workdays" || type == "weekends", let last = lastStart
        else { return interval }
        var skipped = 0.0
        var day = last.adding(seconds: -Self.timeZoneMarginSeconds)
        let end = reference.adding(seconds: Self.timeZoneMarginSeconds)
        while day < end {
            let weekday = Self.weekday(day)
            let weekend = weekday == 0 || weekday == 6
            if weekend == (type == "workdays") { skipped += 1 }
            day = day.adding(seconds: Seconds.day)
        }
        return interval * (1 + skipped)
    }

    /// 0 for Sunday … 6 for Saturday (UTC).
    static func weekday(_ t: Timestamp) -> Int {
        let c = t.civil
        let days = Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day)
        return ((days % 7) + 7 + epochWeekday) % 7
    }

    /// `Minutes30` → 1800, `Hours4` → 14400.
    static func seconds(_ every: String) -> Double? {
        let lower = every.lowercased()
        for (prefix, unit) in [("minutes", Seconds.minute), ("hours", Seconds.hour)] where lower.hasPrefix(prefix) {
            if let n = Double(lower.dropFirst(prefix.count)), n > 0 { return n * unit }
        }
        return nil
    }
}
