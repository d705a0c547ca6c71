import Testing
import VB365Model
import VB365Statistics
import VB365Text

/// Repositories, proxies and licences judged from their snapshots: every figure, the robust fit,
/// unknown values that never raise a false alarm, and what a tenant sees.
@Suite("Infrastructure: figures, forecast and findings")
struct InfrastructureTests {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)
    static let gib: Int64 = 1 << 30
    static let capacity: Int64 = 2048 * gib

    /// Daily snapshots at 06:00 of the `days` days before `now`, the last on the morning of `now`.
    static func daily(_ days: Int, _ make: (Int) -> Repository) -> [(Repository, Timestamp)] {
        (0..<days).map { d in (make(d), now.adding(seconds: -Double(days - 1 - d) * 86_400)) }
    }

    static func repository(_ id: String = "r1", free: Int64?, capacity: Int64? = capacity) -> Repository {
        var r = Repository(id: EntityID(id))
        r.name = id
        r.capacityBytes = capacity
        r.freeSpaceBytes = free
        return r
    }

    static func summary(
        repositories: [(Repository, Timestamp?)] = [], proxies: [BackupProxy] = [], licenses: [License] = [],
        versions: [String] = [], thresholds: InfrastructureThresholds = .init(),
        build: (inout Inventory) -> Void = { _ in }
    ) -> Summary {
        var inventory = Inventory()
        build(&inventory)
        for (r, t) in repositories { inventory.addInfrastructure(repositories: [r], time: t) }
        inventory.addInfrastructure(proxies: proxies, licenses: licenses, time: now)
        for v in versions {
            var s = ServiceInstance()
            s.version = v
            inventory.addInfrastructure(serviceInstances: [s], time: now)
        }
        var options = SummaryOptions(now: now)
        options.infrastructure = thresholds
        return Summarizer.summarize(inventory, options: options)
    }

    @Test("a repository filling by 10 GiB a day: free %, used, growth and days to full, and its findings")
    func filling() throws {
        let start: Int64 = 500 * Self.gib
        let s = Self.summary(
            repositories: Self.daily(14) { d in Self.repository(free: start - Int64(d) * 10 * Self.gib) })
        let r = try #require(s.infrastructure.repositories.first)
        let free = start - 13 * 10 * Self.gib  // 370 GiB
        #expect(r.freeBytes == free)
        #expect(r.capacityBytes == Self.capacity)
        #expect(r.usedBytes == Self.capacity - free)
        #expect(abs(r.freePercent! - 370.0 / 2048 * 100) < 1e-9)
        #expect(abs(r.growthBytesPerDay! - Double(10 * Self.gib)) < 1)
        #expect(abs(r.daysToFull! - 37) < 1e-6)
        #expect(r.trend.count == 14)
        #expect(r.findings.isEmpty)  // 18% free, 37 days: above both limits
        var tight = InfrastructureThresholds()
        tight.fullWarningDays = 40
        tight.freeWarningPercent = 20
        let warned = Self.summary(
            repositories: Self.daily(14) { d in Self.repository(free: start - Int64(d) * 10 * Self.gib) },
            thresholds: tight)
        #expect(warned.infrastructure.repositories[0].findings.map(\.severity) == [.warning, .warning])
        #expect(warned.reaches(.warning))
        #expect(!warned.reaches(.failed))
    }

    @Test("the fit is robust: one odd snapshot (a cleanup) and an extended capacity do not move the forecast")
    func robust() throws {
        let start: Int64 = 800 * Self.gib
        let s = Self.summary(
            repositories: Self.daily(14) { d in
                // Day 6: a cleanup frees 400 GiB for one snapshot; from day 10 the capacity is doubled.
                let used = Self.capacity - start + Int64(d) * 20 * Self.gib - (d == 6 ? 400 * Self.gib : 0)
                let capacity = d >= 10 ? 2 * Self.capacity : Self.capacity
                return Self.repository(free: capacity - used, capacity: capacity)
            })
        let r = try #require(s.infrastructure.repositories.first)
        #expect(abs(r.growthBytesPerDay! - Double(20 * Self.gib)) < Double(Self.gib) / 10)
        let free = Double(2 * Self.capacity - (Self.capacity - start + 13 * 20 * Self.gib))
        #expect(abs(r.daysToFull! - free / Double(20 * Self.gib)) < 0.1)
        // Two points (the first and the last) would have given a growth far off.
        #expect(r.trendPoints == 14)
    }

    @Test("bad figures are unknown with a note, never a division by zero or a false alarm")
    func badFigures() throws {
        var objectStorage = Repository(id: EntityID("s3"))
        objectStorage.isObjectStorage = true
        objectStorage.usedSpaceBytes = 5 * Self.gib
        let s = Self.summary(repositories: [
            (Self.repository("zero", free: 10, capacity: 0), Self.now),
            (Self.repository("missing", free: 10, capacity: nil), Self.now),
            (Self.repository("larger", free: 3 * Self.capacity), Self.now),
            (Self.repository("nofree", free: nil), Self.now),
            (objectStorage, Self.now),
        ])
        let byName = Dictionary(uniqueKeysWithValues: s.infrastructure.repositories.map { ($0.name, $0) })
        #expect(byName["zero"]?.freePercent == nil)
        #expect(byName["zero"]?.notes.contains(.capacityZero) == true)
        #expect(byName["missing"]?.notes.contains(.capacityMissing) == true)
        #expect(byName["larger"]?.freeBytes == nil)
        #expect(
            byName["larger"]?.notes.contains(.freeExceedsCapacity(free: 3 * Self.capacity, capacity: Self.capacity))
                == true)
        #expect(byName["nofree"]?.notes.contains(.freeMissing) == true)
        #expect(byName["s3"]?.notes.contains(.objectStorage) == true)
        #expect(byName["s3"]?.usedBytes == 5 * Self.gib)
        #expect(byName["s3"]?.freePercent == nil)
        #expect(s.infrastructure.findings.isEmpty)
        #expect(!s.reaches(.warning))
        // Shrinking used space: growth is negative, no forecast, no finding.
        let shrinking = Self.summary(
            repositories: Self.daily(5) { d in Self.repository(free: 900 * Self.gib + Int64(d) * Self.gib) })
        let r = try #require(shrinking.infrastructure.repositories.first)
        #expect(r.growthBytesPerDay! < 0)
        #expect(r.daysToFull == nil)
        #expect(r.notes.contains(.notFilling))
        #expect(r.findings.isEmpty)
        // Too few snapshots: no forecast, said so.
        let young = Self.summary(
            repositories: Self.daily(2) { d in Self.repository(free: 900 * Self.gib - Int64(d) * Self.gib) })
        #expect(young.infrastructure.repositories[0].notes.contains(.tooFewSnapshots(count: 2)))
        #expect(young.infrastructure.repositories[0].growthBytesPerDay == nil)
    }

    @Test("free space below 5% is a failure, below 15% a warning; full within 7 days a failure; invalid a failure")
    func repositoryFindings() throws {
        var invalid = Self.repository("invalid", free: 1000 * Self.gib)
        invalid.isOutOfOrder = true
        invalid.outOfOrderReason = "locked"
        var unsynced = Self.repository("unsynced", free: 1000 * Self.gib)
        unsynced.isOutOfSync = true
        let s = Self.summary(
            repositories: [
                (Self.repository("low", free: 80 * Self.gib), Self.now),  // 3.9%
                (Self.repository("lowish", free: 200 * Self.gib), Self.now),  // 9.8%
                (invalid, Self.now), (unsynced, Self.now),
            ] + Self.daily(10) { d in Self.repository("soon", free: 950 * Self.gib - Int64(d) * 100 * Self.gib) })
        let byName = Dictionary(uniqueKeysWithValues: s.infrastructure.repositories.map { ($0.name, $0) })
        #expect(byName["low"]?.findings.map(\.severity) == [.failed])
        #expect(byName["lowish"]?.findings.map(\.severity) == [.warning])
        #expect(byName["invalid"]?.findings == [RowFinding(kind: .outOfOrder(reason: "locked"), severity: .failed)])
        #expect(byName["unsynced"]?.findings == [RowFinding(kind: .outOfSync, severity: .warning)])
        let soon = try #require(byName["soon"])
        #expect(soon.findings.contains { $0.severity == .failed })
        #expect(s.infrastructure.findings.first?.severity == .failed)
        #expect(s.reaches(.failed))
        let text = InfrastructureText.line(
            s.infrastructure.findings[0], in: s.infrastructure, thresholds: .init(), date: { $0.iso8601 })
        #expect(text.hasPrefix("Repository "))
    }

    @Test("proxies: offline is a failure, maintenance a warning, another version than the server's a warning")
    func proxies() throws {
        func proxy(_ name: String, status: String?, maintenance: String? = nil, version: String? = nil) -> BackupProxy {
            var p = BackupProxy(id: EntityID(name))
            p.hostName = name
            p.status = status
            p.maintenanceModeState = maintenance
            p.version = version
            return p
        }
        let s = Self.summary(
            proxies: [
                proxy("up", status: "Online", version: "8.1.0.305"), proxy("down", status: "Offline"),
                proxy("resting", status: "Offline", maintenance: "Enabled"),
                proxy("old", status: "Online", version: "8.0.5.20"), proxy("silent", status: nil, version: nil),
            ], versions: ["8.1.0.305"])
        let byName = Dictionary(uniqueKeysWithValues: s.infrastructure.proxies.map { ($0.name, $0) })
        #expect(byName["up"]?.findings.isEmpty == true)
        #expect(
            byName["down"]?.findings == [RowFinding(kind: .offline(), severity: .failed)],
            "one snapshot: since when is not known")
        #expect(byName["resting"]?.findings.map(\.severity) == [.warning, .warning])
        #expect(
            byName["old"]?.findings == [
                RowFinding(kind: .versionMismatch(proxy: "8.0.5.20", server: "8.1.0.305"), severity: .warning)
            ])
        #expect(byName["silent"]?.findings.isEmpty == true)
        #expect(byName["up"]?.serverVersion == "8.1.0.305")
    }

    @Test(
        "licence: expiry within 30 days a warning, within 7 or expired (by status or date) a failure, unreadable date unknown"
    )
    func licences() throws {
        func licence(_ days: Double?, status: String = "Valid", used: Int64 = 10, total: Int64 = 100) -> License {
            var l = License()
            l.status = status
            l.expires = days.map { Self.now.adding(seconds: $0 * 86_400) }
            l.usedNumber = used
            l.totalNumber = total
            return l
        }
        func findings(_ l: License) -> [RowFinding] { Self.summary(licenses: [l]).infrastructure.licenses[0].findings }
        #expect(findings(licence(90)).isEmpty)
        // Within 30 days a warning, within 7 a failure (issue 24: levels from documented limits).
        #expect(findings(licence(10)).map(\.severity) == [.warning])
        #expect(findings(licence(4)).map(\.severity) == [.failed])
        #expect(abs(Self.summary(licenses: [licence(4)]).infrastructure.licenses[0].daysLeft! - 4) < 1e-9)
        #expect(findings(licence(-1)).map(\.severity) == [.failed])
        #expect(findings(licence(200, status: "Expired")).map(\.severity) == [.failed])
        #expect(
            findings(licence(90, used: 120, total: 100)) == [
                RowFinding(kind: .overused(used: 120, total: 100), severity: .warning)
            ])
        var unreadable = licence(nil)
        unreadable.expiryUnreadable = true
        let s = Self.summary(licenses: [unreadable])
        #expect(s.infrastructure.licenses[0].findings.isEmpty)
        #expect(s.infrastructure.licenses[0].expiryUnreadable)
        #expect(!s.reaches(.warning))
    }

    @Test("a report of an earlier window shows the infrastructure of then: later snapshots are left out")
    func judgedAtTheWindow() throws {
        var inventory = Inventory()
        inventory.addInfrastructure(
            repositories: [Self.repository(free: 1000 * Self.gib)], time: Self.now.adding(seconds: -86_400 * 3))
        inventory.addInfrastructure(repositories: [Self.repository(free: 10 * Self.gib)], time: Self.now)
        var options = SummaryOptions(
            since: .absolute(Self.now.adding(seconds: -86_400 * 4)),
            until: .absolute(Self.now.adding(seconds: -86_400 * 2)),
            now: Self.now)
        options.infrastructure = .init()
        let s = Summarizer.summarize(inventory, options: options)
        #expect(s.infrastructure.repositories.first?.freeBytes == 1000 * Self.gib)
    }

    @Test("a tenant sees only its repositories and its licensed users; no proxy, no server licence")
    func tenant() throws {
        var licensing = OrganizationLicensing(organizationID: EntityID("org-a"))
        licensing.licensedUsers = 42
        var other = OrganizationLicensing(organizationID: EntityID("org-b"))
        other.licensedUsers = 7
        var proxy = BackupProxy(id: EntityID("p"))
        proxy.status = "Offline"
        let s = Self.summary(
            repositories: [
                (Self.repository("repo-a", free: 10 * Self.gib), Self.now),
                (Self.repository("repo-b", free: 1000 * Self.gib), Self.now),
            ], proxies: [proxy], licenses: [License()]
        ) { inventory in
            for (org, repo) in [("org-a", "repo-a"), ("org-b", "repo-b")] {
                var o = Organization(id: EntityID(org))
                o.name = org
                inventory.add(o)
                var job = Job(id: EntityID("job-" + org))
                job.organizationID = EntityID(org)
                job.repositoryID = EntityID(repo)
                inventory.add(job)
                var session = JobSession(id: EntityID("s-" + org))
                session.jobID = job.id
                session.creationTime = Self.now.adding(seconds: -3600)
                session.status = .success
                inventory.add(session)
            }
            inventory.addInfrastructure(organizationLicensing: [licensing, other], time: Self.now)
        }
        let a = try #require(s.organizations.firstIndex { $0.name == "org-a" })
        let tenant = s.tenant(a)
        #expect(tenant.infrastructure.repositories.map(\.name) == ["repo-a"])
        #expect(tenant.infrastructure.organizationLicensing.map(\.licensedUsers) == [42])
        #expect(tenant.infrastructure.proxies.isEmpty)
        #expect(tenant.infrastructure.licenses.isEmpty)
        #expect(tenant.reaches(.failed))  // repo-a has 0.5% free
        let b = try #require(s.organizations.firstIndex { $0.name == "org-b" })
        #expect(!s.tenant(b).reaches(.warning))  // the offline proxy is the provider's, not org-b's
    }

    @Test("an old snapshot is never all clear: its age is said, with or without findings")
    func staleSnapshot() throws {
        let fresh = Self.summary(repositories: [
            (Self.repository(free: 1000 * Self.gib), Self.now.adding(seconds: -3600))
        ])
        #expect(fresh.infrastructure.staleSnapshotSeconds == nil)
        #expect(InfrastructureText.headline(fresh.infrastructure).hasPrefix("All clear"))
        let old = Self.summary(repositories: [
            (Self.repository(free: 1000 * Self.gib), Self.now.adding(seconds: -3 * 86_400))
        ])
        #expect(old.infrastructure.staleSnapshotSeconds == Double(3 * 86_400))
        let headline = InfrastructureText.headline(old.infrastructure)
        #expect(!headline.contains("All clear"), "\(headline)")
        #expect(headline.hasPrefix("The newest snapshot is 3 d 0 h old"), "\(headline)")
        let oldAndLow = Self.summary(repositories: [
            (Self.repository(free: Self.gib), Self.now.adding(seconds: -3 * 86_400))
        ])
        #expect(InfrastructureText.headline(oldAndLow.infrastructure).hasSuffix("1 failure in the infrastructure."))
    }

    @Test("no snapshot at all: the state is unknown, never all clear")
    func nothingRead() {
        let s = Self.summary()
        #expect(s.infrastructure.isEmpty)
        #expect(InfrastructureText.headline(s.infrastructure).contains("unknown"))
    }
}
