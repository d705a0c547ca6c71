import Foundation
import VB365Model
import VB365Statistics
import VB365TestSupport

@testable import VB365Rendering

/// Organizations' protection made by hand, judged as the statistics judge them, on top of the
/// samples' report.
enum ProtectionFixtures {
    /// When the snapshots are taken: the samples' report time.
    static let now = Fixtures.reportTime
    /// A job of the samples, so that an object's job links to its page.
    static let sampleJob = EntityID("1649698b-1cc9-41da-94f6-8a785a1f72f0")
    static let otherJob = EntityID("6f1d3c1e-0000-4000-8000-0000000000aa")

    /// A name with markup, a pipe, backticks, Markdown, a path, an RTL override and an emoji.
    static let hostile = "Evil | `tick` <script>alert(1)</script> *bold* ../../etc \u{202E}txt.exe 🚀"

    /// A user of the directory with a backup of each of `marks`, that many hours before `now`.
    static func user(
        _ id: String, name: String? = nil, _ marks: [ProtectedData: Double?] = [:], account: AccountKind = .user
    ) -> ProtectionObject {
        var o = ProtectionObject(kind: .user, id: id)
        o.name = name ?? id
        o.address = "\(id)@contoso.com"
        o.account = account
        o.inDirectory = true
        for (data, hoursAgo) in marks {
            o.backups[data] = BackupMark(isBackedUp: true, time: hoursAgo.map { now.adding(seconds: -$0 * 3600) })
        }
        return o
    }

    /// An object of `kind` in the directory.
    static func object(_ kind: ProtectedObjectKind, _ id: String, name: String? = nil) -> ProtectionObject {
        var o = ProtectionObject(kind: kind, id: id)
        o.name = name ?? id
        o.inDirectory = true
        return o
    }

    /// A job item selecting (or excluding) the object `id`.
    static func item(_ id: String, _ type: JobItemType = .user, exclusion: Bool = false, job: EntityID = sampleJob)
        -> JobItem
    {
        var item = JobItem(jobID: job, isExclusion: exclusion, type: type)
        item.objectID = id
        // Every kind of its data, as the decoder reads an item that sends no options (an
        // exclusion without options: the whole object).
        if !exclusion { item.data = Set(type.objectKind?.dataKinds ?? []) }
        return item
    }

    /// A snapshot of organization `id` with every list read.
    static func snapshot(
        _ id: String, name: String, objects: [ProtectionObject], items: [JobItem]
    ) -> ProtectionSnapshot {
        var s = ProtectionSnapshot(organizationID: EntityID(id), taken: now)
        s.organizationName = name
        for source in ProtectionSource.allCases { s.sources[source] = .complete }
        s.objects = objects
        s.jobItems = items
        s.jobs = [
            ProtectionJob(id: sampleJob, name: "Mail", backupType: "SelectedItems"),
            ProtectionJob(id: otherJob, name: "Other", backupType: "SelectedItems"),
        ]
        return s
    }

    /// Contoso: one object of each state that needs action, a user over the licence, a protected
    /// user, an excluded site, and an SLA.
    static var contoso: TenantProtection {
        var exceeded = user("exceeded")
        exceeded.license = LicenseMark(state: .exceeded, isBackedUp: false)
        let s = snapshot(
            "6f1d3c1e-0000-4000-8000-000000000001", name: "Contoso",
            objects: [
                user("fine", [.mailbox: 2, .oneDrive: 3]), user("late", [.mailbox: 2, .oneDrive: 72]),
                user("newcomer"), user("never"), exceeded, object(.team, "team-1", name: "Sales team"),
                object(.site, "site-x", name: "Archive"),
            ],
            items: [
                item("fine"), item("late"), item("never", job: otherJob), item("exceeded"),
                item("site-x", .site, exclusion: true),
            ])
        var t = TenantProtection.judge(s, firstSeen: ["newcomer": now.adding(seconds: -3600)])
        var sla = ProtectionSLA(
            start: Timestamp(year: 2026, month: 11, day: 1), end: Timestamp(year: 2026, month: 11, day: 23, hour: 7))
        sla.checks = 22
        sla.total = SLAShare(met: 95, checks: 110)
        sla.byData[.mailbox] = SLAShare(met: 80, checks: 88)
        sla.byKind[.user] = SLAShare(met: 86, checks: 88)
        t.sla = sla
        return t
    }

    /// Fabrikam: every object protected.
    static var fabrikam: TenantProtection {
        TenantProtection.judge(
            snapshot(
                "6f1d3c1e-0000-4000-8000-000000000002", name: "Fabrikam",
                objects: [user("a", [.mailbox: 1, .oneDrive: 1]), user("b", [.mailbox: 5, .oneDrive: 5])],
                items: [item("a"), item("b")]))
    }

    /// Northwind: its users list cut short and its backup data refused, so its coverage is unknown.
    static var northwind: TenantProtection {
        var s = snapshot(
            "6f1d3c1e-0000-4000-8000-000000000003", name: "Northwind",
            objects: [user("a"), user("b", [.mailbox: 1, .oneDrive: 1])], items: [item("a"), item("b")])
        s.sources[.users] = .partial
        s.sources[.backupData] = .unavailable
        return TenantProtection.judge(s)
    }

    /// An organization of `count` users: the first `breached` of them breached, the rest protected.
    static func large(_ count: Int, breached: Int, name: String = "Big") -> TenantProtection {
        var objects: [ProtectionObject] = []
        var items: [JobItem] = []
        for n in 0..<count {
            let id = "user-\(n)"
            objects.append(user(id, [.mailbox: 1, .oneDrive: n < breached ? 100 : 1]))
            items.append(item(id))
        }
        return TenantProtection.judge(
            snapshot("6f1d3c1e-0000-4000-8000-000000000004", name: name, objects: objects, items: items))
    }

    /// The samples' report input with `tenants` as its protection.
    static func input(_ tenants: [TenantProtection], zone: String = "Europe/Berlin") async -> ReportInput {
        var input = await Fixtures.reportInput([Fixtures.samples], zone: zone)
        input.summary.protection.tenants = tenants
        input.summary.protection.period = tenants.first.map { _ in
            Timestamp(year: 2026, month: 11, day: 1)..<now
        }
        return input
    }
}
