import Testing
import VB365Model

@testable import VB365Statistics

/// The steps `Summarizer.summarize` is made of, each on its own.
@Suite("Summarizer steps")
struct SummarizerStepsTests {
    /// 2026-11-10 00:00 UTC: the window of `scope` is the day before.
    static let now = Timestamp(year: 2026, month: 11, day: 10)

    /// A session of `job` created `hoursBeforeNow` hours before `now`, ten minutes long.
    static func session(
        _ id: String, job: String?, hoursBeforeNow: Double, status: SessionStatus = .success,
        main: String? = nil, retryCount: Int? = nil, willRetry: Bool? = nil
    ) -> JobSession {
        var s = JobSession(id: EntityID(id))
        s.jobID = job.map(EntityID.init)
        s.creationTime = now.adding(seconds: -hoursBeforeNow * 3600)
        s.endTime = s.creationTime?.adding(seconds: 600)
        s.status = status
        s.mainSessionID = main.map(EntityID.init)
        s.retryCount = retryCount
        s.jobWillBeRetried = willRetry
        return s
    }

    /// The scope of a summary of `inventory` with the window `[now - 24 h, now)`.
    static func scope(_ inventory: Inventory, _ change: (inout SummaryOptions) -> Void = { _ in }) -> Summarizer.Scope {
        var options = SummaryOptions(since: .before(seconds: 86_400), until: .absolute(now), now: now)
        change(&options)
        let window = Summarizer.resolveWindow(options: options)
        return Summarizer.Scope(inventory: inventory, options: options, window: window)
    }

    /// The records of `job` in `scope`, oldest first.
    static func sessions(of job: String?, _ scope: Summarizer.Scope) -> [Summarizer.RecordIndex] {
        let key = job.map { Summarizer.JobKey(EntityID($0), in: scope.inventory) } ?? .noJob
        let buckets = Summarizer.recordsByJob(scope.records)
        return Summarizer.sortedByCreation(buckets[key] ?? [], scope: scope)
    }

    @Test("the default window is the 24 hours up to now, whatever the data's newest session (old or future-dated)")
    func window() {
        let window = Summarizer.resolveWindow(options: SummaryOptions(now: Self.now))
        #expect(window.isDefault)
        #expect(window.end == Self.now && window.endIncluded && !window.startIncluded)
        #expect(window.seconds == TimeWindow.defaultLengthSeconds)
        // A summary of sessions 30 hours old: an empty window that says how old the data is.
        var inventory = Inventory()
        inventory.add(Self.session("a", job: "j", hoursBeforeNow: 30))
        inventory.add(Self.session("future", job: "j", hoursBeforeNow: -48))
        let s = Summarizer.summarize(inventory, options: SummaryOptions(now: Self.now))
        #expect(s.totals.sessions == 0 && s.sessionsBeforeWindow == 1 && s.sessionsAfterWindow == 1)
        #expect(s.newestSession == Self.now.adding(seconds: -30 * 3600))
        #expect(s.dataAgeSeconds == 30 * 3600 && s.dataIsOld)
    }

    @Test("organizations and jobs in display order: by name ignoring case, then id; unknown ones last")
    func catalog() {
        var inventory = Inventory()
        for (id, name) in [("o2", "beta"), ("o1", "Alpha"), ("o3", "alpha")] {
            var o = Organization(id: EntityID(id))
            o.name = name
            inventory.add(o)
        }
        for (id, name, organization) in [
            ("j1", "mail", "o2"), ("j2", "Mail", "o2"), ("j3", nil, "o1"), ("j4", "Sites", nil), ("j5", "x", "o3"),
        ] {
            var j = Job(id: EntityID(id))
            j.name = name
            j.organizationID = organization.map(EntityID.init)
            inventory.add(j)
        }
        inventory.add(Self.session("s1", job: nil, hoursBeforeNow: 1))
        inventory.add(Self.session("s2", job: "ghost", hoursBeforeNow: 1))
        let catalog = Summarizer.catalog(
            of: inventory, jobsWithSessions: Summarizer.recordsByJob(inventory.sessions).keys)
        #expect(catalog.map(\.name) == ["Alpha", "alpha", "beta", Summarizer.unknownOrganizationName])
        #expect(
            catalog.map { $0.jobs.map(\.name) } == [
                ["j3"], ["x"], ["mail", "Mail"], ["ghost", "Sites", Summarizer.noJobName],
            ])
        let placed = Summarizer.jobsInDisplayOrder(catalog)
        #expect(placed.map(\.organizationIndex) == [0, 1, 2, 2, 3, 3, 3])
        #expect(placed.last?.job.key == .noJob)
        #expect(placed.last?.job.id == nil)
    }

    @Test("the newest session before the window's end, and the newest success among them")
    func latest() {
        var inventory = Inventory()
        inventory.add(Self.session("old-ok", job: "j", hoursBeforeNow: 30))
        inventory.add(Self.session("failed", job: "j", hoursBeforeNow: 2, status: .failed))
        inventory.add(Self.session("later", job: "j", hoursBeforeNow: -1))
        let scope = Self.scope(inventory)
        let latest = Summarizer.latestSessions(Self.sessions(of: "j", scope), scope: scope)
        #expect(latest.session?.id == EntityID("failed"))
        #expect(latest.success?.id == EntityID("old-ok"))
        #expect(Summarizer.age(of: latest.success, at: Self.now) == 30 * Seconds.hour - 10 * Seconds.minute)
    }

    @Test("sessions before, in and after the window; completed ones before it are history")
    func placement() {
        var inventory = Inventory()
        inventory.add(Self.session("ok", job: "j", hoursBeforeNow: 48))
        inventory.add(Self.session("failed", job: "j", hoursBeforeNow: 47, status: .failed))
        inventory.add(Self.session("in", job: "j", hoursBeforeNow: 1))
        inventory.add(Self.session("after", job: "j", hoursBeforeNow: -1))
        let scope = Self.scope(inventory)
        let placement = Summarizer.placement(of: Self.sessions(of: "j", scope), scope: scope)
        #expect((placement.before, placement.after, placement.completedBefore) == (2, 1, 1))
    }

    @Test("facts for the window and, when asked, for history; baselines from every completed session")
    func facts() {
        var inventory = Inventory()
        for hours in [72.0, 48, 25] { inventory.add(Self.session("h\(Int(hours))", job: "j", hoursBeforeNow: hours)) }
        inventory.add(Self.session("in", job: "j", hoursBeforeNow: 1))
        let scope = Self.scope(inventory) {
            $0.includeHistory = true
            $0.historyStart = Self.now.adding(seconds: -60 * 3600)
        }
        let sessions = Self.sessions(of: "j", scope)
        let chains = RetryChains(indices: sessions, records: scope.records, inventory: scope.inventory)
        var described = Summarizer.DescribedSessions()
        Summarizer.describeSessions(
            sessions, chains: chains, jobIndex: 4, hung: nil, scope: scope, into: &described)
        #expect(described.window.map(\.id) == [EntityID("in")])
        #expect(described.history.map(\.id) == [EntityID("h48"), EntityID("h25")])
        #expect(described.window.allSatisfy { $0.jobIndex == 4 })
        #expect(described.window[0].versusPrevious?.baseline == .previous(EntityID("h25")))
        #expect(described.window[0].versusMedian?.baseline == .median(runs: 3))
        #expect(described.history[0].versusMedian?.baseline == .median(runs: 1))
    }

    @Test("runs are the chains whose last attempt is in the window; a success after a failure is recovered")
    func runs() {
        var inventory = Inventory()
        inventory.add(Self.session("before", job: "j", hoursBeforeNow: 30, status: .failed, willRetry: true))
        inventory.add(Self.session("retry", job: "j", hoursBeforeNow: 29, main: "before", retryCount: 1))
        inventory.add(Self.session("first", job: "j", hoursBeforeNow: 3, status: .failed, willRetry: true))
        inventory.add(Self.session("second", job: "j", hoursBeforeNow: 2, main: "first", retryCount: 1))
        inventory.add(Self.session("pending", job: "j", hoursBeforeNow: 1, status: .warning, willRetry: true))
        let scope = Self.scope(inventory)
        let sessions = Self.sessions(of: "j", scope)
        let chains = RetryChains(indices: sessions, records: scope.records, inventory: scope.inventory)
        let runs = Summarizer.runs(chains, sessions: sessions, scope: scope)
        #expect(runs.count == 2)
        #expect(runs.map(\.finalStatus) == [.success, .warning])
        #expect(runs.map(\.recovered) == [true, false])
        #expect(runs.map(\.awaitingRetry) == [false, true])
        #expect(runs.map(\.severity) == [.warning, .warning])
    }

    @Test("freshness reads only the sessions up to the time judged at")
    func freshness() {
        var inventory = Inventory()
        inventory.add(Self.session("first", job: "j", hoursBeforeNow: 50))
        inventory.add(Self.session("retry", job: "j", hoursBeforeNow: 49, main: "first", retryCount: 1))
        inventory.add(Self.session("running", job: "j", hoursBeforeNow: 2, status: .running))
        inventory.add(Self.session("later", job: "j", hoursBeforeNow: -5))
        let scope = Self.scope(inventory)
        let check = Summarizer.freshnessCheck(nil, sessions: Self.sessions(of: "j", scope), scope: scope)
        #expect(check.runStarts == [Self.now.adding(seconds: -50 * 3600), Self.now.adding(seconds: -2 * 3600)])
        #expect(check.lastStart == Self.now.adding(seconds: -2 * 3600))
        #expect(check.running)
        #expect(check.lastGood == Self.now.adding(seconds: -49 * 3600 + 600))
        #expect(check.reference == Self.now)
    }

    @Test("the window's sessions oldest first; each job's indices point at its own, oldest first")
    func order() {
        var inventory = Inventory()
        inventory.add(Self.session("b", job: "j2", hoursBeforeNow: 3))
        inventory.add(Self.session("a", job: "j1", hoursBeforeNow: 3))
        inventory.add(Self.session("c", job: "j1", hoursBeforeNow: 1))
        inventory.add(Self.session("d", job: "j2", hoursBeforeNow: 2))
        let summary = Summarizer.summarize(
            inventory,
            options: SummaryOptions(since: .before(seconds: 86_400), until: .absolute(Self.now), now: Self.now))
        #expect(summary.sessions.map(\.id.description) == ["a", "b", "d", "c"])
        #expect(summary.jobs.map(\.sessionIndices) == [[0, 3], [1, 2]])
        for (j, job) in summary.jobs.enumerated() {
            #expect(job.sessionIndices.allSatisfy { summary.sessions[$0].jobIndex == j })
        }
        #expect(summary.organizations.map(\.jobIndices) == [[0, 1]])
        #expect(summary.organizations[0].statistics.sessions == 4)
        #expect(summary.totals.runs.total == 4)
    }

    @Test("freshness slack: an hour at least, a tenth of a long interval; weekdays from a Thursday epoch")
    func freshnessConstants() {
        let check = FreshnessCheck(
            runStarts: [], lastStart: nil, running: false, job: nil, lastGood: nil, reference: Self.now, dataStart: nil,
            maximumAge: 26 * 3600, hungFactor: 4,
            hungMinimum: 2 * Seconds.hour)
        #expect(check.grace(4 * Seconds.hour) == 3600)
        #expect(abs(check.grace(Seconds.week) - Seconds.week / 10) < 1e-6)
        #expect(FreshnessCheck.weekday(Timestamp(year: 1970, month: 1, day: 1)) == 4)
        #expect(FreshnessCheck.weekday(Self.now) == 2)  // 2026-11-10 is a Tuesday
        // The learned schedule's days agree: day 0 is a Thursday; 2026-11-10 22:00 is a Tuesday.
        #expect(LearnedSchedule.weekday(ofDay: 0) == 4)
        let evening = Timestamp(year: 2026, month: 11, day: 10, hour: 22)
        let day = LearnedSchedule.dayNumber(evening, phase: LearnedSchedule.secondsIntoDay(evening))
        #expect(LearnedSchedule.weekday(ofDay: day) == 2)
    }
}
