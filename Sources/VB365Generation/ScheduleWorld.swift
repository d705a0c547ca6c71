import VB365Model

/// A realistic world of job schedules for measuring the verdict rules (issue 24): one
/// organization whose jobs each follow one schedule pattern (healthy), and jobs with one injected
/// problem each, with the ground truth of every job. Deterministic from `Settings`: the same seed,
/// end and history always give the same sessions, byte for byte.
///
/// Daily jobs run at a Berlin wall-clock time, so their UTC start moves by an hour when summer
/// time ends (2026-10-25, inside the polled weeks of the default `end`); starts are a few minutes
/// late (queueing), incrementals take 5 to 50 minutes (a first full backup about 9 hours), a
/// failed or warned run is retried after the job's `retryWaitIntervalMinutes`, and runs warn now
/// and then. `sessions(asOf:)` and `jobs(asOf:)` give what a VB365 server would have said at any
/// time up to `end`.
///
/// Volumes are realistic (issue 29, `VolumeProfile`): each job has a stable scope of objects that
/// every run processes, and a run transfers the change since the job's last completed run, which
/// varies log-normally from day to day, is smaller at weekends and larger on the last business
/// day of a month. They are drawn apart from the times and statuses, so changing the volumes
/// never moves a session. `Settings.volumeEvents` adds jobs with volume events
/// (`Pattern.volumeEventCases`, each with a `VolumeEvent` as its ground truth).
package struct ScheduleWorld: Sendable {
    /// What a world is made from.
    package struct Settings: Sendable, Hashable {
        /// Draws jitter, durations, warnings and failures.
        package var seed: UInt64
        /// The last moment of the world: sessions end here, and it is the last poll.
        package var end: Timestamp
        /// Days of history before `end`.
        package var historyDays: Int
        /// Days before `end` that a measurement polls (`pollTimes`); problems are injected in them.
        package var polledDays: Int
        /// Adds the jobs of `Pattern.volumeEventCases` after the others (which stay as they are).
        package var volumeEvents: Bool

        /// The default end: 2026-11-01T12:00:00Z, so the polled fortnight holds the end of summer
        /// time in Europe (2026-10-25).
        package static let defaultEnd = Timestamp(year: 2026, month: 11, day: 1, hour: 12)

        /// Creates settings: 5 weeks of history, of which the last 2 are polled (3 weeks learned
        /// before the first poll), without the volume events' jobs.
        package init(
            seed: UInt64 = 24, end: Timestamp = Settings.defaultEnd, historyDays: Int = 35, polledDays: Int = 14,
            volumeEvents: Bool = false
        ) {
            self.seed = seed
            self.end = end
            self.historyDays = historyDays
            self.polledDays = polledDays
            self.volumeEvents = volumeEvents
        }
    }

    /// The schedule pattern a job follows, or the problem injected into it.
    package enum Pattern: String, CaseIterable, Sendable, Hashable {
        /// Daily at 22:00 Berlin, a few minutes late, 5–50 min, occasional warnings, failures and
        /// warnings retried automatically.
        case daily
        /// Daily at 23:00 Berlin without automatic retries: a failed run is re-run by hand about
        /// ten minutes later (a new run, `retryCount` 0, no `mainSessionId`) and succeeds.
        case dailyManualRerun = "daily-manual-rerun"
        /// Every 4 hours (Periodically, Hours4).
        case every4Hours = "every-4h"
        /// Every 30 minutes (Periodically, Minutes30), 1–10 min.
        case every30Minutes = "every-30min"
        /// Monday to Friday at 21:00 Berlin (Daily, Workdays).
        case weekdays
        /// Monday to Friday at 20:30 Berlin, with about one week of history before the first poll.
        case weekdaysShortHistory = "weekdays-short-history"
        /// Manual only: ad-hoc runs at irregular daytime hours, a few a week.
        case manualOnly = "manual-only"
        /// Daily at 20:00 Berlin, disabled for 6 days in the learned history, then resumed.
        case pausedResumed = "paused-resumed"
        /// Daily at 22:00 Berlin, moved to 02:00 on a day inside the polled weeks.
        case movedSchedule = "moved-schedule"
        /// Created inside the polled weeks: a first full backup of about 9 hours, then incrementals
        /// of 5–50 min, daily at 22:00 Berlin.
        case newJob = "new-job"
        /// Problem: a daily job (22:00 Berlin) that stops; its `nextRun` stays at the missed slot.
        case stoppedDaily = "stopped-daily"
        /// Problem: a daily job (21:00 Berlin) whose run stays Running with no end.
        case hung
        /// Problem: a daily job (23:00 Berlin) whose every run and retry fails from one night on.
        case failingForDays = "failing-for-days"
        /// Problem: a daily job (22:30 Berlin) that warns every night from one night on.
        case warnsNightly = "warns-nightly"
        /// Problem: a weekday job (21:00 Berlin) that misses one Thursday, then resumes.
        case weekdayMissesThursday = "weekday-misses-thursday"
        /// Problem: a job every 4 hours that stops; its `nextRun` stays at the missed slot.
        case stopped4Hourly = "stopped-4h"
        /// Volume event: a healthy daily job (22:00 Berlin) whose one weeknight in the polled weeks
        /// changes about 30 times its usual bytes and items (mass encryption), then back to normal.
        case encryptionNight = "encryption-night"
        /// Volume event: a daily job (21:30 Berlin) whose runs process about 2 % of its usual
        /// objects from one night in the polled weeks on (a permission or scope change), still
        /// succeeding.
        case scopeShrinks = "scope-shrinks"
        /// Volume event: a daily job (23:00 Berlin) that changes 20 to 40 times its usual on 3
        /// nights in a row in the polled weeks: a migration the admin announced (`ignoreRange`).
        case announcedMigration = "announced-migration"
        /// Volume event, healthy: a daily job (20:00 Berlin) of a finance tenant, whose month-end
        /// run changes about 5 times a usual day. Not a finding at sane thresholds.
        case monthEndHeavy = "month-end-heavy"

        /// The patterns of the default world, in its order: every pattern but the volume events'
        /// (which `Settings.volumeEvents` adds, `volumeEventCases`). The measurements of the
        /// schedule verdicts list a row per job of the default world, in this order.
        package static let allCases: [Pattern] = [
            .daily, .dailyManualRerun, .every4Hours, .every30Minutes, .weekdays, .weekdaysShortHistory, .manualOnly,
            .pausedResumed, .movedSchedule, .newJob, .stoppedDaily, .hung, .failingForDays, .warnsNightly,
            .weekdayMissesThursday, .stopped4Hourly,
        ]

        /// The volume events' patterns, in the order `Settings.volumeEvents` adds their jobs.
        package static let volumeEventCases: [Pattern] = [
            .encryptionNight, .scopeShrinks, .announcedMigration, .monthEndHeavy,
        ]

        /// True for a pattern of `volumeEventCases`.
        package var isVolumeEvent: Bool {
            switch self {
            case .encryptionNight, .scopeShrinks, .announcedMigration, .monthEndHeavy: true
            case .daily, .dailyManualRerun, .every4Hours, .every30Minutes, .weekdays, .weekdaysShortHistory,
                .manualOnly, .pausedResumed, .movedSchedule, .newJob, .stoppedDaily, .hung, .failingForDays,
                .warnsNightly, .weekdayMissesThursday, .stopped4Hourly:
                false
            }
        }

        /// The job's name in the jobs list.
        package var jobName: String { "World " + rawValue }
    }

    /// What a check should find about a job with a problem.
    package enum Finding: String, CaseIterable, Sendable, Hashable {
        case missed, stale, hung, failed, warning
    }

    /// The injected problem of a job: when it began, and what should be found.
    package struct Problem: Sendable, Hashable {
        /// The missed slot's scheduled time, the hung run's start, the first failed or warned run's
        /// start.
        package var start: Timestamp
        /// The finding that names the problem.
        package var expected: Finding
        /// The problem in words.
        package var description: String
    }

    /// What a rule on unusual change volumes (issue 29) should find about a volume event.
    package enum VolumeFinding: String, CaseIterable, Sendable, Hashable {
        /// A session changed far more bytes and items than the job's usual.
        case unusualChangeAbove = "unusual-change-above"
        /// A session processed far fewer objects than the job's usual.
        case unusualChangeBelow = "unusual-change-below"
    }

    /// The volume event of a job (`Pattern.volumeEventCases`): when it began and ended, and what
    /// should be found.
    package struct VolumeEvent: Sendable, Hashable {
        /// The creation of the event's first session.
        package var start: Timestamp
        /// The creation of its last session; nil when it lasts to the world's end.
        package var last: Timestamp?
        /// What a rule with nothing configured as ignored should find from `start` on; nil: nothing
        /// (the month-end spike of a finance tenant). Inside the job's `ignoreRange`, when a
        /// measurement configures it as ignored, nothing should be found.
        package var expected: VolumeFinding?
        /// The event in words.
        package var description: String
    }

    /// A job's volumes (issue 29): its scope, how much it changes, and how that varies. Every
    /// number is drawn apart from the world's times (`RunWriter`). A run processes the scope,
    /// ±1 %, and transfers the change since the job's last completed run: `dailyChangeBytes` for
    /// each weekday's worth of time (a weekend day `weekendShare`, the last business day of a
    /// month `monthEndFactor`), times a log-normal spread of `sigma` (capped at ±2 σ).
    package struct VolumeProfile: Sendable, Hashable {
        /// The objects (users, sites, teams) in the job's scope when the history starts.
        package var objects: Int
        /// How much the scope grows a day, a fraction.
        package var growthPerDay: Double
        /// The change of an ordinary weekday, bytes: the median of a daily job's weekday runs.
        package var dailyChangeBytes: Double
        /// The σ of the log-normal day-to-day spread of the change.
        package var sigma: Double
        /// A weekend day's change, a share of a weekday's.
        package var weekendShare: Double
        /// The change of the last business day of a month, times a weekday's.
        package var monthEndFactor: Double
        /// The whole data set, which a first full backup transfers, times a weekday's change.
        package var fullFactor: Double
        /// The average size of a changed item, bytes.
        package var itemBytes: Double
        /// The interval of the job's runs, seconds: what the first run of the history carries.
        package var interval: Double
    }

    /// One job of the world: its pattern, the jobs list's description of it, every session as
    /// it ends (oldest first), and its ground truth.
    package struct WorldJob: Sendable {
        package var pattern: Pattern
        /// The job as the jobs list describes it at `end` (id, name, organization, schedule).
        package var job: Job
        /// Every session, as it finally is (a hung one Running with no end), oldest first.
        package var sessions: [JobSession]
        /// The injected problem; nil for a healthy job.
        package var problem: Problem?
        /// The job's volumes.
        package var volume: VolumeProfile
        /// The volume event of a job of `Pattern.volumeEventCases`; nil for the others.
        package var volumeEvent: VolumeEvent?
        /// The range an admin announced as unusual (a migration): a measurement may configure it
        /// as ignored. Nil for every job but `announcedMigration`'s.
        package var ignoreRange: (from: Timestamp, to: Timestamp)?
        /// The schedules in force, each from its time, oldest first.
        var schedules: [(from: Timestamp, cadence: ScheduleCadence, policy: SchedulePolicy)]
        /// When the job was disabled (from, to).
        var disabled: [(from: Timestamp, to: Timestamp)] = []
        /// When the job appears in the jobs list.
        var created: Timestamp
        /// The server's `nextRun` stays at `slot` from it until `until` (the next run; nil: for ever).
        var stuck: [(slot: Timestamp, until: Timestamp?)] = []

        /// True when the job's schedule is healthy (no injected problem; volume events are not
        /// problems of the schedule).
        package var isHealthy: Bool { problem == nil }

        /// True when nothing about the job's volumes should be found (no volume event, or one that
        /// is not a finding).
        package var hasUsualVolumes: Bool { volumeEvent?.expected == nil }
    }

    package let settings: Settings
    /// The one organization.
    package let organization: Organization
    /// Every job, in `Pattern.allCases` order, then those of `Pattern.volumeEventCases` when
    /// `settings.volumeEvents`.
    package let jobs: [WorldJob]

    /// Builds the world of `settings`.
    package init(settings: Settings = Settings()) {
        self.settings = settings
        var org = Organization(id: SessionGenerator.uuid(settings.seed, 21, 0))
        org.name = "Schedule World GmbH"
        org.officeName = "scheduleworld.onmicrosoft.com"
        org.type = "Office365"
        self.organization = org
        let patterns = Pattern.allCases + (settings.volumeEvents ? Pattern.volumeEventCases : [])
        self.jobs = patterns.enumerated().map { index, pattern in
            Self.make(pattern, index: index, settings: settings, organization: org.id)
        }
    }

    /// The job that follows `pattern` (every pattern of the world has one).
    package func job(_ pattern: Pattern) -> WorldJob { jobs.first { $0.pattern == pattern }! }

    /// The first moment of the history.
    package var start: Timestamp { settings.end.adding(seconds: -Double(settings.historyDays) * Seconds.day) }

    /// The times a measurement polls: every `every` seconds over the last `polledDays`, the last
    /// at `end`.
    package func pollTimes(every: Double = Seconds.hour) -> [Timestamp] {
        let count = Int((Double(settings.polledDays) * Seconds.day / every).rounded(.down))
        return (1...count).map { settings.end.adding(seconds: -Double(count - $0) * every) }
    }

    /// The sessions as they stood at `t`: those created up to `t`, one still going at `t`
    /// Running with no end (and no numbers yet); retries not yet created are absent.
    package func sessions(asOf t: Timestamp) -> [JobSession] {
        var out: [JobSession] = []
        for job in jobs { out += Self.sessions(of: job, asOf: t) }
        return out
    }

    /// One job's sessions as they stood at `t`, oldest first.
    package static func sessions(of job: WorldJob, asOf t: Timestamp) -> [JobSession] {
        let count = created(job.sessions, upTo: t)
        var out = Array(job.sessions[..<count])
        for i in out.indices.reversed() {
            let s = out[i]
            guard s.status == .running || (s.endTime.map { $0 > t } ?? true) else { continue }
            var running = JobSession(id: s.id)
            running.jobID = s.jobID
            running.creationTime = s.creationTime
            running.status = .running
            running.retryCount = s.retryCount
            running.mainSessionID = s.mainSessionID
            running.jobType = s.jobType
            running.configType = s.configType
            running.eTag = 1
            running.repositoryID = s.repositoryID
            running.proxyID = s.proxyID
            out[i] = running
        }
        return out
    }

    /// The jobs list as the server would have given it at `t`: `lastRun`, `lastStatus`,
    /// `lastBackup` and `isEnabled` as they stood, the schedule then in force, and `nextRun` the
    /// next scheduled slot after `t` (none while disabled or manual-only; stuck at the missed slot
    /// of a job that stopped). A job created after `t` is not listed.
    package func jobs(asOf t: Timestamp) -> [Job] {
        jobs.compactMap { Self.job($0, asOf: t) }
    }

    /// One job as the jobs list gave it at `t`; nil before it was created.
    package static func job(_ world: WorldJob, asOf t: Timestamp) -> Job? {
        guard world.created <= t else { return nil }
        var job = world.job
        let schedule = world.schedules.last { $0.from <= t } ?? world.schedules[0]
        job.schedule = schedule.policy
        let enabled = !world.disabled.contains { $0.from <= t && t < $0.to }
        job.isEnabled = enabled
        let sessions = Self.sessions(of: world, asOf: t)
        job.lastRun = sessions.last?.creationTime
        job.lastStatus = sessions.last?.status
        job.lastBackup = sessions.filter { $0.status?.isCompletedWork == true }.compactMap(\.endTime).max()
        if !enabled {
            job.nextRun = nil
        } else if let stuck = world.stuck.first(where: { $0.slot <= t && ($0.until.map { t < $0 } ?? true) }) {
            job.nextRun = stuck.slot
        } else {
            job.nextRun = schedule.cadence.slot(after: t)
        }
        job.eTag = 10 + Int64(sessions.count)
        return job
    }

    /// How many of `sessions` (oldest first) were created up to `t`.
    static func created(_ sessions: [JobSession], upTo t: Timestamp) -> Int {
        var (low, high) = (0, sessions.count)
        while low < high {
            let mid = (low + high) / 2
            if sessions[mid].creationTime! <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
