import VB365Model
import VB365Statistics

/// Organizations' protection judged by hand, for the machine outputs: one with gaps (Fabrikam),
/// one with a user over the licence (the sessions' Contoso Ltd), one whose users list the server
/// cut short, and one with a hostile name and hostile object names.
enum ProtectionScenario {
    static let now = MonitoringScenario.now
    static let job = EntityID("6f1d3c1e-0000-4000-8000-0000000000aa")
    static let fabrikam = EntityID("0f000000-0000-4000-8000-000000000001")
    static let contoso = EntityID(MonitoringScenario.organizationID)
    static let partial = EntityID("0f000000-0000-4000-8000-000000000003")
    static let hostile = EntityID("0f000000-0000-4000-8000-000000000004")
    /// Markup, quotes, a line break, `|`, `=`, an emoji and right-to-left text with its override.
    static let hostileName = "<b>Evil</b> 'org' \"q\" | x=1\nnext 🎉 \u{202E}שלום"

    /// An object in the directory, with backups of `marks` made that many hours before `now`.
    static func object(_ kind: ProtectedObjectKind, _ id: String, _ marks: [ProtectedData: Double] = [:])
        -> ProtectionObject
    {
        var o = ProtectionObject(kind: kind, id: id)
        o.name = id
        o.address = kind == .site ? "https://fabrikam.sharepoint.com/sites/\(id)" : "\(id)@fabrikam.com"
        o.account = kind == .user ? .user : nil
        o.inDirectory = true
        for (data, hours) in marks {
            o.backups[data] = BackupMark(isBackedUp: true, time: now.adding(seconds: -hours * 3600))
        }
        return o
    }

    /// A job item selecting the object `id` of `type`: every kind of its data, as the decoder
    /// reads an item that sends no options.
    static func item(_ id: String, _ type: JobItemType = .user) -> JobItem {
        var item = JobItem(jobID: job, isExclusion: false, type: type)
        item.objectID = id
        item.data = Set(type.objectKind?.dataKinds ?? [])
        return item
    }

    /// A snapshot of `organization` taken at `now`, every list read completely.
    static func snapshot(
        _ organization: EntityID, _ name: String, _ objects: [ProtectionObject], items: [JobItem]
    ) -> ProtectionSnapshot {
        var s = ProtectionSnapshot(organizationID: organization, taken: now.adding(seconds: -3600))
        s.organizationName = name
        for source in ProtectionSource.allCases { s.sources[source] = .complete }
        s.objects = objects
        s.jobItems = items
        s.jobs = [ProtectionJob(id: job, name: "Mail", backupType: "SelectedItems")]
        return s
    }

    static let fresh: [ProtectedData: Double] = [.mailbox: 2, .oneDrive: 3]

    /// Fabrikam: 2 users in no job, 1 team breached, 3 users and 1 site protected.
    static func fabrikamTenant() -> TenantProtection {
        var team = object(.team, "sales-team", [.team: 72])
        team.name = "Sales"
        let objects = [
            object(.user, "alice", fresh), object(.user, "bob", fresh), object(.user, "carol", fresh),
            object(.user, "dave"), object(.user, "erin"), team, object(.site, "intranet", [.site: 1]),
        ]
        let items = [
            item("alice"), item("bob"), item("carol"), item("sales-team", .team), item("intranet", .site),
        ]
        var t = TenantProtection.judge(snapshot(fabrikam, "Fabrikam", objects, items: items))
        var sla = ProtectionSLA(start: Timestamp(year: 2026, month: 11, day: 1), end: now)
        sla.checks = 22
        sla.total = SLAShare(met: 150, checks: 154)
        sla.byData = [.mailbox: SLAShare(met: 66, checks: 66), .team: SLAShare(met: 20, checks: 22)]
        sla.byKind = [.user: SLAShare(met: 110, checks: 110)]
        t.sla = sla
        return t
    }

    /// Contoso Ltd (the sessions' organization): one user queued behind an exceeded licence.
    static func contosoTenant() -> TenantProtection {
        var exceeded = object(.user, "frank")
        exceeded.license = LicenseMark(state: .exceeded, isBackedUp: false)
        let objects = [object(.user, "grace", fresh), exceeded]
        var t = TenantProtection.judge(
            snapshot(contoso, "Contoso Ltd", objects, items: [item("grace"), item("frank")]))
        t.organizationIndex = 0
        return t
    }

    /// An organization whose users list was cut short and whose backup data was refused.
    static func partialTenant() -> TenantProtection {
        var s = snapshot(partial, "Northwind", [object(.user, "heidi"), object(.user, "ivan", fresh)], items: [])
        s.sources[.users] = .partial
        s.sources[.backupData] = .unavailable
        return TenantProtection.judge(s)
    }

    /// The hostile organization: one user in no job whose name and reason are hostile too.
    static func hostileTenant() -> TenantProtection {
        var evil = object(.user, "evil")
        evil.name = "Mallory \"|\" <script>alert(1)</script>\n'x'=1"
        let objects = [evil, object(.user, "judy", fresh)]
        return TenantProtection.judge(snapshot(hostile, hostileName, objects, items: [item("judy")]))
    }

    /// Every tenant, in the summary's order.
    static func protection() -> ProtectionSummary {
        var p = ProtectionSummary()
        p.period = Timestamp(year: 2026, month: 11, day: 1)..<now
        p.tenants = [contosoTenant(), fabrikamTenant(), partialTenant(), hostileTenant()]
        return p
    }
}
