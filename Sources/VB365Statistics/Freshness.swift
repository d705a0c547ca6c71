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
        /// The limit applied: the RPO set for the job or its organization, else `--max-age` or the
        /// job's own interval when it runs less often.
        public var maximumAgeSeconds: Double
        /// True when the limit is an RPO set for the job or its organization.
        public var isSetForJob = false
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

    /// What the tool knows of the job's schedule, and where from: the expectation missed runs
    /// and the maximum age are judged against.
    public enum Schedule: Hashable, Sendable {
        /// The jobs list says no run is expected: the job is disabled or runs manually only.
        case notExpected
        /// The jobs list's schedule, every `intervalSeconds` (Daily, Periodically, a weekday).
        case server(intervalSeconds: Double)
        /// Learned from the job's regular runs (no schedule in the data).
        case learned(LearnedSchedule)
        /// Not known yet: too few runs, or the runs have no regular interval. Never missed; stale
        /// only against an RPO set for the job or its organization.
        case unknown(LearnedSchedule.Unknown)
    }

    /// Consecutive runs of the job (the newest ones, up to the time judged at) that ended with the
    /// same status, Warning or Failed: a warning every night reads as a streak, not as one warning.
    public struct Streak: Hashable, Sendable {
        /// `.warning` or `.failed`.
        public var status: SessionStatus
        /// How many runs in a row.
        public var runs: Int
        /// The start of the first of them.
        public var since: Timestamp
        /// `SummaryOptions.warningStreakLimit`: from this many warnings in a row, the job counts
        /// at the failed level.
        public var limit: Int

        /// True for a streak of warnings that reached `limit`: it counts as a failure in
        /// `--fail-on`, `check` and the headline.
        public var escalates: Bool { status == .warning && runs >= limit }
    }

    /// What is known of the job's schedule.
    public var schedule: Schedule = .unknown(.learning(runs: 0))
    /// The median duration of the job's recent completed runs (what a run still going is measured
    /// against); nil with fewer than 3 of them.
    public var usualRunSeconds: Double?
    /// How many completed runs the job has up to the time judged at (0: its first run is still
    /// to finish, such as a first full backup).
    public var completedRuns = 0
    /// The newest runs' streak of warnings or failures (two runs or more), if any.
    public var streak: Streak?
    /// The run that did not happen, if one was due.
    public var missed: Missed?
    /// The last completed backup, when it is too old.
    public var stale: Stale?
    /// The run that has been going far longer than usual.
    public var hung: Hung?
    /// Runs the schedule expected in the window (due, with their grace, between its start and the
    /// time judged at) that never started: counted against the success rate. 0 when the schedule
    /// is not known or the job is not expected to run.
    public var missedRuns = 0

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
    /// For each of `runStarts`, until when that run (its first attempt and retries) kept the job
    /// busy: its latest end; nil while it still runs.
    var runEnds: [Timestamp?] = []
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
    /// The time missed runs are judged at: the window's end, or now if earlier.
    var reference: Timestamp
    /// The oldest session start in all the data: a job with no session at all is reported only
    /// when the data reaches back further than its interval.
    var dataStart: Timestamp?
    /// `SummaryOptions.maximumAgeSeconds`: the RPO of every job with a known schedule.
    var maximumAge: Double
    /// `SummaryOptions.hungFactor`.
    var hungFactor: Double
    /// `SummaryOptions.hungMinimumSeconds`.
    var hungMinimum: Double
    /// The RPO set for this job or its organization (`SummaryOptions.objectives`), which wins over
    /// `maximumAge` and is the only limit of a job whose schedule is not known.
    var objective: Double? = nil
    /// The window's start: runs due from then to `reference` that never started are counted
    /// (`Freshness.missedRuns`); nil counts none.
    var windowStart: Timestamp? = nil

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
    /// How many recent completed runs a hang is judged against: about a month of a nightly job,
    /// so a first full backup long ago no longer sets the bar, yet one slow week does not either.
    static let recentRunsForDuration = 30
    /// The fewest completed runs a usual duration is taken from: three.
    static let minimumRunsForDuration = 3
    /// How long a run of a job without such a history may take before it counts as hung: a day,
    /// as a first full backup of a large tenant can take that long, and a longer run also makes
    /// a nightly job stale.
    static let hungWithoutHistorySeconds = Seconds.day
    /// The weekday of 1970-01-01, day 0 of `Timestamp.daysFromCivil`: a Thursday (0 is Sunday).
    static let epochWeekday = 4

    // MARK: Evaluation

    /// The finding for the job: a hang whatever the schedule; for a disabled job nothing else;
    /// for a manual-only job or one whose schedule is not known, staleness against an RPO set for
    /// it only; else a missed run (unless one is running) and a stale last backup.
    func evaluate() -> Freshness {
        var result = Freshness()
        // A run can hang whatever the schedule; only missed and stale runs depend on it.
        result.hung = hung()
        result.completedRuns = completedDurations.count
        let recent = Array(completedDurations.suffix(Self.recentRunsForDuration))
        if recent.count >= Self.minimumRunsForDuration { result.usualRunSeconds = Distribution(recent)?.median }
        if job?.isEnabled == false {
            result.schedule = .notExpected
            return result
        }
        var check = self
        // The server's own `lastRun` counts too: the sessions read may not reach the newest run.
        if let serverLast = job?.lastRun, serverLast <= reference, serverLast > (lastStart ?? .minimumISO) {
            check.lastStart = serverLast
        }
        result.schedule = schedule()
        if !running { result.missed = check.missed(result.schedule) }
        result.stale = check.stale(result.schedule, hung: result.hung != nil)
        result.missedRuns = check.missedRuns(result.schedule, missed: result.missed)
        return result
    }

    /// The most slots one gap between runs is walked through, weekday by weekday: past this (a
    /// weekdays job stopped for years in a window of years) the count stops, a lower bound.
    static let maximumSlotsWalked = 10_000

    /// How many runs the schedule expected between `windowStart` and `reference` that never
    /// started. In each gap between runs (the one reaching into the window included), a slot of
    /// the schedule is missed when it fell due after the earlier run had ended (a run still going,
    /// a long first full backup, covers the slots it spans), passed its grace before the next run
    /// started, and is not the slot that next run fills (the last one due before it, with grace:
    /// a late start is that run, not a missed one). After the last run, the slots up to
    /// `reference` whose grace has passed, unless that run is still going. A job that never ran
    /// (the data and the server's `lastRun` hold no run) counts the slots since the data began.
    /// The slots of a Workdays or Weekends schedule within a day of the weekend's edge are not
    /// counted, as the server's time zone is not known; a learned schedule stops at a weekday its
    /// runs have not covered. Never fewer than the one `missed` run when that is due in the window.
    func missedRuns(_ schedule: Freshness.Schedule, missed: Freshness.Missed?) -> Int {
        guard let windowStart, windowStart < reference else { return 0 }
        let slots: Slots
        switch schedule {
        case .notExpected, .unknown: return 0
        case .server(let interval): slots = .server(interval: interval, grace: grace(interval), check: self)
        case .learned(let learned): slots = .learned(learned)
        }
        // Each run's start, and until when it kept the job busy (nil: it still runs).
        var runs: [(start: Timestamp, busyUntil: Timestamp?)] = runStarts.indices.map { i in
            (runStarts[i], i < runEnds.count ? runEnds[i] : runStarts[i])
        }
        // The server's own `lastRun`, when the sessions read do not reach it.
        if let serverLast = job?.lastRun, serverLast <= reference, serverLast > (runStarts.last ?? .minimumISO) {
            runs.append((serverLast, serverLast))
        }
        var count = 0
        var previous = runs.last { $0.start < windowStart }
        for run in runs where run.start >= windowStart && run.start <= reference {
            if let p = previous, let busy = p.busyUntil {
                count += slots.count(
                    after: p.start, busyUntil: busy, before: run.start, from: windowStart, filled: true)
            }
            previous = run
        }
        if let p = previous {
            if let busy = p.busyUntil {
                count += slots.count(
                    after: p.start, busyUntil: busy, before: reference, from: windowStart, filled: false)
            }
        } else if let dataStart, case .server = schedule {
            // Never ran: the slots since the data (or the window) began.
            let from = max(dataStart, windowStart)
            count += slots.count(after: from, busyUntil: from, before: reference, from: from, filled: false)
        }
        if let missed, (missed.due ?? reference) >= windowStart { count = max(count, 1) }
        return count
    }

    /// The slots a schedule expects runs in.
    enum Slots {
        case server(interval: Double, grace: Double, check: FreshnessCheck)
        case learned(LearnedSchedule)

        /// The missed slots after a run that started at `last` and kept the job busy until `busy`:
        /// those due at or after `busy`, whose grace passed before `next` and not before `from`;
        /// when `filled`, `next` is a run, which fills the last slot due before it (with grace).
        func count(
            after last: Timestamp, busyUntil busy: Timestamp, before next: Timestamp, from: Timestamp, filled: Bool
        )
            -> Int
        {
            let grace: Double
            let interval: Double
            var keep: (Timestamp) -> Bool = { _ in true }
            var step: ((Timestamp) -> Timestamp?)?
            switch self {
            case .server(let i, let g, let check):
                (interval, grace) = (i, g)
                if let type = check.job?.schedule?.dailyType?.lowercased(), i == Seconds.day,
                    type == "workdays" || type == "weekends"
                {
                    // Generous: a slot counts only when every time zone puts it on a run day.
                    let margin = FreshnessCheck.timeZoneMarginSeconds
                    keep = { slot in
                        [-margin, 0, margin].allSatisfy { offset in
                            let weekday = FreshnessCheck.weekday(slot.adding(seconds: offset))
                            return (weekday == 0 || weekday == 6) == (type == "weekends")
                        }
                    }
                    step = { $0.adding(seconds: i) }
                }
            case .learned(let learned):
                (interval, grace) = (learned.intervalSeconds, learned.graceSeconds)
                if learned.weekdays != nil { step = { learned.nextDue(after: $0) } }
            }
            guard interval.isFinite, interval > 0, grace.isFinite else { return 0 }
            // Due at or after both the earlier run's end and `from` less the grace.
            let lowest = max(busy, from.adding(seconds: -grace))
            guard let step else {
                return Self.every(interval, after: last, lowest: lowest, before: next, grace: grace, filled: filled)
            }
            // Walked slot by slot: every kept slot due up to `next` plus grace; `next` fills the last.
            var due: [Timestamp] = []
            var slot = step(last)
            var walked = 0
            while let s = slot, s < next.adding(seconds: grace), walked < FreshnessCheck.maximumSlotsWalked {
                if keep(s) { due.append(s) }
                slot = step(s)
                walked += 1
            }
            if filled, !due.isEmpty { due.removeLast() }
            return due.filter { $0 >= lowest && $0.adding(seconds: grace) < next }.count
        }

        /// The missed slots k = 1, 2, … at `last` + k × `interval`: due at or after `lowest`, with
        /// due + `grace` before `next`; when `filled`, not the last one due before `next` + grace.
        static func every(
            _ interval: Double, after last: Timestamp, lowest: Timestamp, before next: Timestamp, grace: Double,
            filled: Bool
        ) -> Int {
            let gap = next.seconds(since: last)
            var upper = ((gap - grace) / interval).rounded(.up) - 1
            if filled { upper = min(upper, ((gap + grace) / interval).rounded(.down) - 1) }
            let lower = max(1, (lowest.seconds(since: last) / interval).rounded(.up))
            guard upper.isFinite, lower.isFinite, upper >= lower else { return 0 }
            return Int(min(upper - lower + 1, Double(Int32.max)))
        }
    }

    /// What is known of the job's schedule: the jobs list's, else what its runs teach.
    func schedule() -> Freshness.Schedule {
        if job?.schedule?.type?.lowercased() == "manualonly" { return .notExpected }
        if let seconds = serverInterval() { return .server(intervalSeconds: seconds) }
        switch LearnedSchedule.learn(runStarts) {
        case .learned(let learned): return .learned(learned)
        case .unknown(let unknown): return .unknown(unknown)
        }
    }

    /// The last completed backup, when it is older than the limit: the RPO set for the job, else
    /// the maximum age or the job's own interval when it runs less often; no limit but a set RPO
    /// when the schedule is not known. A run in progress that is not hung and started within the
    /// limit is not stale (a long first full backup, a long night).
    func stale(_ schedule: Freshness.Schedule, hung: Bool) -> Freshness.Stale? {
        let since = lastGood ?? runStarts.first ?? lastStart
        guard let since else { return nil }
        var limit: Double
        if let objective {
            limit = objective
        } else {
            // The gaps the schedule allows are counted from the last backup (a weekdays job's
            // Friday backup is allowed the weekend, whatever ran and failed on Monday).
            switch schedule {
            case .notExpected, .unknown: return nil
            case .server(let interval):
                limit = max(maximumAge, allowedGap(interval, from: since) + grace(interval))
            case .learned(let learned):
                // The learned interval of the regular runs (never an outlier gap) allows a job that
                // runs less often than the maximum age its own interval.
                let gap = learned.nextDue(after: since, skippingUnseen: true).map { $0.seconds(since: since) }
                limit = max(maximumAge, (gap ?? learned.intervalSeconds) + learned.graceSeconds)
            }
        }
        let age = max(0, reference.seconds(since: since))
        guard age > limit else { return nil }
        // A run that started within the limit and is still going on, not hung, is not late yet.
        if running, let start = runningSessions.last?.start, !hung, start.seconds(since: since) <= limit {
            return nil
        }
        return .init(ageSeconds: lastGood == nil ? nil : age, maximumAgeSeconds: limit, isSetForJob: objective != nil)
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

    /// The missed run, if any: the server's `nextRun` passed with no run since; else, when the
    /// server does not say a run is still to come, no run started by the time the schedule (the
    /// jobs list's, else the learned one) expected one, plus its grace.
    func missed(_ schedule: Freshness.Schedule) -> Freshness.Missed? {
        if let next = job?.nextRun {
            // The server's schedule wins: a run it plans is not missed (a moved schedule, a job
            // re-enabled after a pause).
            guard next.adding(seconds: Self.nextRunSlackSeconds) < reference else { return nil }
            let ranSince = lastStart.map { $0 >= next.adding(seconds: -Self.earlyStartSeconds) } ?? false
            if !ranSince {
                let interval: Double
                switch schedule {
                case .server(let seconds): interval = seconds
                case .learned(let learned): interval = learned.intervalSeconds
                default: interval = Self.fallbackIntervalSeconds
                }
                return .init(lastRun: lastStart, expectedInterval: interval, basis: .nextRun, due: next)
            }
        }
        switch schedule {
        case .notExpected, .unknown: return nil
        case .server(let interval):
            let allowed = allowedGap(interval)
            let slack = grace(interval)
            guard let last = lastStart else {
                // Never ran: only a finding when the data covers more than one interval.
                guard let start = dataStart, reference.seconds(since: start) > allowed + slack else { return nil }
                return .init(lastRun: nil, expectedInterval: interval, basis: .schedule, due: nil)
            }
            guard reference.seconds(since: last) > allowed + slack else { return nil }
            return .init(
                lastRun: last, expectedInterval: interval, basis: .schedule, due: last.adding(seconds: allowed))
        case .learned(let learned):
            // A day the runs have not covered yet is not a day the job is known to run on.
            guard let last = lastStart, let due = learned.nextDue(after: last),
                due.adding(seconds: learned.graceSeconds) < reference
            else { return nil }
            return .init(lastRun: last, expectedInterval: learned.intervalSeconds, basis: .history, due: due)
        }
    }

    /// The interval of the jobs list's schedule: Daily a day (a named weekday a week),
    /// Periodically every N minutes or hours; nil without one.
    func serverInterval() -> Double? {
        guard let schedule = job?.schedule else { return nil }
        switch schedule.type?.lowercased() {
        case "daily"?:
            switch schedule.dailyType?.lowercased() {
            case "monday"?, "tuesday"?, "wednesday"?, "thursday"?, "friday"?, "saturday"?, "sunday"?:
                return Seconds.week
            default: return Seconds.day
            }
        case "periodically"?:
            return schedule.periodicallyEvery.flatMap(Self.seconds)
        default: return nil
        }
    }

    /// The slack a run of `interval` gets past its due time: `minimumGraceSeconds`, or
    /// `graceFraction` of the interval when that is longer.
    func grace(_ interval: Double) -> Double {
        max(Self.minimumGraceSeconds, interval * Self.graceFraction)
    }

    /// The longest gap the schedule allows between `start` (the last run's, by default) and
    /// `reference`: the interval, plus whole days that a Workdays or Weekends schedule skips
    /// (counted generously, as the server's time zone is not known).
    func allowedGap(_ interval: Double, from start: Timestamp? = nil) -> Double {
        guard interval == Seconds.day, let type = job?.schedule?.dailyType?.lowercased(),
            type == "workdays" || type == "weekends", let last = start ?? lastStart
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
            if let n = Double(lower.dropFirst(prefix.count)), n > 0, (n * unit).isFinite { return n * unit }
        }
        return nil
    }
}
