import Testing
import VB365Model
import VB365Statistics

/// Builds sessions for one job, a day apart, starting 2026-11-01 22:00 UTC.
struct History {
    var inventory = Inventory()
    var day = 0
    let job: EntityID
    static let start = Timestamp(year: 2026, month: 11, day: 1, hour: 22)

    init(job: String = "job-1", name: String = "Mailboxes", organization: String? = "org-1") {
        self.job = EntityID(job)
        var j = Job(id: self.job)
        j.name = name
        j.organizationID = organization.map(EntityID.init)
        inventory.add(j)
        if let organization {
            var o = Organization(id: EntityID(organization))
            o.name = "Org \(organization)"
            inventory.add(o)
        }
    }

    @discardableResult
    mutating func run(
        _ status: SessionStatus = .success, duration: Double? = 600, rate: Int64 = 10_000_000, id: String? = nil,
        main: String? = nil, willRetry: Bool? = nil, retryCount: Int? = nil, minutesLater: Double? = nil,
        bottleneck: Bottleneck = .source, read: Int64 = 12_000_000, write: Int64 = 30_000_000
    ) -> EntityID {
        let sid = EntityID(id ?? "s\(day)")
        var s = JobSession(id: sid)
        s.jobID = job
        let start: Timestamp
        if let minutesLater {
            start = History.start.adding(seconds: Double(day - 1) * 86_400 + minutesLater * 60)
        } else {
            start = History.start.adding(seconds: Double(day) * 86_400)
            day += 1
        }
        s.creationTime = start
        s.endTime = duration.map { start.adding(seconds: $0) }
        s.status = status
        s.mainSessionID = main.map(EntityID.init)
        s.jobWillBeRetried = willRetry
        s.retryCount = retryCount
        s.statistics = SessionStatistics(
            processingRateBytesPerSecond: rate, processingRateItemsPerSecond: 5, readRateBytesPerSecond: read,
            writeRateBytesPerSecond: write, transferredBytes: Int64(Double(rate) * (duration ?? 0)),
            processedObjects: 100,
            bottleneck: bottleneck)
        inventory.add(s)
        return sid
    }

    /// The summary of the last day (default window), with `now` an hour after it.
    func summary(_ options: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var o = SummaryOptions(now: History.start.adding(seconds: Double(day) * 86_400 - 86_400 + 3 * 3600))
        options(&o)
        return Summarizer.summarize(inventory, options: o)
    }
}

@Suite("Aggregates per job, per organization and overall")
struct SummarizerTests {
    @Test("the default window is the 24 hours up to now; earlier sessions are history")
    func defaultWindow() {
        var h = History()
        for _ in 0..<10 { h.run() }
        let s = h.summary()
        #expect(s.window.isDefault)
        #expect(s.sessions.count == 1)
        #expect(s.sessionsBeforeWindow == 9)
        #expect(s.jobs[0].historySessions == 9)
        #expect(s.worst == .success)
        #expect(s.jobs[0].statistics.successRate == 1)
    }

    @Test("explicit windows: a duration before --until, timestamps, counted from now")
    func explicitWindow() {
        var h = History()
        for _ in 0..<10 { h.run() }
        let s = h.summary { $0.since = .before(seconds: 3 * 86_400) }
        #expect(s.sessions.count == 3)
        let t = h.summary {
            $0.since = .absolute(Timestamp(year: 2026, month: 11, day: 2))
            $0.until = .absolute(Timestamp(year: 2026, month: 11, day: 4))
        }
        #expect(t.sessions.map(\.id) == [EntityID("s1"), EntityID("s2")])
        #expect(t.sessionsAfterWindow == 7)
    }

    @Test("duration min, median, p95 and max; totals and medians; typical bottleneck")
    func distribution() {
        var h = History()
        for (i, d) in [100.0, 200, 300, 400, 1000].enumerated() {
            h.run(duration: d, bottleneck: i == 4 ? .target : .source)
        }
        let g = h.summary { $0.since = .before(seconds: 30 * 86_400) }.jobs[0].statistics
        let d = try! #require(g.duration)
        #expect((d.minimum, d.median, d.p95, d.maximum) == (100, 300, 1000, 1000))
        #expect(g.objectsTotal.value == 500 && !g.objectsTotal.isLowerBound)
        #expect(g.transferredTotal.value == Int64(10_000_000) * 2000)
        #expect(g.transferredMedian == 3_000_000_000)
        #expect(g.medianProcessingRate == 10_000_000)
        #expect(g.typicalBottleneck == .source)
    }

    @Test("a failure fixed by a retry is counted as recovered, not hidden; the worst status says so")
    func recovered() {
        var h = History()
        for _ in 0..<3 { h.run() }
        h.run(.failed, duration: 60, id: "main", willRetry: true, retryCount: 0)
        h.run(.success, id: "retry", main: "main", willRetry: false, retryCount: 1, minutesLater: 30)
        let s = h.summary()
        let g = s.jobs[0].statistics
        #expect(g.sessions == 2)
        #expect(g.runs.total == 1)
        #expect(g.runs.recovered == 1)
        #expect(g.runs.failed == 0)
        #expect(g.successRate == 1)
        #expect(s.worst == .warning)
        #expect(g.byStatus == [StatusCount(status: .success, count: 1), StatusCount(status: .failed, count: 1)])
        let retry = s.sessions.first { $0.id == EntityID("retry") }!
        #expect(retry.retry.description == "retry 1 of 1 made (the last)", "no jobs list: what it allows is not known")
        #expect(retry.retry.mainSessionID == EntityID("main"))
        let main = s.sessions.first { $0.id == EntityID("main") }!
        #expect(main.retry.description == "first of 2 attempts")
    }

    @Test("v6 chains without mainSessionId follow retryCount; a retry that fails again is a failure")
    func v6Chain() {
        var h = History()
        h.run()
        h.run(.warning, id: "w", retryCount: 0)
        h.run(.failed, id: "r1", retryCount: 1, minutesLater: 20)
        let s = h.summary()
        let g = s.jobs[0].statistics
        #expect(g.runs.total == 1)
        #expect(g.runs.failed == 1)
        #expect(s.worst == .failed)
        #expect(s.sessions.last?.retry.attempt == 2)
    }

    @Test("a failure VB365 will retry is awaiting retry; a running session is running, never a negative duration")
    func pendingAndRunning() {
        var h = History()
        h.run()
        h.run(.failed, duration: 30, id: "f", willRetry: true)
        let s = h.summary()
        #expect(s.jobs[0].statistics.runs.awaitingRetry == 1)
        #expect(s.worst == .failed)
        var r = History()
        r.run()
        r.run(.running, duration: nil)
        let t = r.summary()
        #expect(t.worst == .other)
        #expect(t.sessions.last?.durationSeconds == nil)
        #expect(t.jobs[0].statistics.runs.running == 1)
        #expect(t.jobs[0].statistics.successRate == nil)
    }

    @Test("the last session and the last success, with its age at now")
    func lastSuccess() {
        var h = History()
        h.run()
        h.run(.failed, duration: 60)
        let s = h.summary()
        #expect(s.jobs[0].lastSession?.id == EntityID("s1"))
        #expect(s.jobs[0].lastSuccess?.id == EntityID("s0"))
        // s0 ended at day 0 22:10; now is day 1 01:00.
        #expect(abs((s.jobs[0].lastSuccessAgeSeconds ?? 0) - Double(86_400 + 3 * 3600 - 600)) < 0.001)
        #expect(s.organizations[0].lastSuccess?.id == EntityID("s0"))
    }

    @Test("sessions without a jobs file are named by their job id; organizations group jobs")
    func grouping() {
        var inventory = Inventory()
        for (id, job) in [("a", "j1"), ("b", "j2"), ("c", nil)] as [(String, String?)] {
            var s = JobSession(id: EntityID(id))
            s.jobID = job.map(EntityID.init)
            s.creationTime = Timestamp(year: 2026, month: 11, day: 22, hour: 22)
            s.status = .success
            inventory.add(s)
        }
        var named = Job(id: EntityID("j1"))
        named.name = "Named"
        named.organizationID = EntityID("o1")
        inventory.add(named)
        let s = Summarizer.summarize(inventory, options: SummaryOptions(now: Timestamp(year: 2026, month: 11, day: 23)))
        #expect(s.jobs.map(\.name) == ["Named", "j2", Summarizer.noJobName])
        #expect(s.organizations.map(\.name) == ["o1", Summarizer.unknownOrganizationName])
        #expect(s.organizations[1].jobIndices == [1, 2])
        #expect(s.totals.sessions == 3)
    }
}

@Suite("Comparisons with the previous run and the median of the last N runs")
struct ComparisonTests {
    @Test("a rate 30 % below the median and a duration 50 % above it are slower")
    func slower() throws {
        var h = History()
        for _ in 0..<7 { h.run(duration: 600, rate: 10_000_000) }
        h.run(duration: 1000, rate: 6_000_000)
        let f = try #require(h.summary().sessions.last)
        let median = try #require(f.versusMedian)
        #expect(median.baseline == .median(runs: 7))
        #expect(median.verdict == .slower)
        #expect(median.deltas[.processingRate] == -40)
        #expect(median.findings.map(\.metric).contains(.duration))
        #expect(f.versusPrevious?.baseline == .previous(EntityID("s6")))
        #expect(f.isSlower)
        #expect(f.needsAttention)
    }

    @Test("small changes are steady; large improvements are faster")
    func steadyAndFaster() throws {
        var h = History()
        for _ in 0..<3 { h.run(duration: 600, rate: 10_000_000) }
        h.run(duration: 700, rate: 8_000_000)
        #expect(h.summary().sessions.last?.versusMedian?.verdict == .steady)
        h.run(duration: 300, rate: 15_000_000)
        #expect(h.summary().sessions.last?.versusMedian?.verdict == .faster)
    }

    @Test("thresholds are configurable")
    func thresholds() {
        var h = History()
        for _ in 0..<3 { h.run(duration: 600, rate: 10_000_000) }
        h.run(duration: 700, rate: 8_000_000)
        let s = h.summary {
            $0.rateDropPercent = 10
            $0.baselineRuns = 2
        }
        #expect(s.sessions.last?.versusMedian?.verdict == .slower)
        #expect(s.sessions.last?.versusMedian?.baseline == .median(runs: 2))
    }

    @Test("failed and running sessions are neither compared nor used as baselines")
    func baselineExcludesFailures() {
        var h = History()
        h.run(duration: 600)
        h.run(.failed, duration: 10, rate: 1)
        h.run(duration: 600)
        let last = h.summary().sessions.last!
        #expect(last.versusPrevious?.baseline == .previous(EntityID("s0")))
        #expect(last.versusPrevious?.verdict == .steady)
    }

    @Test("read vs write: which side limits, and whether the bottleneck agrees")
    func readWrite() {
        let source = ReadWriteBalance(read: 10, write: 30, bottleneck: .source)
        #expect(source?.limitingSide == .source)
        #expect(source?.consistentWithBottleneck == true)
        let disagree = ReadWriteBalance(read: 30, write: 10, bottleneck: .source)
        #expect(disagree?.limitingSide == .target)
        #expect(disagree?.consistentWithBottleneck == false)
        #expect(ReadWriteBalance(read: 100, write: 95, bottleneck: .target)?.limitingSide == .balanced)
        #expect(ReadWriteBalance(read: nil, write: 95, bottleneck: .target) == nil)
        #expect(ReadWriteBalance(read: 0, write: 95, bottleneck: .target) == nil)
    }

    @Test("observed throughput is transferred ÷ duration")
    func observed() {
        var h = History()
        h.run(duration: 100, rate: 1000)
        #expect(h.summary().sessions[0].observedThroughput == 1000)
    }
}

@Suite("Windows and bounds")
struct TimeWindowTests {
    @Test(
        "durations and timestamps",
        arguments: [
            ("24h", TimeBound.before(seconds: 86_400)), ("7d", .before(seconds: 604_800)),
            ("90m", .before(seconds: 5400)),
            ("1d12h", .before(seconds: 129_600)), ("2w", .before(seconds: 1_209_600)),
            ("2026-11-20", .absolute(Timestamp(year: 2026, month: 11, day: 20))),
            ("2026-11-20T06:00:00Z", .absolute(Timestamp(year: 2026, month: 11, day: 20, hour: 6))),
            ("2026-11-20T07:30:00+01:30", .absolute(Timestamp(year: 2026, month: 11, day: 20, hour: 6))),
        ])
    func bounds(text: String, bound: TimeBound) {
        #expect(TimeBound(text) == bound)
    }

    @Test("rejected bounds", arguments: ["", "h", "24", "24x", "-1d", "2026-13-01", "yesterday"])
    func rejected(text: String) {
        #expect(TimeBound(text) == nil)
    }

    @Test("distribution: median of an even count, nearest-rank p95")
    func distribution() throws {
        let d = try #require(Distribution((1...20).map(Double.init)))
        #expect(d.median == 10.5)
        #expect(d.p95 == 19)
        #expect(Distribution([]) == nil)
        #expect(Distribution([5])?.p95 == 5)
    }
}
