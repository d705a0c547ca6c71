import Testing
import VB365Generation
import VB365Model

@Suite("The schedule world of issue 24")
struct ScheduleWorldTests {
    static let world = ScheduleWorld()
    static let end = ScheduleWorld.Settings.defaultEnd

    /// The job of `pattern` as the jobs list gave it at `t`.
    static func listed(_ pattern: ScheduleWorld.Pattern, at t: Timestamp) -> Job? {
        world.jobs(asOf: t).first { $0.id == world.job(pattern).job.id }
    }

    /// The first attempts (not retries) of the job of `pattern`.
    static func runs(_ pattern: ScheduleWorld.Pattern) -> [JobSession] {
        world.job(pattern).sessions.filter { $0.retryCount == 0 }
    }

    @Test("the same settings give the same world; another seed another")
    func deterministic() {
        let again = ScheduleWorld()
        #expect(again.sessions(asOf: Self.end) == Self.world.sessions(asOf: Self.end))
        #expect(again.jobs(asOf: Self.end) == Self.world.jobs(asOf: Self.end))
        let other = ScheduleWorld(settings: .init(seed: 25))
        #expect(other.sessions(asOf: Self.end) != Self.world.sessions(asOf: Self.end))
        #expect(Self.world.jobs.count == ScheduleWorld.Pattern.allCases.count)
        #expect(Set(Self.world.jobs.map(\.job.name)).count == Self.world.jobs.count)
    }

    @Test("5 weeks of history, polled hourly over the last 2, ending at the world's end")
    func polls() {
        let polls = Self.world.pollTimes()
        #expect(polls.count == 336)
        #expect(polls.last == Self.end)
        #expect(polls.first == Self.end.adding(seconds: -335 * 3600))
        let first = Self.world.sessions(asOf: Self.end).compactMap(\.creationTime).min()!
        #expect(first >= Self.world.start && first < Self.world.start.adding(seconds: 86_400))
    }

    @Test("a daily job at 22:00 Berlin starts an hour later in UTC after summer time ends, a few minutes late")
    func summerTime() {
        for run in Self.runs(.daily) {
            let t = run.creationTime!
            let summer = t < Timestamp(year: 2026, month: 10, day: 25, hour: 1)
            let c = t.civil
            #expect(c.hour == (summer ? 20 : 21), "\(t.iso8601)")
            #expect(c.minute < 9, "\(t.iso8601)")
        }
    }

    @Test("incrementals vary tenfold; the new job's first full takes about 9 hours")
    func durations() throws {
        let durations = Self.runs(.daily).filter { $0.status == .success }.compactMap(\.durationSeconds)
        #expect(durations.min()! < 8 * 60)
        #expect(durations.max()! > 40 * 60)
        #expect(durations.allSatisfy { $0 >= 5 * 60 && $0 <= 50 * 60 })
        let full = try #require(Self.world.job(.newJob).sessions.first)
        #expect(full.configType == .full)
        #expect(full.durationSeconds! > 8.5 * 3600 && full.durationSeconds! < 9.5 * 3600)
        #expect(full.creationTime! > Self.end.adding(seconds: -14 * 86_400))
    }

    @Test("automatic retries name their run; manual re-runs are new runs about ten minutes after the failure")
    func retries() {
        let daily = Self.world.job(.daily).sessions
        let retries = daily.filter { ($0.retryCount ?? 0) > 0 }
        #expect(!retries.isEmpty)
        for retry in retries {
            let main = daily.first { $0.id == retry.mainSessionID }
            #expect(main?.retryCount == 0)
            #expect(main?.jobWillBeRetried == true)
            #expect(retry.creationTime! > main!.endTime!)
        }
        let rerun = Self.world.job(.dailyManualRerun).sessions
        #expect(rerun.allSatisfy { $0.retryCount == 0 && $0.mainSessionID == nil })
        let failures = rerun.enumerated().filter { $0.element.status == .failed }
        #expect(!failures.isEmpty)
        for (i, failed) in failures {
            let next = rerun[i + 1]
            #expect(next.status == .success)
            let gap = next.creationTime!.seconds(since: failed.endTime!)
            #expect(gap >= 8 * 60 && gap <= 15 * 60)
        }
        #expect(Self.world.job(.daily).sessions.contains { $0.status == .warning })
    }

    @Test("weekday jobs run Monday to Friday (Berlin); the short-history one from one week before the polls")
    func weekdays() {
        for pattern in [ScheduleWorld.Pattern.weekdays, .weekdaysShortHistory, .weekdayMissesThursday] {
            for run in Self.runs(pattern) {
                // 19:00Z to 20:59Z is the same Berlin day.
                let c = run.creationTime!.civil
                let day = Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day)
                let weekday = ((day % 7) + 7 + 4) % 7
                #expect(weekday >= 1 && weekday <= 5, "\(pattern) ran on \(run.creationTime!.iso8601)")
            }
        }
        let first = Self.runs(.weekdaysShortHistory).first!.creationTime!
        let polled = Self.end.adding(seconds: -14 * 86_400)
        #expect(first < polled && first > polled.adding(seconds: -8 * 86_400))
        #expect(Self.listed(.weekdays, at: Self.end)?.schedule?.dailyType == "Workdays")
    }

    @Test("as of a time: later sessions are absent, one going on is Running with no end")
    func asOf() throws {
        let full = try #require(Self.world.job(.newJob).sessions.first)
        let t = full.creationTime!.adding(seconds: 3600)
        let seen = ScheduleWorld.sessions(of: Self.world.job(.newJob), asOf: t)
        #expect(seen.count == 1)
        #expect(seen[0].status == .running && seen[0].endTime == nil && seen[0].id == full.id)
        #expect(Self.world.sessions(asOf: t).allSatisfy { $0.creationTime! <= t })
        // A failure whose retry is not created yet: the retry is absent.
        let retry = try #require(Self.world.job(.daily).sessions.first { ($0.retryCount ?? 0) > 0 })
        let before = retry.creationTime!.adding(seconds: -1)
        let then = ScheduleWorld.sessions(of: Self.world.job(.daily), asOf: before)
        #expect(!then.contains { $0.id == retry.id })
        #expect(then.last?.id == retry.mainSessionID && then.last?.endTime != nil)
    }

    @Test("the jobs list as it stood: nextRun, lastRun, lastBackup, isEnabled and the schedule")
    func jobsList() throws {
        let t = Timestamp(year: 2026, month: 10, day: 20, hour: 9)
        let daily = try #require(Self.listed(.daily, at: t))
        #expect(daily.nextRun == Timestamp(year: 2026, month: 10, day: 20, hour: 20))
        let last = ScheduleWorld.sessions(of: Self.world.job(.daily), asOf: t).last!
        #expect(daily.lastRun == last.creationTime)
        #expect(daily.lastBackup != nil && daily.lastBackup! <= t)
        #expect(daily.isEnabled == true)
        #expect(Self.listed(.every4Hours, at: t)?.nextRun == Timestamp(year: 2026, month: 10, day: 20, hour: 12))
        #expect(Self.listed(.every4Hours, at: t)?.schedule?.periodicallyEvery == "Hours4")
        #expect(Self.listed(.every30Minutes, at: t)?.schedule?.periodicallyEvery == "Minutes30")
        let manual = try #require(Self.listed(.manualOnly, at: t))
        #expect(manual.schedule?.type == "ManualOnly" && manual.nextRun == nil)
        // New: listed only from its creation.
        #expect(Self.listed(.newJob, at: Timestamp(year: 2026, month: 10, day: 22)) == nil)
        #expect(Self.listed(.newJob, at: Timestamp(year: 2026, month: 10, day: 24)) != nil)
    }

    @Test("paused for 6 days in the learned history: disabled, no nextRun, no runs; then resumed")
    func paused() throws {
        let during = Timestamp(year: 2026, month: 10, day: 6)
        let job = try #require(Self.listed(.pausedResumed, at: during))
        #expect(job.isEnabled == false && job.nextRun == nil)
        let runs = Self.runs(.pausedResumed).map { $0.creationTime! }
        let gaps = zip(runs, runs.dropFirst()).map { $1.seconds(since: $0) }
        #expect(gaps.max()! > 6 * 86_400 && gaps.max()! < 8 * 86_400)
        #expect(Self.listed(.pausedResumed, at: Timestamp(year: 2026, month: 10, day: 12))?.isEnabled == true)
    }

    @Test("moved schedule: 22:00 until the move inside the polled weeks, 02:00 after it")
    func moved() throws {
        let before = try #require(Self.listed(.movedSchedule, at: Timestamp(year: 2026, month: 10, day: 27)))
        let after = try #require(Self.listed(.movedSchedule, at: Timestamp(year: 2026, month: 10, day: 29)))
        #expect(before.schedule?.dailyTime == "22:00:00")
        #expect(after.schedule?.dailyTime == "02:00:00")
        #expect(after.nextRun == Timestamp(year: 2026, month: 10, day: 29, hour: 1))
        #expect(Self.runs(.movedSchedule).last!.creationTime!.civil.hour == 1)
    }

    @Test("every injected problem has its ground truth, inside the polled weeks")
    func problems() throws {
        let polled = Self.end.adding(seconds: -14 * 86_400)
        let problems = Self.world.jobs.filter { !$0.isHealthy }
        #expect(
            problems.map(\.pattern) == [
                .stoppedDaily, .hung, .failingForDays, .warnsNightly, .weekdayMissesThursday, .stopped4Hourly,
            ])
        for job in problems {
            let p = try #require(job.problem)
            #expect(p.start > polled && p.start < Self.end.adding(seconds: -86_400), "\(job.pattern)")
        }
        // Stopped: nothing after the missed slot; nextRun stuck there, lastRun at the last run.
        let stopped = Self.world.job(.stoppedDaily)
        let slot = stopped.problem!.start
        #expect(slot == Timestamp(year: 2026, month: 10, day: 27, hour: 21))
        #expect(stopped.sessions.allSatisfy { $0.creationTime! < slot })
        let listed = try #require(Self.listed(.stoppedDaily, at: Self.end))
        #expect(listed.nextRun == slot)
        #expect(listed.lastRun == stopped.sessions.last!.creationTime)
        // Hung: Running with no end, for ever; nothing after it.
        let hung = Self.world.job(.hung)
        #expect(hung.sessions.last?.status == .running && hung.sessions.last?.endTime == nil)
        #expect(hung.sessions.last?.creationTime == hung.problem!.start)
        // Failing: every attempt from the start on fails, with its retries.
        let failing = Self.world.job(.failingForDays).sessions.filter {
            $0.creationTime! >= Self.world.job(.failingForDays).problem!.start
        }
        #expect(failing.count >= 8 && failing.allSatisfy { $0.status == .failed })
        #expect(failing.contains { $0.retryCount == 3 })
        // Warns every night.
        let warns = Self.world.job(.warnsNightly)
        #expect(warns.sessions.filter { $0.creationTime! >= warns.problem!.start }.allSatisfy { $0.status == .warning })
        // The Thursday: no run that day, nextRun stuck at it until Friday's run.
        let thursday = Self.world.job(.weekdayMissesThursday).problem!.start
        #expect(thursday == Timestamp(year: 2026, month: 10, day: 29, hour: 20))
        #expect(Self.listed(.weekdayMissesThursday, at: thursday.adding(seconds: 7200))?.nextRun == thursday)
        let friday = Self.listed(.weekdayMissesThursday, at: thursday.adding(seconds: 86_400 + 3600))
        #expect(friday?.nextRun == Timestamp(year: 2026, month: 11, day: 2, hour: 20))
        // Stopped 4-hourly.
        let every4 = Self.world.job(.stopped4Hourly)
        #expect(every4.problem!.start == Timestamp(year: 2026, month: 10, day: 30, hour: 12))
        #expect(Self.listed(.stopped4Hourly, at: Self.end)?.nextRun == every4.problem!.start)
    }
}
