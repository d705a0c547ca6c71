import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Text

/// One nightly job with `runs` completed ten-minute runs up to the night before `now`, and maybe
/// a session still running since `runningHours` before `now`.
struct Hanging {
    static let now = Timestamp(year: 2026, month: 11, day: 20, hour: 6)
    var inventory = Inventory()
    let job = EntityID("job")

    init(runs: Int, runningHours: Double?, lastRunHoursAgo: Double = 8, minutes: Double = 10) {
        var j = Job(id: job)
        j.name = "Nightly"
        inventory.add(j)
        for night in 0..<runs {
            var s = JobSession(id: EntityID("run-\(night)"))
            s.jobID = job
            s.creationTime = Self.now.adding(seconds: -(lastRunHoursAgo * 3600 + Double(night) * 86_400))
            s.endTime = s.creationTime!.adding(seconds: minutes * 60)
            s.status = .success
            s.statistics.transferredBytes = 1 << 30
            s.statistics.processedObjects = 10
            inventory.add(s)
        }
        if let runningHours {
            var s = JobSession(id: EntityID("running"))
            s.jobID = job
            s.creationTime = Self.now.adding(seconds: -runningHours * 3600)
            s.status = .running
            inventory.add(s)
        }
    }

    /// Adds a session of the job that started `hoursAgo` before `now` and, unless it is still in
    /// progress, ended a minute later; `change` sets anything else.
    mutating func add(
        _ id: String, hoursAgo: Double, status: SessionStatus, _ change: (inout JobSession) -> Void = { _ in }
    ) {
        var s = JobSession(id: EntityID(id))
        s.jobID = job
        s.creationTime = Self.now.adding(seconds: -hoursAgo * 3600)
        if !status.isInProgress { s.endTime = s.creationTime!.adding(seconds: 60) }
        s.status = status
        change(&s)
        inventory.add(s)
    }

    func summary(_ change: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var options = SummaryOptions(since: .before(seconds: 7 * 86_400), now: Self.now)
        change(&options)
        return Summarizer.summarize(inventory, options: options)
    }
}

@Suite("signals that never lie: no data, hung runs, precedence, unknown totals")
struct SignalTests {
    @Test("an empty input is no data: not success, and --fail-on says so")
    func noData() {
        let s = Summarizer.summarize(Inventory(), options: SummaryOptions(now: Hanging.now))
        #expect(s.outcome == .noData)
        #expect(s.headlineWord == "No data")
        #expect(s.verdict(at: .failed) == .noData)
        #expect(s.verdict(at: .warning) == .noData)
        #expect(SummaryText.render(s).hasPrefix("[No data] "))
        #expect(!SummaryText.render(s).contains("newest session"), "no session: the day up to now")
        let json = SummaryJSON.document(s, toolVersion: "t").rendered()
        #expect(json.contains("\"outcome\": \"No data\""))
    }

    @Test("a window with runs that all succeeded is clear, not no data")
    func clear() {
        let s = Hanging(runs: 5, runningHours: nil).summary()
        #expect(s.outcome == .success)
        #expect(s.verdict(at: .warning) == .clear)
    }

    @Test("a run going for hours when the job takes ten minutes is hung: a warning, named, with its times")
    func hung() throws {
        let s = Hanging(runs: 10, runningHours: 3).summary()
        let job = try #require(s.jobs.first)
        let hung = try #require(job.freshness.hung)
        #expect(hung.sessionID == EntityID("running"))
        #expect(hung.elapsedSeconds == 3 * 3600)
        #expect(hung.usualSeconds == 600)
        #expect(hung.thresholdSeconds == 2 * 3600, "4 × 10 min is below the 2 h floor")
        #expect(job.outcome == .hung)
        #expect(job.freshness.stale == nil && job.freshness.missed == nil)
        #expect(s.outcome == .hung && s.headlineWord == "Hung")
        #expect(s.reaches(.warning) && !s.reaches(.failed), "a hang counts as a warning")
        #expect(FreshnessText.hungShort(hung) == "running for 3 h (usually 10 min)")
        let text = SummaryText.render(s)
        #expect(text.hasPrefix("[Hung] "))
        #expect(text.contains("Hung: running for 3 h (usually 10 min)"), "listed under attention")
        #expect(
            text.contains(
                "Running for 3 h (usually 10 min); a run counts as hung after 2 h (4 × its 95th percentile of 10 min over 10 completed runs, at least 2 h)."
            ))
        let json = SummaryJSON.document(s, toolVersion: "t").rendered()
        #expect(json.contains("\"hungJobs\": 1"))
        #expect(json.contains("\"runningSeconds\": 10800"))
    }

    @Test("a short run is only running; without a history a day is allowed; the factor and floor are settings")
    func notHung() throws {
        #expect(Hanging(runs: 10, runningHours: 0.5).summary().jobs[0].freshness.hung == nil)
        #expect(Hanging(runs: 10, runningHours: 0.5).summary().outcome == .running, "named, not [Other]")
        #expect(Hanging(runs: 1, runningHours: 5, lastRunHoursAgo: 30).summary().jobs[0].freshness.hung == nil)
        let long = try #require(
            Hanging(runs: 1, runningHours: 25, lastRunHoursAgo: 30).summary().jobs[0].freshness.hung)
        #expect(long.usualSeconds == nil && long.thresholdSeconds == 86_400)
        // Runs of an hour: 4 × 1 h = 4 h, so 3 h is not hung; with a factor of 2 it is.
        let hourly = Hanging(runs: 10, runningHours: 3, minutes: 60)
        #expect(hourly.summary().jobs[0].freshness.hung == nil)
        #expect(hourly.summary { $0.hungFactor = 2 }.jobs[0].freshness.hung?.thresholdSeconds == 7200.0)
        #expect(
            Hanging(runs: 10, runningHours: 3).summary { $0.hungMinimumSeconds = 4 * 3600 }.jobs[0].outcome == .running)
    }

    @Test("a running session shows how long it has run, in the attention list")
    func runningElapsed() {
        let text = SummaryText.render(Hanging(runs: 10, runningHours: 0.5).summary())
        #expect(text.contains("Running for 30 min so far (usually 10 min)\n"))
        #expect(text.hasPrefix("[Running] "))
    }

    @Test("a failed job that is also stale reads Failed, its staleness the detail")
    func failedBeforeStale() throws {
        // A week of nightly runs, so the schedule is learned, then a failure.
        var data = Hanging(runs: 8, runningHours: nil, lastRunHoursAgo: 40)
        data.add("failed", hoursAgo: 8, status: .failed)
        let s = data.summary()
        let job = try #require(s.jobs.first)
        #expect(job.freshness.stale != nil)
        #expect(job.outcome == .failed)
        #expect(job.outcomeDetail == "Failed; no completed backup for 40 h")
        #expect(s.headlineWord == "Failed")
    }

    @Test("a stopped run alone names its status, not Other")
    func stoppedNamed() {
        var data = Hanging(runs: 1, runningHours: nil)
        data.add("stopped", hoursAgo: 1, status: .stopped)
        let summary = data.summary()
        #expect(summary.headlineWord == "Stopped")
        // A stopped run did not back up: a warning, never "all clear".
        #expect(summary.reaches(.warning) && !summary.reaches(.failed))
    }

    @Test("totals over partly unknown values say so; all unknown is unknown, not zero")
    func unknownTotals() {
        var data = Hanging(runs: 2, runningHours: nil)
        for n in 0..<2 { data.add("bare-\(n)", hoursAgo: Double(n + 1), status: .success) }
        let s = data.summary()
        #expect(s.totals.transferredTotal.value == 2 << 30 && s.totals.transferredTotal.isLowerBound)
        #expect(s.totals.transferredTotal.unknownSessions == 2)
        let text = SummaryText.render(s)
        #expect(text.contains("Transferred: ≥ 2.0 GB (2 sessions unknown)   Items: ≥ 20 (2 sessions unknown)"))
        #expect(text.contains("≥ 2.0 GB"), "the job row")
        let json = SummaryJSON.document(s, toolVersion: "t").rendered()
        #expect(json.contains("\"total\": 2147483648,\n      \"unknownSessions\": 2"))

        var bare = Inventory()
        var s1 = JobSession(id: EntityID("x"))
        s1.creationTime = Hanging.now.adding(seconds: -3600)
        s1.status = .success
        bare.add(s1)
        let none = Summarizer.summarize(bare, options: SummaryOptions(now: Hanging.now))
        #expect(none.totals.transferredTotal.value == nil)
        #expect(SummaryText.render(none).contains("Transferred: unknown   Items: unknown"))
        #expect(SummaryJSON.document(none, toolVersion: "t").rendered().contains("\"total\": null"))
    }

    @Test("log items of sessions that were not read are counted and said to be left out")
    func unreadLogItems() {
        var data = Hanging(runs: 2, runningHours: nil)
        data.inventory.add([
            LogItem(
                id: nil, sessionID: EntityID("gone"), usn: 1, severity: .error, message: "a", creationTime: nil,
                endTime: nil),
            LogItem(
                id: nil, sessionID: EntityID("gone"), usn: 2, severity: .warning, message: "b", creationTime: nil,
                endTime: nil),
            LogItem(
                id: nil, sessionID: EntityID("run-0"), usn: 1, severity: .success, message: "read", creationTime: nil,
                endTime: nil),
        ])
        let s = data.summary()
        #expect(s.unreadLogItems == UnreadLogItems(items: 2, sessions: 1))
        #expect(SummaryText.render(s).contains("Left out: 2 log items of 1 session that is not in the input"))
        #expect(SummaryJSON.document(s, toolVersion: "t").rendered().contains("\"logItemsOfUnreadSessions\": 2"))
    }

    @Test("sessions that name no job are judged like any job's: missed and stale, under (no job)")
    func noJobJudged() throws {
        // A week of nightly runs teaches the schedule, every weekday included.
        var inventory = Inventory()
        for night in 0..<8 {
            var s = JobSession(id: EntityID("orphan-\(night)"))
            s.creationTime = Hanging.now.adding(seconds: -Double(night + 3) * 86_400)
            s.endTime = s.creationTime!.adding(seconds: 600)
            s.status = .success
            inventory.add(s)
        }
        let s = Summarizer.summarize(
            inventory, options: SummaryOptions(since: .before(seconds: 86_400), now: Hanging.now))
        let job = try #require(s.jobs.first)
        #expect(job.name == "(no job)")
        #expect(job.freshness.missed != nil && job.freshness.stale != nil)
        #expect(s.outcome == .missed)
    }

    @Test("the window's end is the bound given: --now, not a tick after it")
    func windowEnd() {
        let s = Hanging(runs: 2, runningHours: nil).summary()
        #expect(s.window.end == Hanging.now && s.window.endIncluded)
        let json = SummaryJSON.document(s, toolVersion: "t").rendered()
        #expect(json.contains("\"end\": \"2026-11-20T06:00:00Z\""))
        #expect(!json.contains("0000001Z"))
        let until = Summarizer.summarize(
            Hanging(runs: 2, runningHours: nil).inventory,
            options: SummaryOptions(until: .absolute(Hanging.now.adding(seconds: -3600)), now: Hanging.now))
        #expect(until.window.end == Hanging.now.adding(seconds: -3600) && !until.window.endIncluded)
    }

    @Test("a session left Running behind newer runs is hung, not running")
    func oldRunningIsHung() throws {
        let s = Hanging(runs: 10, runningHours: 60).summary()
        let hung = try #require(s.jobs[0].freshness.hung)
        #expect(hung.sessionID == EntityID("running") && hung.elapsedSeconds == 60 * 3600)
        #expect(s.jobs[0].outcome == .hung)
        #expect(s.reaches(.warning))
    }

    @Test("a manual-only or disabled job's run can hang too")
    func manualJobHangs() throws {
        var data = Hanging(runs: 10, runningHours: 3)
        var job = Job(id: data.job)
        var schedule = SchedulePolicy()
        schedule.type = "ManualOnly"
        job.schedule = schedule
        data.inventory.add(job)
        #expect(data.summary().jobs[0].freshness.hung != nil)
        #expect(data.summary().jobs[0].outcome == .hung)
    }

    @Test("a daily job that stopped for days, then ran once, is stale: the outage does not set the interval")
    func outageIsNotTheInterval() throws {
        var data = Hanging(runs: 14, runningHours: nil, lastRunHoursAgo: 4 * 24 + 8)
        data.add("stopped", hoursAgo: 8, status: .stopped)
        let s = data.summary()
        let stale = try #require(s.jobs[0].freshness.stale)
        #expect(stale.maximumAgeSeconds < 30 * 3600, "a day's interval, not the four-day gap")
        #expect(s.reaches(.failed))
    }

    @Test("a window before all the data holds no data; it is not 'no backup in the data'")
    func windowBeforeTheData() {
        let data = Hanging(runs: 5, runningHours: nil)
        let s = Summarizer.summarize(
            data.inventory,
            options: SummaryOptions(until: .absolute(Hanging.now.adding(seconds: -30 * 86_400)), now: Hanging.now))
        #expect(s.jobs[0].freshness.stale == nil)
        #expect(s.outcome == .noData)
        #expect(s.verdict(at: .failed) == .noData)
    }

    @Test("an empty window is no data even beside a finding below the level: never all clear")
    func noDataBesideAHang() {
        let s = Hanging(runs: 10, runningHours: 3).summary { $0.since = .before(seconds: 3600) }
        #expect(s.totals.sessions == 0 && !s.hungJobs.isEmpty)
        #expect(s.verdict(at: .failed) == .noData)
        #expect(s.verdict(at: .warning) == .reached)
    }

    @Test("a failed attempt whose retry falls after the window is judged in the window: failed, awaiting retry")
    func retryAfterTheWindow() {
        var data = Hanging(runs: 3, runningHours: nil, lastRunHoursAgo: 30)
        data.add("first", hoursAgo: 5, status: .failed)
        data.add("retry", hoursAgo: 3, status: .success) {
            $0.mainSessionID = EntityID("first")
            $0.retryCount = 1
        }
        let s = Summarizer.summarize(
            data.inventory,
            options: SummaryOptions(
                since: .absolute(Hanging.now.adding(seconds: -6 * 3600)),
                until: .absolute(Hanging.now.adding(seconds: -4 * 3600)), now: Hanging.now))
        #expect(s.totals.runs.failed == 1 && s.totals.runs.awaitingRetry == 1)
        #expect(s.outcome == .failed)
        #expect(s.reaches(.failed))
    }

    @Test("a queued run that never starts is hung, and says queued")
    func queuedHangs() throws {
        var data = Hanging(runs: 10, runningHours: nil)
        data.add("queued", hoursAgo: 5, status: .queued)
        let hung = try #require(data.summary().jobs[0].freshness.hung)
        #expect(hung.queued)
        #expect(FreshnessText.hungShort(hung) == "queued for 5 h (usually 10 min)")
    }

    @Test("a total that passed Int64.max is a lower bound, not exact")
    func saturatedTotal() {
        var sum = PartialSum()
        sum.add(.max)
        sum.add(1)
        #expect(sum.isLowerBound && sum.value == .max)
        #expect(sum.phrase { String($0) } == "≥ 9223372036854775807")
    }
}
