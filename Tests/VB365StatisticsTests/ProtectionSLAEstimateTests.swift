import Testing
import VB365Model
import VB365Statistics

@Suite("Protection SLA: the days before the first snapshot, estimated from restore points")
struct ProtectionSLAEstimateTests {
    static let organization = EntityID("6f1d3c1e-0000-4000-8000-000000000001")
    static let mail = EntityID("6f1d3c1e-0000-4000-8000-0000000000aa")
    static let sites = EntityID("6f1d3c1e-0000-4000-8000-0000000000bb")
    static let period = Timestamp(year: 2026, month: 12, day: 1)..<Timestamp(year: 2026, month: 12, day: 12)
    /// The first snapshot, on the 10th, and the checks: the last of the 10th and one on the 11th.
    static let first = Timestamp(year: 2026, month: 12, day: 10, hour: 6)
    static let times = [
        first, Timestamp(year: 2026, month: 12, day: 10, hour: 18), Timestamp(year: 2026, month: 12, day: 11, hour: 6),
    ]

    static func day(_ d: Int, hour: Int = 22) -> Timestamp { Timestamp(year: 2026, month: 12, day: d, hour: hour) }

    static func point(_ id: String, job: EntityID, _ time: Timestamp, _ data: Set<RestorePointData>) -> RestorePoint {
        var p = RestorePoint(id: id)
        p.jobID = job
        p.organizationID = organization
        p.backupTime = time
        p.data = data
        return p
    }

    /// The restore points of the 1st to the 9th: the mail job's every night but the 5th's (a
    /// copy that night does not count) and the 7th's holds mail only; the sites job's every night.
    static let points: [RestorePoint] = {
        var points: [RestorePoint] = []
        for d in 1...9 {
            points.append(point("sites-\(d)", job: sites, day(d), [.sharePoint]))
            switch d {
            case 5:
                var copy = point("copy-5", job: mail, day(5), [.exchange, .oneDrive])
                copy.isCopy = true
                var retrieved = point("retrieved-5", job: mail, day(5, hour: 23), [.exchange, .oneDrive])
                retrieved.isRetrieved = true
                points += [copy, retrieved]
            case 7: points.append(point("mail-7", job: mail, day(7), [.exchange]))
            default: points.append(point("mail-\(d)", job: mail, day(d), [.exchange, .oneDrive]))
            }
        }
        return points
    }()

    /// A snapshot at `taken`: "a" (in the mail job, backed up an hour ago), "site" (in the sites
    /// job, backed up an hour ago), "never" (in the mail job, never backed up), "loose" (in no
    /// job) and "out" (excluded by the mail job); with `points`.
    static func snapshot(_ taken: Timestamp, points: [RestorePoint] = []) -> ProtectionSnapshot {
        var s = ProtectionSnapshot(organizationID: organization, taken: taken)
        for source in ProtectionSource.allCases { s.sources[source] = .complete }
        let recent = BackupMark(isBackedUp: true, time: taken.adding(seconds: -3600))
        func user(_ id: String, backedUp: Bool) -> ProtectionObject {
            var o = ProtectionObject(kind: .user, id: id)
            o.account = .user
            o.inDirectory = true
            if backedUp { o.backups = [.mailbox: recent, .oneDrive: recent] }
            return o
        }
        var site = ProtectionObject(kind: .site, id: "site")
        site.inDirectory = true
        site.backups[.site] = recent
        s.objects = [user("a", backedUp: true), user("never", backedUp: false), user("loose", backedUp: false)]
        s.objects.append(user("out", backedUp: false))
        s.objects.append(site)
        func item(_ job: EntityID, _ id: String, _ type: JobItemType, exclusion: Bool = false) -> JobItem {
            var item = JobItem(jobID: job, isExclusion: exclusion, type: type)
            item.objectID = id
            item.data = exclusion ? [] : Set(type.objectKind?.dataKinds ?? [])
            return item
        }
        s.jobItems = [item(mail, "a", .user), item(mail, "never", .user), item(mail, "out", .user, exclusion: true)]
        s.jobItems.append(item(sites, "site", .site))
        s.jobs = [
            ProtectionJob(id: mail, name: "Mail", backupType: "SelectedItems"),
            ProtectionJob(id: sites, name: "Sites", backupType: "SelectedItems"),
        ]
        s.restorePoints = points
        return s
    }

    /// The tenant `ProtectionSummary.make` gives of the three snapshots (the first with the
    /// restore points) under `settings`.
    static func tenant(_ settings: ProtectionSettings = .standard, points: [RestorePoint] = points) throws
        -> TenantProtection
    {
        var snapshots: [Timestamp: ProtectionSnapshot] = [:]
        for (n, time) in times.enumerated() { snapshots[time] = snapshot(time, points: n == 0 ? points : []) }
        var inventory = Inventory()
        inventory.protectionSnapshots = times.map {
            ProtectionSnapshotReference(path: $0.iso8601, server: -1, organization: organization, taken: $0)
        }
        let sessions = Summarizer.summarize(inventory, options: SummaryOptions(now: period.upperBound))
        let summary = ProtectionSummary.make(inventory, sessions: sessions, settings: settings, period: period) {
            snapshots[$0.taken]
        }
        return try #require(summary.tenants.first)
    }

    func own(_ t: TenantProtection, _ id: String) -> SLAShare? {
        t.objects.first { $0.object.id == id }.flatMap(t.sla(of:))
    }

    @Test("the 1st to the 9th count from restore points: met within the RPO of the day's end, copies ignored")
    func daysBeforeTheFirstSnapshot() throws {
        let t = try Self.tenant()
        let sla = try #require(t.sla)
        #expect(sla.checks == 11 && sla.estimatedChecks == 9, "9 days estimated and 2 snapshot checks")
        // "a": not the 5th (the mail job's point of the 4th is older than a day at the 5th's end,
        // and the copy and the retrieval do not count), not the 7th (mail only).
        #expect(own(t, "a") == SLAShare(met: 9, checks: 11))
        #expect(own(t, "site") == SLAShare(met: 11, checks: 11), "met every check: no exception")
        #expect(sla.exceptions["site"] == nil)
        // Never backed up at the first snapshot: its job's restore points do not make it met.
        #expect(own(t, "never") == SLAShare(met: 0, checks: 11))
        #expect(own(t, "loose") == SLAShare(met: 0, checks: 11), "in no job: not met, as the first snapshot judges it")
        #expect(sla.exceptions["out"] == nil && own(t, "out") == nil, "excluded: counted on no check")
        #expect(sla.total == SLAShare(met: 20, checks: 44))
        #expect(sla.byData[.mailbox] == SLAShare(met: 10, checks: 33), "a: 8 + 2; never: 0; loose: 0")
        #expect(sla.byData[.oneDrive] == SLAShare(met: 9, checks: 33), "a: 7 + 2")
        #expect(sla.byData[.site] == SLAShare(met: 11, checks: 11))
        #expect(sla.byKind[.user] == SLAShare(met: 9, checks: 33) && sla.byKind[.site] == SLAShare(met: 11, checks: 11))
    }

    @Test("a day whose points are older than the RPO at its end is not met; a longer RPO reaches them")
    func olderPoints() throws {
        // The sites job's points only on the 1st and the 6th.
        let points = Self.points.filter { !$0.id.hasPrefix("sites-") || $0.id == "sites-1" || $0.id == "sites-6" }
        let day = try #require(Self.tenant(points: points).sla)
        #expect(day.exceptions["site"] == SLAShare(met: 4, checks: 11), "the 1st, the 6th and the two snapshots")
        let twoDays = try #require(Self.tenant(ProtectionSettings(rpoSeconds: 2 * Seconds.day), points: points).sla)
        #expect(twoDays.estimatedChecks == 9)
        #expect(twoDays.exceptions["site"] == SLAShare(met: 6, checks: 11), "and the 2nd and the 7th")
    }

    @Test("a sub-daily RPO adds nothing: every snapshot is a check, no day is estimated")
    func subDaily() throws {
        let sla = try #require(Self.tenant(ProtectionSettings(rpoSeconds: 12 * Seconds.hour)).sla)
        #expect(sla.checks == 3 && sla.estimatedChecks == 0)
        #expect(sla.total.checks == 12)
    }

    @Test("restore points that begin after the first day: the days from the day after the earliest one's")
    func lateRestorePoints() throws {
        // As a snapshot taken before the fetch read a month's restore points holds them.
        let points = Self.points.filter { ($0.backupTime ?? Self.first) >= Self.day(4, hour: 0) }
        let t = try Self.tenant(points: points)
        let sla = try #require(t.sla)
        #expect(sla.checks == 7 && sla.estimatedChecks == 5, "the 5th to the 9th")
        #expect(own(t, "site") == SLAShare(met: 7, checks: 7) && sla.exceptions["site"] == nil)
        #expect(own(t, "a") == SLAShare(met: 5, checks: 7), "not the 5th nor the 7th")
        let none = try #require(Self.tenant(points: []).sla)
        #expect(none.checks == 2 && none.estimatedChecks == 0, "no restore point read: no day told")
    }

    @Test("restore points the snapshot did not read completely estimate nothing")
    func restorePointsNotRead() {
        var history = ProtectionHistory(settings: .standard, period: Self.period)
        var first = Self.snapshot(Self.first, points: Self.points)
        first.sources[.restorePoints] = .partial
        history.add(first)
        #expect(history.sla.checks == 1 && history.sla.estimatedChecks == 0)
    }

    @Test(
        "an organization's first snapshot estimates from its month's start; one after a snapshot before the period, from the period's"
    )
    func monthStart() {
        let period = Timestamp(year: 2026, month: 11, day: 25)..<Self.period.upperBound
        var alone = ProtectionHistory(settings: .standard, period: period)
        alone.add(Self.snapshot(Self.first, points: Self.points))
        #expect(alone.sla.estimatedChecks == 9, "the 1st to the 9th: the first snapshot read no restore point before")
        var after = ProtectionHistory(settings: .standard, period: period)
        let november = Self.point(
            "sites-nov", job: Self.sites, Timestamp(year: 2026, month: 11, day: 24), [.sharePoint])
        after.add(Self.snapshot(Timestamp(year: 2026, month: 11, day: 20), points: [november]), isCheck: false)
        after.add(Self.snapshot(Self.first, points: Self.points))
        #expect(after.sla.estimatedChecks == 15, "the 25th of November to the 9th")
        #expect(after.result()?.sla?.exceptions["site"] == SLAShare(met: 10, checks: 16), "no points in November")
    }
}
