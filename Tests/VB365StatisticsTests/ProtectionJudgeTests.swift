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

    /// An item naming `id`; without `data`, every kind of its object's data, as the decoder reads
    /// an item that sends no options (an exclusion: the whole object).
    static func item(
        _ id: String, _ type: JobItemType = .user, exclusion: Bool = false, data: Set<ProtectedData>? = nil
    )
        -> JobItem
    {
        var item = JobItem(jobID: job, isExclusion: exclusion, type: type)
        item.objectID = id
        item.data = data ?? (exclusion ? [] : Set(type.objectKind?.dataKinds ?? []))
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

@Suite("Protection: verdicts that rest on what the server did not say are unknown, never a false alarm")
struct ProtectionJudgeEdgeTests {
    typealias T = ProtectionJudgeTests

    func state(_ t: TenantProtection, _ id: String) -> ProtectionState? {
        t.objects.first { $0.object.id == id }?.state
    }

    @Test("an item of a type this version does not know selects nothing known: unknown, not protected")
    func unknownItemType() {
        var item = JobItem(jobID: T.job, isExclusion: false, type: .other("Weird"))
        item.objectID = "a"
        let t = TenantProtection.judge(T.snapshot([T.user("a")], items: [item]))
        #expect(state(t, "a") != .protected)
    }

    @Test("a group selected for its members only is not protected by it; its members are, for what was backed up")
    func groupMembers() {
        var group = ProtectionObject(kind: .group, id: "g")
        group.inDirectory = true
        var item = JobItem(jobID: T.job, isExclusion: false, type: .group)
        item.objectID = "g"
        item.includesMembers = true
        let member = T.user("m", [.mailbox: 2])
        let t = TenantProtection.judge(T.snapshot([group, member, T.user("newcomer")], items: [item]))
        #expect(state(t, "g") == .unprotected)
        #expect(state(t, "m") == .protected, "a mail-only group job does not make the member's OneDrive a gap")
        #expect(state(t, "newcomer") == .unprotected, "no backup at all is no protection, member or not")
    }

    @Test("an organization-wide mail selection covers the groups' mailboxes too")
    func organizationWideGroups() {
        var group = ProtectionObject(kind: .group, id: "g")
        group.inDirectory = true
        var options = JobItem(jobID: T.job, isExclusion: false, type: .partialOrganization)
        options.data = [.mailbox]
        let t = TenantProtection.judge(
            T.snapshot(
                [group], items: [options],
                jobs: [ProtectionJob(id: T.job, name: "All mail", backupType: "EntireOrganization")]))
        #expect(state(t, "g") == .neverBackedUp)
    }

    @Test("the jobs' items not all read: 'in no job' is unknown; a missed backup is still a problem")
    func itemsUnknown() {
        var s = T.snapshot([T.user("loose"), T.user("late", [.mailbox: 80, .oneDrive: 80])], items: [T.item("late")])
        s.sources[.jobItems] = .partial
        let t = TenantProtection.judge(s)
        #expect(state(t, "loose") == .unknown)
        #expect(state(t, "late") == .breached)
        #expect(t.coverageUnknown)
    }

    @Test("one kind's backup data not read from every repository: its objects are unknown unless protected")
    func backupDataOfAKind() {
        var s = T.snapshot(
            [T.user("stale", [.mailbox: 80, .oneDrive: 80]), T.user("fine", [.mailbox: 1, .oneDrive: 1])],
            items: [T.item("stale"), T.item("fine")])
        s.sources[.userData] = .partial
        let t = TenantProtection.judge(s)
        #expect(state(t, "stale") == .unknown, "a newer copy may be in the repository not read")
        #expect(state(t, "fine") == .protected)
        #expect(t.incompleteSources == [.userData])
    }

    @Test("an exclusion of one kind of data leaves the rest of the object judged")
    func partialExclusion() {
        var archive = T.item("a", exclusion: true)
        archive.data = [.archive]
        let t = TenantProtection.judge(
            T.snapshot([T.user("a")], items: [T.item("a"), archive]),
            settings: ProtectionSettings(required: [.user: [.mailbox, .archive]]))
        let verdict = t.objects.first { $0.object.id == "a" }
        #expect(verdict?.state == .neverBackedUp)
        #expect(verdict?.required == [.mailbox])
    }

    @Test("a snapshot older than two days leaves the coverage unknown, whatever it said")
    func staleSnapshot() throws {
        var inventory = Inventory()
        let old = T.now.adding(seconds: -5 * 86_400)
        inventory.protectionSnapshots = [
            ProtectionSnapshotReference(
                path: "x", server: -1, organization: EntityID("6f1d3c1e-0000-4000-8000-000000000001"), taken: old)
        ]
        let sessions = Summarizer.summarize(inventory, options: SummaryOptions(now: T.now))
        var snapshot = T.snapshot([T.user("a", [.mailbox: 1, .oneDrive: 1])], items: [T.item("a")])
        snapshot.taken = old
        let summary = ProtectionSummary.make(
            inventory, sessions: sessions, settings: .standard,
            period: Timestamp(year: 2026, month: 12, day: 1)..<T.now.adding(seconds: 1)
        ) { _ in snapshot }
        let tenant = try #require(summary.tenants.first)
        #expect(tenant.coverageUnknown)
        #expect((tenant.staleSnapshotSeconds ?? 0) > 4 * 86_400)
        #expect(tenant.totals.protectedShare != nil, "the counts stay; the outputs give no share")
    }

    @Test("a summary made for counts and problems gives every object back by detail, first-seen times and all")
    func problemsThenDetail() throws {
        let organization = EntityID("6f1d3c1e-0000-4000-8000-000000000001")
        var gone = T.user("gone", [.mailbox: 200])
        gone.inDirectory = false
        // Four daily snapshots: "late" joins on the third, "gone" leaves the directory on the last.
        let days = (0..<4).map { T.now.adding(seconds: Double($0 - 3) * 86_400) }
        var snapshots: [Timestamp: ProtectionSnapshot] = [:]
        for (n, day) in days.enumerated() {
            var objects = [T.user("a", [.mailbox: 1, .oneDrive: 1]), T.user("b", [.mailbox: 40, .oneDrive: 1])]
            objects.append(n == 3 ? gone : T.user("gone", [.mailbox: 1, .oneDrive: 1]))
            if n >= 2 { objects.append(T.user("late")) }
            var s = T.snapshot(objects, items: [T.item("a"), T.item("b"), T.item("gone")])
            s.taken = day
            // The users' list cut short: an object out of it is judged, not left out as history.
            if n == 3 { s.sources[.directory(.user)] = .partial }
            snapshots[day] = s
        }
        var inventory = Inventory()
        inventory.protectionSnapshots = days.map {
            ProtectionSnapshotReference(path: $0.iso8601, server: -1, organization: organization, taken: $0)
        }
        let sessions = Summarizer.summarize(inventory, options: SummaryOptions(now: T.now))
        let period = days[0]..<T.now.adding(seconds: 1)
        func make(_ keeping: ObjectsKept) -> ProtectionSummary {
            ProtectionSummary.make(inventory, sessions: sessions, settings: .standard, period: period, keeping: keeping)
            {
                snapshots[$0.taken]
            }
        }
        let all = try #require(make(.all).tenants.first)
        let brief = try #require(make(.problems).tenants.first)
        #expect(brief.objects.allSatisfy { $0.state.isProblem })
        #expect(brief.objects.map(\.object.id) == ["late", "b", "gone"])
        #expect(brief.totals == all.totals && brief.objectCount == all.objects.count)
        #expect(brief.states == Set(all.objects.map(\.state)))
        #expect(brief.sla?.total == all.sla?.total && brief.sla?.checks == 4)
        let detail = try #require(ProtectionSummary.detail(brief, settings: .standard) { snapshots[$0.taken] })
        #expect(detail.objects.map(\.object.id) == all.objects.map(\.object.id))
        #expect(detail.objects.map(\.firstSeen) == all.objects.map(\.firstSeen))
        #expect(detail.objects.map(\.reason) == all.objects.map(\.reason))
        #expect(all.objects.first { $0.object.id == "late" }?.firstSeen == days[2])
        #expect(all.objects.first { $0.object.id == "gone" }?.firstSeen == days[0])
        #expect(ProtectionSummary.detail(brief, settings: .standard) { _ in nil } == nil, "unreadable: nil")
        // Without the history (check): the newest snapshot alone is read, the same counts, no SLA.
        var reads = 0
        let now = try #require(
            ProtectionSummary.make(
                inventory, sessions: sessions, settings: .standard, period: period, keeping: .problems, history: false
            ) {
                reads += 1
                return snapshots[$0.taken]
            }.tenants.first)
        #expect(reads == 1 && now.sla == nil && now.totals == all.totals)
        #expect(now.objects.map(\.object.id) == brief.objects.map(\.object.id))
        // Each object's SLA: only the exceptions are held; an object that met every check gets all.
        func sla(_ id: String) -> SLAShare? { detail.objects.first { $0.object.id == id }.flatMap(detail.sla(of:)) }
        #expect(sla("a") == SLAShare(met: 4, checks: 4))
        #expect(sla("b") == SLAShare(met: 3, checks: 4), "its one backup is 40 hours old at the last check only")
        #expect(sla("late") == SLAShare(met: 0, checks: 2))
        #expect(Set(detail.sla?.exceptions.keys.map { $0 } ?? []) == ["b", "late", "gone"])
    }
}
