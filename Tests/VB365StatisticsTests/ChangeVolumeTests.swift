import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Text

/// One nightly job of 600 objects whose runs each change about 1.5 GB (12,000 items), up to the
/// night before `now`; the last night is what a test sets.
struct NightlyVolumes {
    static let now = Timestamp(year: 2026, month: 11, day: 26, hour: 6)
    var inventory = Inventory()
    let job = EntityID("job")

    /// `nights` ordinary nights before the last one; the first is a full backup.
    init(nights: Int = 20) {
        var j = Job(id: job)
        j.name = "Mailboxes"
        inventory.add(j)
        for night in 0..<nights {
            // A gentle, fixed spread: 0.7× to 1.4× the usual.
            let spread = [1.0, 0.7, 1.2, 0.9, 1.4, 1.1, 0.8][night % 7]
            add("n\(night)", daysAgo: Double(nights - night) + 0.25, bytes: 1.5e9 * spread, items: 12_000 * spread) {
                if night == 0 {
                    $0.configType = .full
                    $0.statistics.transferredBytes = 900_000_000_000
                }
            }
        }
    }

    /// Adds a session `daysAgo` before `now`, of 30 minutes, with its volumes.
    mutating func add(
        _ id: String, daysAgo: Double, bytes: Double, items: Double, objects: Int64 = 600,
        status: SessionStatus = .success, _ change: (inout JobSession) -> Void = { _ in }
    ) {
        var s = JobSession(id: EntityID(id))
        s.jobID = job
        s.creationTime = Self.now.adding(seconds: -daysAgo * 86_400)
        s.endTime = s.creationTime!.adding(seconds: 1800)
        s.status = status
        s.configType = .incremental
        s.statistics.transferredBytes = Int64(bytes)
        s.statistics.processingRateItemsPerSecond = Int64((items / 1800).rounded())
        s.statistics.processedObjects = objects
        change(&s)
        inventory.add(s)
    }

    func summary(_ change: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var options = SummaryOptions(now: Self.now)
        change(&options)
        return Summarizer.summarize(inventory, options: options)
    }
}

@Suite("unusual change volume: far above or below a job's own robust baseline")
struct ChangeVolumeTests {
    @Test("a night that changes 30× the usual is an unusual change, with its numbers and words")
    func encryptionNight() throws {
        var world = NightlyVolumes()
        world.add("night", daysAgo: 0.25, bytes: 45e9, items: 360_000)
        let s = world.summary()
        let change = try #require(s.jobs[0].unusualChanges.first)
        #expect(change.direction == .above)
        #expect(change.deviations.map(\.measure) == [.transferred, .items])
        let bytes = try #require(change.deviations.first)
        #expect((bytes.factor ?? 0) > 25 && (bytes.factor ?? 0) < 35)
        #expect(change.runs == 19, "20 nights, the full backup left out")
        let finding = try #require(s.securityFindings.first)
        #expect(finding.kind == .unusualChange && finding.level == .warning)
        let line = SecurityText.line(finding, in: s, zone: .utc)
        #expect(line.hasPrefix("Unusual change: Mailboxes ("), "\(line)")
        #expect(line.contains("transferred 41.9 GB, 30× its usual 1.4 GB"), "\(line)")
        #expect(!line.lowercased().contains("attack"), "it never claims an attack")
        #expect(s.reaches(.warning) && !s.reaches(.failed))
        #expect(s.actionHeadline.contains("1 security finding"), "\(s.actionHeadline)")
    }

    @Test("ordinary nights, the first full backup and a month-end's 3× are no finding")
    func ordinary() {
        var world = NightlyVolumes()
        world.add("month-end", daysAgo: 0.25, bytes: 4.5e9, items: 36_000)
        let s = world.summary()
        #expect(s.jobs[0].unusualChanges.isEmpty)
        #expect(s.securityFindings.isEmpty)
        #expect(!s.reaches(.warning))
        // The window of the last week holds the full backup's job's history only as baseline.
        let week = world.summary { $0.since = .before(seconds: 30 * 86_400) }
        #expect(week.jobs[0].unusualChanges.isEmpty, "the full backup is never judged")
    }

    @Test("a job with too little history is not judged")
    func tooLittleHistory() {
        var world = NightlyVolumes(nights: 6)
        world.add("night", daysAgo: 0.25, bytes: 45e9, items: 360_000)
        #expect(world.summary().jobs[0].unusualChanges.isEmpty, "5 comparable runs, 7 needed")
    }

    @Test("a small job's jump below the minimum amount is no finding")
    func smallJob() {
        var world = NightlyVolumes()
        // 20 MB where 1.5 GB is usual is below; 14× a tiny job's volume is no news either.
        world.add("night", daysAgo: 0.25, bytes: 1.5e9 * 1.6, items: 12_000 * 1.6)
        #expect(world.summary().jobs[0].unusualChanges.isEmpty)
        var tiny = NightlyVolumes()
        tiny.inventory = Inventory()
        var j = Job(id: tiny.job)
        j.name = "Tiny"
        tiny.inventory.add(j)
        for night in 0..<10 { tiny.add("t\(night)", daysAgo: Double(10 - night) + 0.25, bytes: 5e6, items: 20) }
        tiny.add("night", daysAgo: 0.25, bytes: 70e6, items: 280)
        #expect(tiny.summary().jobs[0].unusualChanges.isEmpty, "14× of 5 MB is below 1 GiB and 1,000 items")
    }

    @Test("a run after a paused week carries the week's change: scaled, no finding")
    func afterGap() {
        var paused = NightlyVolumes(nights: 0)
        for night in 0..<20 {
            paused.add("p\(night)", daysAgo: Double(28 - night) + 0.25, bytes: 1.5e9, items: 12_000)
        }
        paused.add("after-pause", daysAgo: 0.25, bytes: 1.5e9 * 12, items: 12_000 * 12)
        #expect(paused.summary().jobs[0].unusualChanges.isEmpty, "8 days of change after 8 days")
        var unpaused = NightlyVolumes(nights: 0)
        for night in 0..<20 {
            unpaused.add("u\(night)", daysAgo: Double(20 - night) + 0.25, bytes: 1.5e9, items: 12_000)
        }
        unpaused.add("night", daysAgo: 0.25, bytes: 1.5e9 * 12, items: 12_000 * 12)
        #expect(unpaused.summary().jobs[0].unusualChanges.count == 1, "the same volume after one day is unusual")
    }

    @Test("processed objects that drop to 2 % of the usual are a shrunk scope; a failed run is not judged")
    func shrunkScope() throws {
        var world = NightlyVolumes()
        world.add("failed", daysAgo: 0.4, bytes: 1e6, items: 10, objects: 3, status: .failed)
        world.add("night", daysAgo: 0.25, bytes: 1e8, items: 500, objects: 12)
        let s = world.summary()
        #expect(s.jobs[0].unusualChanges.count == 1, "the failed run is not judged")
        let change = try #require(s.jobs[0].unusualChanges.first)
        #expect(change.direction == .below && change.session == EntityID("night"))
        let finding = try #require(s.securityFindings.first)
        #expect(finding.kind == .shrunkScope)
        #expect(
            SecurityText.line(finding, in: s, zone: .utc).contains(
                "Fewer objects: Mailboxes (unknown organization): processed 12 objects, usually 600 (2%)"),
            "\(SecurityText.line(finding, in: s, zone: .utc))")
    }

    @Test("a retry that processes only the failed objects is no shrunk scope")
    func retryOfFailedObjects() {
        var world = NightlyVolumes()
        world.add("night", daysAgo: 0.3, bytes: 1e8, items: 500, objects: 600, status: .failed)
        world.add("retry", daysAgo: 0.25, bytes: 2e7, items: 40, objects: 3) {
            $0.retryCount = 1
            $0.mainSessionID = EntityID("night")
        }
        #expect(world.summary().jobs[0].unusualChanges.isEmpty)
    }

    @Test("an ignored period is neither judged nor learned from; a level can be raised; the rule can be off")
    func settings() {
        var world = NightlyVolumes()
        world.add("migration", daysAgo: 0.25, bytes: 45e9, items: 360_000)
        let ignored = world.summary {
            $0.changeVolume.ignored = [
                .init(
                    subject: .job("Mailboxes"), from: NightlyVolumes.now.adding(seconds: -86_400),
                    to: NightlyVolumes.now, reason: "migration")
            ]
        }
        #expect(ignored.jobs[0].unusualChanges.isEmpty)
        let otherJob = world.summary {
            $0.changeVolume.ignored = [
                .init(
                    subject: .job("Other"), from: NightlyVolumes.now.adding(seconds: -86_400), to: NightlyVolumes.now,
                    reason: "")
            ]
        }
        #expect(otherJob.jobs[0].unusualChanges.count == 1, "another job's period does not apply")
        let critical = world.summary { $0.securityLevels[.unusualChange] = .failed }
        #expect(critical.securityFindings.first?.level == .failed)
        #expect(critical.reaches(.failed))
        let off = world.summary { $0.changeVolume.enabled = false }
        #expect(off.securityFindings.isEmpty)
    }

    @Test("check, JSON, metrics and text say the same finding")
    func outputs() throws {
        var world = NightlyVolumes()
        world.add("night", daysAgo: 0.25, bytes: 45e9, items: 360_000)
        let s = world.summary()
        let check = MonitoringCheck.evaluate(s, policy: CheckPolicy())
        #expect(check.state == .warning)
        let note = try #require(check.notes.first { $0.key.hasPrefix("security/unusual-change/") })
        #expect(note.key.hasSuffix("/night"))
        #expect(check.pluginOutput().contains("Unusual change: Mailboxes"))
        let json = SummaryJSON.document(s, toolVersion: "t").rendered()
        #expect(json.contains("\"kind\": \"unusual-change\""))
        #expect(json.contains("\"session\": \"night\""))
        let metrics = PrometheusText.render(s)
        #expect(
            metrics.contains(
                "vb365_job_security_findings{server=\"\",organization=\"(unknown organization)\",job=\"Mailboxes\",job_type=\"backup\",kind=\"unusual-change\"} 1"
            ), "\(metrics)")
        #expect(metrics.contains("kind=\"shrunk-scope\"} 0"))
        let text = SummaryText.render(s)
        #expect(text.contains("SECURITY (1 security finding)"))
    }
}

@Suite("the month's end: the last business day to the end of the next first day, UTC")
struct MonthEndTests {
    @Test(
        "month-end days",
        arguments: [
            (Timestamp(year: 2026, month: 10, day: 30, hour: 20), true),  // Friday, the last business day
            (Timestamp(year: 2026, month: 10, day: 31, hour: 2), true),  // Saturday after it
            (Timestamp(year: 2026, month: 11, day: 1, hour: 23), true),  // the first
            (Timestamp(year: 2026, month: 11, day: 2, hour: 0), false),
            (Timestamp(year: 2026, month: 10, day: 29, hour: 23), false),
            (Timestamp(year: 2026, month: 12, day: 31, hour: 22), true),  // Thursday
            (Timestamp(year: 2026, month: 12, day: 30, hour: 22), false),
            (Timestamp(year: 2027, month: 2, day: 26, hour: 22), true),  // Friday; the 28th is a Sunday
        ])
    func monthEnd(time: Timestamp, expected: Bool) {
        #expect(Self.judged(time: time) == !expected)
    }

    /// Whether a session of 15× the usual at `time` is unusual, against 20 usual nights before it.
    static func judged(time: Timestamp) -> Bool {
        var inventory = Inventory()
        let job = EntityID("job")
        for night in 0..<20 {
            var s = JobSession(id: EntityID("m\(night)"))
            s.jobID = job
            s.creationTime = time.adding(seconds: -Double(20 - night) * 86_400)
            s.endTime = s.creationTime!.adding(seconds: 1800)
            s.status = .success
            s.statistics.transferredBytes = 1_500_000_000
            inventory.add(s)
        }
        var s = JobSession(id: EntityID("night"))
        s.jobID = job
        s.creationTime = time
        s.endTime = time.adding(seconds: 1800)
        s.status = .success
        s.statistics.transferredBytes = 22_500_000_000
        inventory.add(s)
        let summary = Summarizer.summarize(inventory, options: SummaryOptions(now: time.adding(seconds: 3600)))
        return !summary.jobs[0].unusualChanges.isEmpty
    }
}
