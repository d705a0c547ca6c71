import Testing
import VB365Model
import VB365Statistics

@Suite("Protection: each object protected, breached, never backed up, unprotected, excluded or unknown")
struct ProtectionJudgeTests {
    static let now = Timestamp(year: 2026, month: 12, day: 7, hour: 6)
    static let job = EntityID("6f1d3c1e-0000-4000-8000-0000000000aa")
    static let copy = EntityID("6f1d3c1e-0000-4000-8000-0000000000bb")

    static func user(_ id: String, _ marks: [ProtectedData: Double?] = [:], account: AccountKind = .user)
        -> ProtectionObject
    {
        var o = ProtectionObject(kind: .user, id: id)
        o.name = id
        o.address = "\(id)@fabrikam.com"
        o.account = account
        o.inDirectory = true
        for (data, hoursAgo) in marks {
            o.backups[data] = BackupMark(isBackedUp: true, time: hoursAgo.map { now.adding(seconds: -$0 * 3600) })
        }
        return o
    }

    static func item(_ id: String, _ type: JobItemType = .user, exclusion: Bool = false, data: Set<ProtectedData> = [])
        -> JobItem
    {
        var item = JobItem(jobID: job, isExclusion: exclusion, type: type)
        item.objectID = id
        item.data = data
        return item
    }

    static func snapshot(_ objects: [ProtectionObject], items: [JobItem], jobs: [ProtectionJob]? = nil)
        -> ProtectionSnapshot
    {
        var s = ProtectionSnapshot(organizationID: EntityID("6f1d3c1e-0000-4000-8000-000000000001"), taken: now)
        for source in ProtectionSource.allCases { s.sources[source] = .complete }
        s.objects = objects
        s.jobItems = items
        s.jobs = jobs ?? [ProtectionJob(id: job, name: "Mail", backupType: "SelectedItems")]
        return s
    }

    func state(_ t: TenantProtection, _ id: String) -> ProtectionState? {
        t.objects.first { $0.object.id == id }?.state
    }

    @Test("the states the definitions give")
    func states() {
        var exceeded = Self.user("exceeded")
        exceeded.license = LicenseMark(state: .exceeded, isBackedUp: false)
        var gone = Self.user("gone", [.mailbox: 200])
        gone.inDirectory = false
        var site = ProtectionObject(kind: .site, id: "site-x")
        site.inDirectory = true
        let s = Self.snapshot(
            [
                Self.user("fine", [.mailbox: 2, .oneDrive: 3]),
                Self.user("late", [.mailbox: 2, .oneDrive: 72]),
                Self.user("newcomer"),
                Self.user("never"),
                exceeded,
                Self.user("noreply-bot", account: .shared),
                Self.user("shared", [.mailbox: 1], account: .shared),
                Self.user("mailonly", [.mailbox: 1]),
                gone, site,
            ],
            items: [
                Self.item("fine"), Self.item("late"), Self.item("never"), Self.item("exceeded"),
                Self.item("shared"), Self.item("mailonly", data: [.mailbox]),
                Self.item("site-x", .site, exclusion: true),
            ])
        let t = TenantProtection.judge(s, settings: ProtectionSettings(exclusionMasks: ["noreply*"]))
        #expect(state(t, "fine") == .protected)
        #expect(state(t, "late") == .breached)
        #expect(state(t, "newcomer") == .unprotected)
        #expect(state(t, "never") == .neverBackedUp)
        #expect(state(t, "exceeded") == .neverBackedUp)
        #expect(t.licenceExceeded.map(\.id) == ["exceeded"])
        #expect(state(t, "noreply-bot") == .excluded)
        #expect(state(t, "shared") == .protected, "a shared mailbox needs no OneDrive")
        #expect(state(t, "mailonly") == .protected, "a job selecting only mail does not require OneDrive")
        #expect(state(t, "site-x") == .excluded)
        #expect(state(t, "gone") == nil, "an object the organization no longer lists is not counted")
        let late = t.objects.first { $0.object.id == "late" }
        #expect(late?.reason.contains("OneDrive last backed up") == true)
        #expect(abs((late?.overdueSeconds ?? 0) - 48 * 3600) < 1)
        #expect(t.objects.first?.state == .unprotected, "worst first")
        #expect(t.totals[.protected] == 3)
        #expect(t.totals.inScope == 7)
        #expect(t.byData[.oneDrive]?[.breached] == 1)
        #expect(t.byKind[.user]?[.excluded] == 1)
    }

    @Test("an EntireOrganization job covers everyone but its exclusions")
    func entireOrganization() {
        let s = Self.snapshot(
            [Self.user("a", [.mailbox: 1, .oneDrive: 1]), Self.user("b"), Self.user("c")],
            items: [Self.item("c", exclusion: true)],
            jobs: [ProtectionJob(id: Self.job, name: "All", backupType: "EntireOrganization")])
        let t = TenantProtection.judge(s)
        #expect(state(t, "a") == .protected)
        #expect(state(t, "b") == .neverBackedUp)
        #expect(state(t, "c") == .excluded)
        // Its options come as a PartialOrganization item: sites only leaves users in no job.
        var sitesOnly = JobItem(jobID: Self.job, isExclusion: false, type: .partialOrganization)
        sitesOnly.data = [.site]
        var site = ProtectionObject(kind: .site, id: "s")
        site.inDirectory = true
        site.backups[.site] = BackupMark(isBackedUp: true, time: Self.now.adding(seconds: -3600))
        let sites = Self.snapshot(
            [Self.user("b"), site], items: [sitesOnly],
            jobs: [ProtectionJob(id: Self.job, name: "Sites", backupType: "EntireOrganization")])
        let judged = TenantProtection.judge(sites)
        #expect(state(judged, "b") == .unprotected)
        #expect(state(judged, "s") == .protected)
    }

    @Test("unknown is not protected and not unprotected: a list the server did not give")
    func unknown() {
        var s = Self.snapshot([Self.user("a"), Self.user("b", [.mailbox: 1, .oneDrive: 1])], items: [Self.item("a")])
        s.sources[.backupData] = .unavailable
        s.sources[.users] = .partial
        let t = TenantProtection.judge(s)
        #expect(state(t, "a") == .unknown)
        #expect(state(t, "b") == .protected)
        #expect(t.coverageUnknown)
        #expect(t.totals.protectedShare == nil)
        #expect(t.byData[.mailbox]?[.unknown] == 1)
    }

    @Test("the RPO decides: the same backup is protected under 48 h and breached under 24 h")
    func rpo() {
        let s = Self.snapshot([Self.user("a", [.mailbox: 30, .oneDrive: 30])], items: [Self.item("a")])
        #expect(
            state(TenantProtection.judge(s, settings: ProtectionSettings(rpoSeconds: 48 * 3600)), "a") == .protected)
        #expect(state(TenantProtection.judge(s), "a") == .breached)
    }

    @Test("masks: * and ?, any case, on the address or the name")
    func masks() {
        #expect(ProtectionSettings.matches("*-noreply@*", "Shop-NoReply@fabrikam.com"))
        #expect(ProtectionSettings.matches("test-?", "TEST-1"))
        #expect(!ProtectionSettings.matches("test-?", "test-12"))
        #expect(ProtectionSettings.matches("*", ""))
        #expect(!ProtectionSettings.matches("a*b", "ac"))
    }

    @Test("newest first among the same state, from the snapshots that first listed them")
    func newestFirst() {
        let s = Self.snapshot([Self.user("old"), Self.user("new")], items: [])
        let t = TenantProtection.judge(
            s, firstSeen: ["old": Self.now.adding(seconds: -30 * 86_400), "new": Self.now.adding(seconds: -86_400)])
        #expect(t.objects.map(\.object.id) == ["new", "old"])
    }
}
