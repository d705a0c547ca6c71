import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput

/// One job's runs, built session by session, judged at a chosen time (issue 24: verdicts an
/// admin can page on). The week starts on Monday 2026-11-02; runs are at 22:00 UTC unless said.
struct JobHistory {
    static let monday = Timestamp(year: 2026, month: 11, day: 2, hour: 22)
    var inventory = Inventory()
    let id = EntityID("job")
    var count = 0

    /// A job named Mailboxes with no schedule, as a jobs list without one (or none) gives it.
    init(job: (inout Job) -> Void = { _ in }) {
        var j = Job(id: id)
        j.name = "Mailboxes"
        job(&j)
        inventory.add(j)
    }

    /// A session `days` (and `hours`) after Monday 22:00 that took `minutes`; still running when
    /// `minutes` is nil.
    @discardableResult
    mutating func run(
        day: Double, hours: Double = 0, _ status: SessionStatus = .success, minutes: Double? = 20,
        retryOf main: EntityID? = nil, retry: Int = 0
    ) -> EntityID {
        count += 1
        var s = JobSession(id: EntityID("s\(count)"))
        s.jobID = id
        s.creationTime = JobHistory.monday.adding(seconds: day * 86_400 + hours * 3600)
        s.endTime = minutes.map { s.creationTime!.adding(seconds: $0 * 60) }
        s.status = minutes == nil ? .running : status
        s.retryCount = retry
        s.mainSessionID = main
        inventory.add(s)
        return s.id
    }

    /// Runs every day from `from` to `to` (inclusive) whose weekday (0 Monday) is in `weekdays`.
    mutating func nightly(_ from: Int, _ to: Int, weekdays: Set<Int> = Set(0..<7), _ status: SessionStatus = .success) {
        for day in from...to where weekdays.contains(day % 7) { run(day: Double(day), status) }
    }

    func summary(day: Double, hours: Double = 0, configure: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var options = SummaryOptions(now: JobHistory.monday.adding(seconds: day * 86_400 + hours * 3600))
        configure(&options)
        return Summarizer.summarize(inventory, options: options)
    }

    /// The summary of the window of `seconds` up to the time judged at (both bounds given).
    func summary(day: Double, hours: Double = 0, last seconds: Double) -> Summary {
        summary(day: day, hours: hours) {
            $0.since = .before(seconds: seconds)
            $0.until = .absolute($0.now)
        }
    }

    func job(day: Double, hours: Double = 0, configure: (inout SummaryOptions) -> Void = { _ in }) -> JobSummary {
        summary(day: day, hours: hours, configure: configure).jobs.first { $0.id == id }!
    }
}

@Suite("verdicts calibrated on real schedules (issue 24)")
struct CalibrationTests {
    @Test("a failure followed by a manual re-run that succeeded reads Recovered, and check is OK")
    func manualRerun() throws {
        var h = JobHistory()
        h.nightly(0, 9)
        h.run(day: 10, .failed)
        h.run(day: 10, hours: 10.0 / 60)  // a new session, retryCount 0, no mainSessionId
        let s = h.summary(day: 10, hours: 8)
        let job = try #require(s.jobs.first)
        #expect(job.outcome == .recovered)
        #expect(job.statistics.runs.failed == 0 && job.statistics.runs.recovered == 1)
        #expect(job.statistics.byStatus.contains { $0.status == .failed }, "the failed session stays listed")
        #expect(!s.reaches(.failed))
        let check = MonitoringCheck.evaluate(s, policy: CheckPolicy())
        #expect(check.state == .ok, "\(check.headline)")
        // Without the re-run, the failure stays Failed and CRITICAL.
        var failed = JobHistory()
        failed.nightly(0, 9)
        failed.run(day: 10, .failed)
        let f = failed.summary(day: 10, hours: 8)
        #expect(f.jobs.first?.outcome == .failed)
        #expect(MonitoringCheck.evaluate(f, policy: CheckPolicy()).state == .critical)
    }

    @Test("ad-hoc runs without a jobs list teach no schedule: never missed, stale only against a set RPO")
    func adHoc() throws {
        var h = JobHistory()
        for (day, hours) in [(0.0, 3.0), (1, 11), (4, 6), (5, 0.5), (9, 14), (10, 2), (15, 9), (16, 20), (22, 1)] {
            h.run(day: day, hours: hours)
        }
        let job = h.job(day: 30)
        #expect(job.freshness.missed == nil)
        #expect(job.freshness.stale == nil, "the 26 h default is not this job's RPO")
        guard case .unknown(.irregular) = job.freshness.schedule else {
            Issue.record("schedule: \(job.freshness.schedule)")
            return
        }
        let withRPO = h.job(day: 30) {
            $0.objectives = [
                RecoveryPointObjective(.organization("Elsewhere"), seconds: 86_400),
                RecoveryPointObjective(.job("Mailboxes"), seconds: 5 * 86_400),
            ]
        }
        let stale = try #require(withRPO.freshness.stale)
        #expect(stale.maximumAgeSeconds == 5 * 86_400 && stale.isSetForJob, "the job's own RPO wins")
        #expect(
            h.job(day: 25) { $0.objectives = [.init(.job("Mailboxes"), seconds: 5 * 86_400)] }.freshness.stale == nil)
    }

    @Test("a job whose server nextRun is still ahead is not missed (a moved schedule)")
    func nextRunAhead() {
        // 22:00 every night, then moved to 02:00: the last run was Monday 22:00 of week 3, the next
        // is Wednesday 02:00.
        let next = JobHistory.monday.adding(seconds: 15 * 86_400 + 4 * 3600)
        var h = JobHistory(job: { $0.nextRun = next })
        h.nightly(0, 14)
        let job = h.job(day: 15, hours: 3)  // Wednesday 01:00, 27 h after the last run
        #expect(job.freshness.missed == nil)
        // Without the server's word, the learned schedule expected a run on Monday 22:00.
        var inferred = JobHistory()
        inferred.nightly(0, 14)
        #expect(inferred.job(day: 15, hours: 3).freshness.missed?.basis == .history)
    }

    @Test("a pause long ago does not stretch the learned interval or the stale limit")
    func pauseThenStop() throws {
        var h = JobHistory()
        h.nightly(0, 9)
        h.nightly(16, 24)  // paused six nights, then runs again, then stops after night 24
        let job = h.job(day: 25, hours: 3)
        let missed = try #require(job.freshness.missed)
        #expect(missed.expectedInterval == 86_400)
        #expect(missed.basis == .history)
        let stale = try #require(h.job(day: 26).freshness.stale)
        #expect(stale.maximumAgeSeconds < 27 * 3600)
    }

    @Test("weekdays only: a learned pattern skips the weekend, and a missed Wednesday is found that night")
    func weekdays() throws {
        var h = JobHistory()
        h.nightly(0, 18, weekdays: [0, 1, 2, 3, 4])  // three weeks, Monday to Friday
        // Saturday and Sunday nights, and Monday morning: not missed, not stale.
        for (day, hours) in [(19.0, 3.0), (20, 3), (20, 8)] {
            let job = h.job(day: day, hours: hours)
            #expect(job.freshness.missed == nil, "day \(day)")
            #expect(job.freshness.stale == nil, "day \(day)")
        }
        guard case .learned(let learned) = h.job(day: 20).freshness.schedule else {
            Issue.record("not learned")
            return
        }
        #expect(learned.weekdays == [false, true, true, true, true, true, false])
        // Monday and Tuesday run, Wednesday does not: missed on Wednesday night.
        h.nightly(21, 22)
        #expect(h.job(day: 23, hours: 1).freshness.missed == nil)
        #expect(h.job(day: 23, hours: 2).freshness.missed?.due == JobHistory.monday.adding(seconds: 23 * 86_400))
    }

    @Test("weekdays only with one week of history: the weekend is not known yet, so not missed")
    func weekdaysFirstWeek() {
        var h = JobHistory()
        h.nightly(0, 4, weekdays: [0, 1, 2, 3, 4])
        for (day, hours) in [(5.0, 3.0), (6, 3), (7, 1)] {
            let job = h.job(day: day, hours: hours)
            #expect(job.freshness.missed == nil, "day \(day)")
        }
        if case .learned(let learned) = h.job(day: 5, hours: 3).freshness.schedule {
            #expect(learned.weekdays?[6] == nil && learned.weekdays?[0] == nil, "Saturday and Sunday not seen yet")
        }
    }

    @Test("a normal long run is Running, not Stale: a first full backup, a long night")
    func longRun() {
        var first = JobHistory()
        first.run(day: 0, minutes: nil)
        let job = first.job(day: 0, hours: 3)
        #expect(job.freshness.stale == nil && job.freshness.hung == nil)
        #expect(job.outcome == .running)
        // Nightly runs of 20 minutes, then one that started on time and is still going at 06:00
        // the morning after the next night, 32 h after the last backup ended.
        var long = JobHistory()
        long.nightly(0, 9)
        long.run(day: 10, minutes: nil)
        let running = long.job(day: 10, hours: 5) { $0.hungFactor = 20 }
        #expect(running.freshness.stale == nil)
        #expect(running.outcome == .running)
        // A run that started late (after the limit) does not hide the staleness.
        var late = JobHistory()
        late.nightly(0, 9)
        late.run(day: 11, minutes: nil)
        #expect(late.job(day: 11, hours: 0.5).freshness.stale != nil)
    }

    @Test("a warning every night is a streak, and from 3 in a row it counts as failed")
    func warningStreak() throws {
        var h = JobHistory()
        h.nightly(0, 9)
        h.nightly(10, 14, .warning)
        let s = h.summary(day: 14, hours: 8)
        let streak = try #require(s.jobs.first?.freshness.streak)
        #expect(streak.runs == 5 && streak.status == .warning && streak.escalates)
        #expect(streak.since == JobHistory.monday.adding(seconds: 10 * 86_400))
        #expect(s.reaches(.failed))
        let check = MonitoringCheck.evaluate(s, policy: CheckPolicy())
        #expect(check.state == .critical)
        #expect(check.headline.contains("5 runs in a row since 2026-11-12"), "\(check.headline)")
        // Two in a row: a streak, still a warning.
        var two = JobHistory()
        two.nightly(0, 9)
        two.nightly(10, 11, .warning)
        let t = two.summary(day: 11, hours: 8)
        #expect(t.jobs.first?.freshness.streak?.escalates == false)
        #expect(!t.reaches(.failed) && t.reaches(.warning))
        #expect(MonitoringCheck.evaluate(t, policy: CheckPolicy()).state == .warning)
        // A success ends the streak.
        var ended = JobHistory()
        ended.nightly(10, 14, .warning)
        ended.run(day: 15)
        #expect(ended.job(day: 15, hours: 8).freshness.streak == nil)
    }

    @Test("the headline counts the jobs that need action apart from those for information")
    func actionHeadline() {
        // Two jobs, each recovered by a retry: both backed up.
        var inventory = Inventory()
        let night = JobHistory.monday
        /// Job `name`'s session `n`, `minutes` after the night's start, ten minutes long.
        func add(_ name: String, _ n: Int, minutes: Double, _ status: SessionStatus, retryOf main: EntityID? = nil) {
            var s = JobSession(id: EntityID("\(name)-\(n)"))
            s.jobID = EntityID(name)
            s.creationTime = night.adding(seconds: minutes * 60)
            s.endTime = s.creationTime!.adding(seconds: 600)
            s.status = status
            s.retryCount = main == nil ? 0 : 1
            s.mainSessionID = main
            inventory.add(s)
        }
        for name in ["A", "B", "C"] {
            var job = Job(id: EntityID(name))
            job.name = name
            inventory.add(job)
        }
        for name in ["A", "B"] {
            add(name, 1, minutes: 0, .failed)
            add(name, 2, minutes: 20, .success, retryOf: EntityID("\(name)-1"))
        }
        let now = night.adding(seconds: 8 * 3600)
        // C has no session yet: no runs, nothing to say.
        let recovered = Summarizer.summarize(inventory, options: SummaryOptions(now: now))
        #expect(recovered.headlineWord == "Recovered")
        #expect(recovered.actionHeadline == "All 2 jobs backed up; 2 for information")
        // C's run failed: it needs action; the two recovered ones stay for information.
        add("C", 1, minutes: 0, .failed)
        let one = Summarizer.summarize(inventory, options: SummaryOptions(now: now))
        #expect(one.actionHeadline == "1 of 3 jobs needs action; 2 for information")
    }

    @Test("check names a job by the word every report uses: a hung job that is also stale reads hung first")
    func checkWord() throws {
        var h = JobHistory()
        h.nightly(0, 9)
        h.run(day: 10, minutes: nil)
        let s = h.summary(day: 11, hours: 3)
        let job = try #require(s.jobs.first)
        #expect(job.outcome == .hung && job.freshness.stale != nil)
        let line = try #require(MonitoringCheck.evaluate(s, policy: CheckPolicy()).jobs.first)
        #expect(line.state == .critical, "stale is CRITICAL")
        #expect(line.reasons.first?.hasPrefix("hung (") == true, "\(line.reasons)")
    }

    @Test("a run that should have happened and did not counts against the success rate: expected, made, missed")
    func missedRunsCount() throws {
        // Nightly for two weeks, then nights 14–16 missed, runs again on nights 17–18, then stops.
        var h = JobHistory()
        h.nightly(0, 13)
        h.nightly(17, 18)
        // A week's window judged 3 h after night 20's slot: nights 17 and 18 made; 14, 15, 16, 19
        // and 20 (due with its 90 minutes of grace) missed.
        let week = h.summary(day: 20, hours: 3, last: 7 * 86_400)
        let runs = try #require(week.jobs.first).statistics.runs
        #expect(runs.total == 2 && runs.missed == 5 && runs.expected == 7, "\(runs)")
        #expect(week.totals.runs.missed == 5, "the totals add the jobs' missed runs")
        #expect(week.totals.runs.phrase == "7 expected, 2 made (2 succeeded), 5 missed")
        let rate = try #require(week.totals.successRate)
        #expect(abs(rate - 2.0 / 7) < 1e-9, "2 of 7 expected runs backed up, not 100 %: \(rate)")
        // An hour after night 19's slot, within its grace: nothing missed yet.
        let calm = h.summary(day: 19, hours: 1, last: 2 * 86_400)
        #expect(calm.jobs.first?.statistics.runs.missed == 0)
        #expect(calm.totals.successRate == 1)
        // A job that runs whenever it is started (no schedule) misses nothing.
        var adHoc = JobHistory()
        for (day, hours) in [(0.0, 3.0), (1, 11), (4, 6), (5, 0.5), (9, 14), (10, 2)] {
            adHoc.run(day: day, hours: hours)
        }
        #expect(adHoc.summary(day: 20) { $0.since = .before(seconds: 20 * 86_400) }.totals.runs.missed == 0)
    }

    @Test("missed runs of a server schedule: every 4 hours, and Workdays counted generously over a weekend")
    func missedRunsServerSchedule() throws {
        var every4h = JobHistory(job: {
            var schedule = SchedulePolicy()
            (schedule.type, schedule.periodicallyEvery) = ("Periodically", "Hours4")
            $0.schedule = schedule
        })
        for slot in 0..<12 where !(5...7).contains(slot) { every4h.run(day: Double(slot) / 6) }
        let s = every4h.summary(day: 2) { $0.since = .before(seconds: 2 * 86_400) }
        let runs = try #require(s.jobs.first).statistics.runs
        // Slots 5, 6 and 7 missed, and 12 (day 2 at 22:00, due with its hour of grace by 23:00) is not yet.
        #expect(runs.missed == 3 && runs.total == 9, "\(runs)")
        // Workdays: the weekend's nights are never counted; a missing Wednesday is.
        var workdays = JobHistory(job: {
            var schedule = SchedulePolicy()
            (schedule.type, schedule.dailyType) = ("Daily", "Workdays")
            $0.schedule = schedule
        })
        workdays.nightly(0, 15, weekdays: [0, 1, 3, 4])  // Wednesdays (2) missed
        let w = workdays.summary(day: 15, hours: 8) { $0.since = .before(seconds: 14 * 86_400) }
        #expect(w.jobs.first?.statistics.runs.missed == 2, "two Wednesdays: \(w.jobs.first!.statistics.runs)")
        #expect(w.jobs.first?.outcome == .success, "a missed run long ago is counted, not the verdict")
    }

    @Test(
        "no missed run for a long run, a late start, a first full backup still going, or a schedule that makes no sense"
    )
    func missedRunsEdges() throws {
        // Hourly, then one run of 5 hours: the hours it spans are not missed.
        var hourly = JobHistory()
        for h in 0..<30 { hourly.run(day: 0, hours: Double(h), minutes: 10) }
        hourly.run(day: 0, hours: 30, minutes: 300)
        for h in 36..<40 { hourly.run(day: 0, hours: Double(h), minutes: 10) }
        let long = hourly.summary(day: 0, hours: 39.5, last: 20 * 3600)
        #expect(long.jobs.first?.statistics.runs.missed == 0, "\(long.jobs.first!.statistics.runs)")
        // Nightly, one night 2 h 30 min late: that run is the night's, not a missed one.
        var late = JobHistory()
        late.nightly(0, 9)
        late.run(day: 10, hours: 2.5)
        late.nightly(11, 12)
        let lateWeek = late.summary(day: 12, hours: 3, last: 7 * 86_400)
        #expect(lateWeek.jobs.first?.statistics.runs.missed == 0, "\(lateWeek.jobs.first!.statistics.runs)")
        // A first full backup running for three days after a week of nightly runs: not missed.
        var full = JobHistory()
        full.nightly(0, 6)
        full.run(day: 7, minutes: nil)
        let running = full.summary(day: 10, last: 5 * 86_400)
        #expect(running.jobs.first?.statistics.runs.missed == 0, "\(running.jobs.first!.statistics.runs)")
        // A schedule every 'MinutesInfinity' is no schedule: nothing counted, nothing crashes.
        var odd = JobHistory(job: {
            var schedule = SchedulePolicy()
            (schedule.type, schedule.periodicallyEvery) = ("Periodically", "Minutes1e308")
            $0.schedule = schedule
        })
        odd.nightly(0, 3)
        #expect(odd.summary(day: 9) { $0.since = .before(seconds: 9 * 86_400) }.totals.runs.missed >= 0)
    }
}
