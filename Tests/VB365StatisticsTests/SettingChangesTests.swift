import Testing
import VB365Model
import VB365Statistics
import VB365Text

/// Settings that weaken protection (issue 29), found between two snapshots: each once, when it
/// happens, with before and after; nothing from a single snapshot, nothing from an unknown.
@Suite("Settings changes: disabled, removed, selection, exclusion, retention, immutability")
struct SettingChangesTests {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)
    static let hour = 3600.0

    static func at(_ hoursBeforeNow: Double) -> Timestamp { now.adding(seconds: -hoursBeforeNow * hour) }

    static func job(_ id: String, enabled: Bool? = true, copy: Bool = false, type: String? = "SelectedItems") -> Job {
        var j = Job(id: EntityID(id))
        j.name = "Job \(id)"
        j.organizationID = EntityID("org1")
        j.isEnabled = enabled
        j.isCopyJob = copy
        j.backupType = copy ? nil : type
        return j
    }

    /// A summary of an inventory with the organization, the jobs `current` and the builder's
    /// snapshots, judged at `now` over the day before it.
    static func summary(
        current: [Job] = [job("j1"), job("j2")], settings: SettingChangeSettings = .init(),
        build: (inout Inventory) -> Void
    ) -> Summary {
        var inventory = Inventory()
        var org = Organization(id: EntityID("org1"))
        org.name = "Contoso"
        inventory.add(org)
        for j in current { inventory.add(j) }
        build(&inventory)
        var options = SummaryOptions(now: now)
        options.settingChanges = settings
        return Summarizer.summarize(inventory, options: options)
    }

    @Test(
        "a job disabled is a finding once it stayed so 12 hours, at that time; not before, not when enabled again sooner"
    )
    func disabled() throws {
        // Enabled 30 h ago, disabled from the snapshot of 20 h ago, still so at the newest reading (1 h ago).
        let s = Self.summary { inv in
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1"), Self.job("j2")], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false), Self.job("j2")], jobSnapshotHead: true, time: Self.at(20)
            )
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        let c = try #require(s.settingChanges.first)
        #expect(s.settingChanges.count == 1)
        #expect(c.kind == .jobDisabled)
        #expect(c.time == Self.at(1))  // the first reading 12 h or more after (20 h ago + 12 h)
        #expect(c.firstSeen == Self.at(20))
        #expect(c.lastSeenBefore == Self.at(30))
        #expect(c.name == "Job j1")
        #expect(c.jobIndex.map { s.jobs[$0].name } == "Job j1")
        #expect(c.organizationIndex.map { s.organizations[$0].name } == "Contoso")
        let finding = try #require(s.securityFindings.first)
        #expect(finding.kind == .jobDisabled && finding.level == .warning)
        #expect(s.reaches(.warning))
        let line = SecurityText.line(finding, in: s, zone: .utc)
        #expect(line.hasPrefix("Job disabled: Job j1 (Contoso): "), "\(line)")
        #expect(line.contains("still disabled 19 hours later"), "\(line)")

        // Disabled 5 h ago only: not yet.
        let young = Self.summary { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(5))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        #expect(young.settingChanges.isEmpty)
        // Disabled for 4 h, then enabled again: a maintenance, no finding.
        let brief = Self.summary { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(20))
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(16))
        }
        #expect(brief.settingChanges.isEmpty)
        // Disabled before the first snapshot: never seen to change, not reported.
        let always = Self.summary { inv in
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(40))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        #expect(always.settingChanges.isEmpty)
        // The 12 hours ended before the window (two days ago): yesterday's finding, not today's.
        let old = Self.summary { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(80))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(70))
            // The daily fetch's readings: the one after the 12 hours is two days ago.
            for hours in [46, 22, 1] {
                inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(Double(hours)))
            }
        }
        #expect(old.settingChanges.isEmpty)
        // The threshold is a setting.
        var short = SettingChangeSettings()
        short.disabledSeconds = 4 * Self.hour
        let configured = Self.summary(settings: short) { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(5))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        #expect(configured.settingChanges.map(\.kind) == [.jobDisabled])
        var off = SettingChangeSettings()
        off.enabled = false
        let disabled = Self.summary(settings: off) { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(20))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        #expect(disabled.settingChanges.isEmpty)
    }

    @Test("a copy job no longer listed is a job removed; a whole-organization job made selective is a selection shrunk")
    func removedAndNarrowed() throws {
        let s = Self.summary(current: [Self.job("j1")]) { inv in
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", type: "EntireOrganization"), Self.job("c1", copy: true)],
                jobSnapshotHead: true, time: Self.at(10))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", type: "SelectedItems")], jobSnapshotHead: true, time: Self.at(2))
        }
        #expect(s.settingChanges.map(\.kind) == [.selectionShrunk, .jobRemoved])
        let removed = try #require(s.settingChanges.first { $0.kind == .jobRemoved })
        #expect(removed.before == "a backup copy job" && removed.name == "Job c1")
        #expect(removed.time == Self.at(2) && removed.lastSeenBefore == Self.at(10))
        // Not a job of the summary: placed in its organization all the same.
        #expect(removed.jobIndex == nil)
        #expect(removed.organizationIndex.map { s.organizations[$0].name } == "Contoso")
        let narrowed = try #require(s.settingChanges.first { $0.kind == .selectionShrunk })
        #expect(narrowed.before == "the entire organization" && narrowed.after == "selected items")
        // One snapshot alone says nothing.
        let single = Self.summary { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(2))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(2))
        }
        #expect(single.settingChanges.isEmpty)
        #expect(single.settingsWatched)
        #expect(!Self.summary { _ in }.settingsWatched)
    }

    @Test("review: an empty snapshot is every job removed; one cut short is none; a missed fetch delays a disabled job")
    func snapshotsWholeOrNot() throws {
        let emptied = Self.summary { inv in
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1"), Self.job("j2")], jobSnapshotHead: true, time: Self.at(10))
            inv.addInfrastructure(jobSnapshots: [], jobSnapshotHead: true, time: Self.at(2))
        }
        #expect(emptied.settingChanges.map(\.kind) == [.jobRemoved, .jobRemoved])
        // A fetch killed after its copy jobs, before its `-jobs.json`: not a snapshot.
        let cut = Self.summary { inv in
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1"), Self.job("c1", copy: true)], jobSnapshotHead: true, time: Self.at(10))
            inv.addInfrastructure(jobSnapshots: [Self.job("c1", copy: true)], time: Self.at(2))
        }
        #expect(cut.settingChanges.isEmpty)
        // Disabled 30 h ago, due 18 h ago; the fetches of the next day failed, one worked 1 h
        // ago: found then, in today's window, not lost.
        let late = Self.summary { inv in
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(40))
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1", enabled: false)], jobSnapshotHead: true, time: Self.at(30))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(30))
            inv.addInfrastructure(repositories: [Repository(id: EntityID("r1"))], time: Self.at(1))
        }
        #expect(late.settingChanges.map(\.time) == [Self.at(1)])
        // A change exactly at the window's start is the window before's: a day's run at the same
        // time as the last one never shows it twice.
        let boundary = Self.summary { inv in
            inv.addInfrastructure(repositories: [Self.repository(retention: .years(3))], time: Self.at(30))
            inv.addInfrastructure(repositories: [Self.repository(retention: .days(3))], time: Self.at(24))
        }
        #expect(boundary.settingChanges.isEmpty)
    }

    static func repository(retention: RetentionPeriod?, immutable: Bool? = nil, days: Int64? = nil) -> Repository {
        var r = Repository(id: EntityID("r1"))
        r.name = "Azure <Blob> | repo"
        r.retention = retention
        r.immutabilityEnabled = immutable
        r.immutabilityDays = days
        r.isObjectStorage = immutable != nil
        return r
    }

    @Test("retention shortened and immutability off or shortened, between two readings of a repository")
    func repositories() throws {
        let s = Self.summary { inv in
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .years(3), immutable: true, days: 30)], time: Self.at(30))
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .years(3), immutable: true, days: 30)], time: Self.at(20))
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .days(30), immutable: false)], time: Self.at(5))
        }
        #expect(s.settingChanges.map(\.kind) == [.retentionShortened, .immutabilityOff])
        let retention = s.settingChanges[0]
        #expect(retention.before == "3 years" && retention.after == "30 days")
        #expect(retention.time == Self.at(5) && retention.lastSeenBefore == Self.at(20))
        #expect(retention.isRepository && retention.name == "Azure <Blob> | repo")
        let immutability = s.settingChanges[1]
        #expect(immutability.before == "on, 30 days" && immutability.after == "off")
        let finding = try #require(s.securityFindings.first)
        #expect(finding.kind == .immutabilityOff && finding.level == .failed, "Critical by default")
        #expect(s.reaches(.failed))

        // Shortened immutability; longer retention; unknown readings: only the shortening.
        let t = Self.summary { inv in
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .months(6), immutable: true, days: 30)], time: Self.at(20))
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .forever, immutable: true, days: 7)], time: Self.at(10))
            inv.addInfrastructure(repositories: [Self.repository(retention: nil, immutable: nil)], time: Self.at(5))
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .days(1), immutable: nil)], time: Self.at(4))
        }
        #expect(t.settingChanges.map(\.kind) == [.immutabilityOff])
        #expect(t.settingChanges.first?.after == "on, 7 days")
        // Immutability for the retention period: the retention's shortening is one finding, not two.
        let following = Self.summary { inv in
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .years(3), immutable: true)], time: Self.at(20))
            inv.addInfrastructure(
                repositories: [Self.repository(retention: .days(30), immutable: true)], time: Self.at(5))
        }
        #expect(following.settingChanges.map(\.kind) == [.retentionShortened])
        // A reading without a time is no history.
        let untimed = Self.summary { inv in
            inv.addInfrastructure(repositories: [Self.repository(retention: .years(3))], time: nil)
            inv.addInfrastructure(repositories: [Self.repository(retention: .days(3))], time: Self.at(2))
        }
        #expect(untimed.settingChanges.isEmpty)
    }

    static func protection(_ items: [JobItem], points: [RestorePoint] = [], at t: Timestamp) -> ProtectionSnapshot {
        var s = ProtectionSnapshot(organizationID: EntityID("org1"), taken: t)
        s.sources = [.jobItems: .complete, .restorePoints: .complete]
        s.jobs = [ProtectionJob(id: EntityID("j1"), name: "Job j1", backupType: "SelectedItems", isEnabled: true)]
        s.jobItems = items
        s.restorePoints = points
        return s
    }

    static func user(_ n: Int, data: Set<ProtectedData> = [], exclusion: Bool = false) -> JobItem {
        var item = JobItem(jobID: EntityID("j1"), isExclusion: exclusion, type: .user)
        item.objectID = "u\(n)"
        item.name = "User \(n)"
        item.data = data
        return item
    }

    @Test(
        "protection snapshots: selected items halved, an item's data narrowed, an exclusion added; a small removal is none"
    )
    func selection() throws {
        let base = Self.summary { _ in }
        let before = Self.protection((1...10).map { Self.user($0) }, at: Self.at(30))
        let halved = Self.protection((1...5).map { Self.user($0) }, at: Self.at(6))
        let changes = SettingChanges.fromProtection(
            [halved, before], summary: base, servers: [], settings: .init())
        let c = try #require(changes.first)
        #expect(changes.count == 1)
        #expect(c.kind == .selectionShrunk && c.before == "10 selected items" && c.after == "5 selected items")
        #expect(c.items == ["User 10", "User 6", "User 7", "User 8", "User 9"] && c.itemCount == 5)
        #expect(c.organizationIndex.map { base.organizations[$0].name } == "Contoso")
        #expect(c.jobIndex.map { base.jobs[$0].name } == "Job j1")

        // One of 20 removed (5 %): an employee who left, below the 10 % share.
        let twenty = Self.protection((1...20).map { Self.user($0) }, at: Self.at(30))
        let nineteen = Self.protection((1...19).map { Self.user($0) }, at: Self.at(6))
        #expect(
            SettingChanges.fromProtection([twenty, nineteen], summary: base, servers: [], settings: .init()).isEmpty)

        // Every kind of data, then mail only: narrowed. An exclusion added.
        let all = Self.protection([Self.user(1), Self.user(2)], at: Self.at(30))
        let mail = Self.protection(
            [Self.user(1, data: [.mailbox]), Self.user(2), Self.user(3, exclusion: true)], at: Self.at(6))
        let narrowed = SettingChanges.fromProtection([all, mail], summary: base, servers: [], settings: .init())
        #expect(narrowed.map(\.kind) == [.selectionShrunk, .exclusionAdded])
        #expect(
            narrowed[0].items == ["User 1 (archive mailbox, OneDrive, personal site)"] || narrowed[0].items.count == 1)
        #expect(narrowed[1].items == ["User 3"] && narrowed[1].before == "0 exclusions")

        // Selected items to the entire organization: wider, not shrunk.
        var widened = halved
        widened.jobs[0].backupType = "EntireOrganization"
        widened.jobItems = []
        #expect(
            SettingChanges.fromProtection([before, widened], summary: base, servers: [], settings: .init()).isEmpty)
        // Items not read to the end: unknown, no finding.
        var partial = halved
        partial.sources[.jobItems] = .partial
        #expect(
            SettingChanges.fromProtection([before, partial], summary: base, servers: [], settings: .init()).isEmpty)
        // A change before the window (two days ago) is not today's.
        let older = Self.protection((1...5).map { Self.user($0) }, at: Self.at(40))
        #expect(
            SettingChanges.fromProtection(
                [Self.protection((1...10).map { Self.user($0) }, at: Self.at(50)), older], summary: base, servers: [],
                settings: .init()
            ).isEmpty)
    }

    @Test("restore points no longer immutable are immutability off, unless the repository's readings tell it")
    func restorePoints() throws {
        let base = Self.summary { _ in }
        func point(_ id: String, immutable: Bool) -> RestorePoint {
            var p = RestorePoint(id: id)
            p.repositoryID = EntityID("r9")
            p.immutableUntil = immutable ? Self.now.adding(seconds: 30 * 86_400) : nil
            return p
        }
        let a = Self.protection([Self.user(1)], points: [point("p1", immutable: true)], at: Self.at(30))
        let b = Self.protection([Self.user(1)], points: [point("p2", immutable: false)], at: Self.at(6))
        let changes = SettingChanges.fromProtection([a, b], summary: base, servers: [], settings: .init())
        #expect(changes.map(\.kind) == [.immutabilityOff])
        #expect(changes.first?.after == "1 new restore point without immutability")
        #expect(
            SettingChanges.fromProtection(
                [a, b], summary: base, servers: [], settings: .init(), skipRepositories: ["-1|r9"]
            )
            .isEmpty)
        // Still immutable, or no new point: nothing.
        let c = Self.protection([Self.user(1)], points: [point("p3", immutable: true)], at: Self.at(6))
        let d = Self.protection([Self.user(1)], at: Self.at(6))
        #expect(SettingChanges.fromProtection([a, c], summary: base, servers: [], settings: .init()).isEmpty)
        #expect(SettingChanges.fromProtection([a, d], summary: base, servers: [], settings: .init()).isEmpty)
    }

    @Test("a tenant sees its own jobs' changes, never a shared repository's or another organization's")
    func tenant() throws {
        let s = Self.summary { inv in
            var other = Organization(id: EntityID("org2"))
            other.name = "Fabrikam"
            inv.add(other)
            var j = Self.job("f1")
            j.organizationID = EntityID("org2")
            inv.add(j)
            inv.addInfrastructure(
                jobSnapshots: [Self.job("j1"), j, Self.job("c1", copy: true)], jobSnapshotHead: true, time: Self.at(10))
            inv.addInfrastructure(jobSnapshots: [Self.job("j1")], jobSnapshotHead: true, time: Self.at(2))
            inv.addInfrastructure(repositories: [Self.repository(retention: .years(3))], time: Self.at(10))
            inv.addInfrastructure(repositories: [Self.repository(retention: .days(7))], time: Self.at(2))
        }
        #expect(
            s.settingChanges.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                .jobRemoved, .jobRemoved, .retentionShortened,
            ])
        let contoso = try #require(s.organizations.firstIndex { $0.name == "Contoso" })
        let fabrikam = try #require(s.organizations.firstIndex { $0.name == "Fabrikam" })
        #expect(s.tenant(contoso).settingChanges.map(\.name) == ["Job c1"])
        #expect(s.tenant(fabrikam).settingChanges.map(\.name) == ["Job f1"])
        // The repository serves no known organization: the provider's alone.
        #expect(!s.tenant(contoso).settingChanges.contains { $0.isRepository })
    }
}

/// The selection rule measured on realistic histories: half a year of daily protection snapshots
/// of jobs that select users one by one, with routine churn (each user leaves with 0.25 % a day,
/// about one in 13 a month, and as many join), then a change that drops half the selection.
/// The false-alarm rate is the share of days with a finding before the change; the delay is the
/// time from the change to the first finding.
@Suite("The selection rule measured on routine churn")
struct SelectionChurnMeasurementTests {
    /// SplitMix64: the same on every platform.
    struct Mix {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    @Test(
        "routine joiners and leavers rarely fire on jobs of 20 items or more; a halving is found at the next snapshot")
    func churn() throws {
        let base = SettingChangesTests.summary { _ in }
        let days = 180
        let changeDay = 150
        var lines = [
            "| items | seeds | days judged | false alarms | rate | halving found | delay |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        var largeAlarms = 0
        var largeDays = 0
        for size in [5, 20, 100, 500] {
            var alarms = 0
            var judged = 0
            var found = 0
            var delays: [Double] = []
            let seeds = 20
            for seed in 0..<seeds {
                var rng = Mix(state: UInt64(seed * 7919 + size))
                var users = Array(0..<size)
                var next = size
                var snapshots: [ProtectionSnapshot] = []
                let start = SettingChangesTests.now.adding(seconds: -Double(days) * 86_400)
                for day in 0..<days {
                    if day == changeDay { users = Array(users.prefix(users.count / 2)) }
                    users = users.filter { _ in rng.unit() >= 0.0025 }
                    for _ in 0..<size where rng.unit() < 0.0025 {
                        users.append(next)
                        next += 1
                    }
                    let t = start.adding(seconds: Double(day) * 86_400)
                    snapshots.append(SettingChangesTests.protection(users.map { SettingChangesTests.user($0) }, at: t))
                }
                var window = base
                window.window = TimeWindow(start: start, end: SettingChangesTests.now, endIncluded: true)
                let changes = SettingChanges.fromProtection(
                    snapshots, summary: window, servers: [], settings: .init())
                let changeTime = start.adding(seconds: Double(changeDay) * 86_400)
                alarms += changes.filter { $0.time < changeTime }.count
                judged += changeDay - 1
                if let first = changes.first(where: { $0.time >= changeTime }) {
                    found += 1
                    delays.append(first.time.seconds(since: changeTime))
                }
            }
            if size >= 20 {
                largeAlarms += alarms
                largeDays += judged
            }
            let rate = Double(alarms) / Double(judged) * 100
            let delay = delays.max().map { "\(Int($0 / 3600)) h" } ?? "—"
            lines.append(
                "| \(size) | \(seeds) | \(judged) | \(alarms) | \(String(format: "%.2f", rate)) % | \(found) of \(seeds) | \(delay) |"
            )
            #expect(found == seeds, "a halving of \(size) items is always found")
            #expect(delays.allSatisfy { $0 == 0 }, "at the first snapshot after it")
        }
        print(lines.joined(separator: "\n"))
        #expect(Double(largeAlarms) / Double(largeDays) < 0.005, "jobs of 20 items or more: under 0.5 % of days")
    }
}
