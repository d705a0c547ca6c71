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

    public var missed: Missed?
    public var stale: Stale?

    /// True when either finding is there.
    public var needsAttention: Bool { missed != nil || stale != nil }

    /// Creates an empty finding.
    public init(missed: Missed? = nil, stale: Stale? = nil) {
        self.missed = missed
        self.stale = stale
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
    var job: Job?
    /// The end of the newest Success or Warning session (or the server's `lastBackup`).
    var lastGood: Timestamp?
    var hasSessions: Bool
    /// The time missed runs are judged at: the window's end, or now if earlier.
    var reference: Timestamp
    /// The oldest session start in all the data: a job with no session at all is reported only
    /// when the data reaches back further than its interval.
    var dataStart: Timestamp?
    var maximumAge: Double

    func evaluate() -> Freshness {
        var result = Freshness()
        if job?.isEnabled == false || job?.schedule?.type?.lowercased() == "manualonly" { return result }
        var check = self
        // The server's own `lastRun` counts too: the sessions read may not reach the newest run.
        if let serverLast = job?.lastRun, serverLast <= reference, serverLast > (lastStart ?? .minimumISO) {
            check.lastStart = serverLast
        }
        if !running { result.missed = check.missed() }
        // A job that runs less often than the maximum age is allowed its own interval.
        var limit = maximumAge
        if let (interval, _) = interval() { limit = max(limit, allowedGap(interval) + max(3600, interval * 0.1)) }
        if let good = lastGood {
            let age = max(0, reference.seconds(since: good))
            if age > limit { result.stale = .init(ageSeconds: age, maximumAgeSeconds: limit) }
        } else if hasSessions {
            result.stale = .init(ageSeconds: nil, maximumAgeSeconds: limit)
        }
        return result
    }

    func missed() -> Freshness.Missed? {
        // The server's own expectation: a nextRun that passed with no run since.
        if let next = job?.nextRun, next.adding(seconds: 3600) < reference {
            let ranSince = lastStart.map { $0 >= next.adding(seconds: -600) } ?? false
            if !ranSince {
                return .init(
                    lastRun: lastStart, expectedInterval: interval()?.seconds ?? 86_400, basis: .nextRun, due: next)
            }
        }
        guard let (interval, basis) = interval() else { return nil }
        let allowed = allowedGap(interval)
        let grace = max(3600, interval * 0.1)
        guard let last = lastStart else {
            // Never ran: only a finding when the data covers more than one interval, and the
            // server does not say the first run is still to come.
            if let next = job?.nextRun, next > reference { return nil }
            guard let start = dataStart, reference.seconds(since: start) > allowed + grace else { return nil }
            return .init(lastRun: nil, expectedInterval: interval, basis: basis, due: nil)
        }
        guard reference.seconds(since: last) > allowed + grace else { return nil }
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
                    return (7 * 86_400, .schedule)
                default: return (86_400, .schedule)
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
        let recent = runStarts.suffix(15)
        guard recent.count >= 3 else { return nil }
        let gaps = zip(recent, recent.dropFirst()).map { $1.seconds(since: $0) }.filter { $0 > 60 }.sorted()
        guard let longest = gaps.last else { return nil }
        return (longest, .history)
    }

    /// The longest gap the schedule allows before `reference`: the interval, plus whole days
    /// that a Workdays or Weekends schedule skips (counted generously, as the server's time zone
    /// is not known).
    func allowedGap(_ interval: Double) -> Double {
        guard interval == 86_400, let type = job?.schedule?.dailyType?.lowercased(),
            type == "workdays" || type == "weekends", let last = lastStart
        else { return interval }
        var skipped = 0.0
        var day = last.adding(seconds: -14 * 3600)
        let end = reference.adding(seconds: 14 * 3600)
        while day < end {
            let weekday = Self.weekday(day)
            let weekend = weekday == 0 || weekday == 6
            if weekend == (type == "workdays") { skipped += 1 }
            day = day.adding(seconds: 86_400)
        }
        return interval * (1 + skipped)
    }

    /// 0 for Sunday … 6 for Saturday (UTC).
    static func weekday(_ t: Timestamp) -> Int {
        let c = t.civil
        let days = Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day)
        return ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
    }

    /// `Minutes30` → 1800, `Hours4` → 14400.
    static func seconds(_ every: String) -> Double? {
        let lower = every.lowercased()
        for (prefix, unit) in [("minutes", 60.0), ("hours", 3600.0)] where lower.hasPrefix(prefix) {
            if let n = Double(lower.dropFirst(prefix.count)), n > 0 { return n * unit }
        }
        return nil
    }
}
