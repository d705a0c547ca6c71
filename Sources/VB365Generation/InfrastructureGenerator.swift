import VB365Model
import VB365Support

/// Generates a world's infrastructure deterministically at any time `t`: its backup
/// repositories, proxies, licence, licensing per organization, service instance, the objects its
/// unsuccessful sessions processed (with the names their links resolve to) and a backup copy job.
///
/// The first organization's repository fills up: it is 45 % free at the start of each 16-day
/// cycle (the first from `anchor`) and loses about 2.65 % of its capacity a day, with a little
/// day-to-day noise, so a later clock always finds it fuller (until the cycle ends and the
/// repository is extended). The other organizations' repositories stay between 32 % and 62 % free
/// (an estate of hundreds of organizations included); from v6
/// an object-storage repository has no capacity and a used size that grows slowly. `proxy-02`
/// is offline in the last day before `end`; the licence expires four days after `end`'s day.
package struct InfrastructureGenerator: Sendable {
    package let seed: UInt64
    package let organizations: [Organization]
    /// The backup jobs (copy jobs are left out).
    package let jobs: [Job]
    /// The start of the first filling cycle.
    package let anchor: Timestamp
    /// The world's clock: the last moment of its history.
    package let end: Timestamp

    /// Bytes in 2 TiB, the capacity of each disk repository.
    package static let diskCapacity: Int64 = 2_199_023_255_552
    /// Days of one filling cycle.
    package static let cycleDays = 16.0
    /// The host names of the proxies, in order.
    package static let proxyNames = ["proxy-01", "proxy-02"]

    /// Creates a generator for a world; `anchor` defaults to the samples' first day.
    package init(
        seed: UInt64 = 365, organizations: [Organization], jobs: [Job], anchor: Timestamp = SampleSet.start,
        end: Timestamp
    ) {
        self.seed = seed
        self.organizations = organizations
        self.jobs = jobs.filter { !$0.isCopyJob }
        self.anchor = anchor
        self.end = end
    }

    /// The version the server runs (`ServiceInstance.version`) when it serves `version`.
    package static func serverVersion(_ version: APIVersion) -> String {
        switch version {
        case .v1: return "1.5.0.1099"
        case .v2: return "2.0.0.814"
        case .v3: return "3.0.0.422"
        case .v4: return "4.0.0.1580"
        case .v5: return "5.0.3.1063"
        case .v6: return "6.1.0.254"
        case .v7: return "7.1.0.1401"
        case .v8: return "8.1.0.305"
        }
    }

    /// A value in [-1, 1) that is the same for the same (kind, day).
    func noise(_ kind: UInt64, _ t: Timestamp) -> Double {
        let day = Int(t.secondsSince1970 / Seconds.day)
        var rng = Random(seed: seed &* 0x2545_F491 ^ kind << 48 ^ UInt64(truncatingIfNeeded: day))
        return rng.uniform(-1, 1)
    }

    // MARK: - Repositories

    /// The id of repository `index` (the sessions' `repositoryId`s use the same ids).
    package func repositoryID(_ index: Int) -> EntityID { SessionGenerator.uuid(seed, 4, index) }

    /// Days since the start of the filling cycle `t` falls in.
    func cycleDay(_ t: Timestamp) -> Double {
        let days = t.seconds(since: anchor) / Seconds.day
        let cycles = (days / Self.cycleDays).rounded(.down)
        return days - cycles * Self.cycleDays
    }

    /// The free fraction of the filling repository at `t`.
    package func fillingFreeFraction(at t: Timestamp) -> Double {
        0.45 - 0.0265 * cycleDay(t) + 0.002 * noise(1, t)
    }

    /// The repositories at `t` as a server of `version` lists them: one per organization on
    /// disk, and (v6+) one on object storage. Each keeps backups `SettingsIncidents.retention`,
    /// but the first organization's only `SettingsIncidents.shortRetention` from
    /// `SettingsIncidents.time` on; the object storage (v8) is immutable for
    /// `SettingsIncidents.immutabilityDays` days before that time and not at all from it on.
    package func repositories(at t: Timestamp, version: APIVersion) -> [Repository] {
        var out: [Repository] = []
        for (o, org) in organizations.enumerated() {
            var r = Repository(id: repositoryID(o))
            let short = (org.name ?? "Organization \(o + 1)").split(separator: " ").first.map(String.init) ?? "Org"
            r.name = "\(short) repository"
            r.description = "Backups of \(org.name ?? org.id.description)"
            r.path = "D:\\Veeam\\Repositories\\\(short)"
            r.capacityBytes = Self.diskCapacity
            let free =
                o == 0 ? fillingFreeFraction(at: t) : 0.62 - 0.003 * Double(o % 100) + 0.004 * noise(2 + UInt64(o), t)
            r.freeSpaceBytes = Int64((Double(Self.diskCapacity) * free).rounded())
            r.retentionType = "ItemLevel"
            r.retention =
                o == 0 && SettingsIncidents.isWeakened(at: t)
                ? SettingsIncidents.shortRetention : SettingsIncidents.retention
            r.proxyID = proxyID(o % Self.proxyNames.count)
            if version >= .v6 {
                r.isLongTerm = false
                r.isOutOfSync = false
            }
            if version >= .v8 {
                r.isOutdated = false
                r.isOutOfOrder = false
                r.organizationID = org.id
            }
            out.append(r)
        }
        if version >= .v6 {
            var r = Repository(id: repositoryID(organizations.count))
            r.name = "Azure Blob repository"
            r.description = "Object storage for every organization"
            r.path = "C:\\Veeam\\ObjectStorageCache"
            r.isObjectStorage = true
            // Only v8's `objectStorage` says which kind it is.
            r.objectStorageType = version >= .v8 ? "AzureBlob" : nil
            r.retentionType = "SnapshotBased"
            r.retention = SettingsIncidents.retention
            r.proxyID = proxyID(0)
            r.isLongTerm = false
            r.isOutOfSync = false
            if version >= .v8 {
                let days = max(0, t.seconds(since: anchor) / Seconds.day)
                r.usedSpaceBytes = Int64(((1.2 + 0.015 * days + 0.002 * noise(9, t)) * 1_099_511_627_776).rounded())
                r.isOutdated = false
                r.isOutOfOrder = false
                // Only v8's `objectStorage` says whether the data is immutable.
                let weakened = SettingsIncidents.isWeakened(at: t)
                r.immutabilityEnabled = !weakened
                r.immutabilityDays = weakened ? nil : SettingsIncidents.immutabilityDays
            }
            out.append(r)
        }
        return out
    }

    /// The id of the object storage a repository of `index` uses (v6–v7 `objectStorageId`).
    package func objectStorageID(_ index: Int) -> EntityID { SessionGenerator.uuid(seed, 13, index) }

    // MARK: - Proxies

    /// The id of proxy `index` (the sessions' `proxyId`s use the same ids).
    package func proxyID(_ index: Int) -> EntityID { SessionGenerator.uuid(seed, 5, index) }

    /// The proxies at `t`: `proxy-02`, which serves the second organization's repository, is
    /// offline in the last two days before `end` (so that organization's last night failed).
    package func proxies(at t: Timestamp, version: APIVersion) -> [BackupProxy] {
        Self.proxyNames.enumerated().map { (i, name) in
            var p = BackupProxy(id: proxyID(i))
            p.hostName = name
            if version >= .v7 { p.fqdn = "\(name).example.com" }
            p.description = i == 0 ? "Proxy on the backup server" : "Second proxy"
            p.port = 9193
            p.status = i == 1 && t > end.adding(seconds: -2 * Seconds.day) ? "Offline" : "Online"
            if version >= .v8 {
                p.maintenanceModeState = "Disabled"
                p.operatingSystem = "Windows"
                if p.status == "Online" {
                    // Percentages (0 to 100), as the field's name says.
                    p.cpuUsagePercent =
                        (1000 * (0.23 + 0.12 * Double(i) + 0.05 * noise(20 + UInt64(i), t))).rounded() / 10
                    p.memoryUsagePercent =
                        (1000 * (0.48 + 0.1 * Double(i) + 0.04 * noise(30 + UInt64(i), t))).rounded() / 10
                }
                // The second proxy was not upgraded with the server.
                p.version = i == 0 ? Self.serverVersion(version) : "8.0.3.1044"
            }
            return p
        }
    }

    // MARK: - Licence

    /// The midnight four days after `end`'s day, when the licence expires.
    package var licenseExpiry: Timestamp {
        let dayTicks: Int64 = 864_000_000_000
        return Timestamp(ticks: end.ticks / dayTicks * dayTicks).adding(seconds: 4 * Seconds.day)
    }

    /// Licensed users of organization `index` at `t`: a few more each week.
    func licensedUsers(_ index: Int, at t: Timestamp) -> Int64 {
        let days = max(0, t.seconds(since: anchor) / Seconds.day)
        return Int64(180 + 97 * index) + Int64(days / 3)
    }

    /// The licence at `t`: a valid subscription close to its expiry.
    package func license(at t: Timestamp) -> License {
        var l = License()
        l.id = SessionGenerator.uuid(seed, 14, 0).description
        l.status = t < licenseExpiry ? "Valid" : "Expired"
        l.type = "Subscription"
        l.package = "Enterprise"
        l.licensedTo = "Example Services Ltd"
        l.expires = licenseExpiry
        l.gracePeriodExpires = licenseExpiry.adding(seconds: 30 * Seconds.day)
        l.supportExpires = licenseExpiry
        l.totalNumber = 500
        l.usedNumber = organizations.indices.reduce(0) { $0 + licensedUsers($1, at: t) }
        l.newNumber = organizationLicensing(at: t).reduce(0) { $0 + ($1.newUsers ?? 0) }
        return l
    }

    /// Licensed and new users of each organization at `t`.
    package func organizationLicensing(at t: Timestamp) -> [OrganizationLicensing] {
        organizations.enumerated().map { (i, org) in
            var l = OrganizationLicensing(organizationID: org.id)
            l.licensedUsers = licensedUsers(i, at: t)
            l.newUsers = Int64(2 + i)
            return l
        }
    }

    /// The service instance of a server of `version`.
    package func serviceInstance(version: APIVersion) -> ServiceInstance {
        var s = ServiceInstance()
        s.installationID = SessionGenerator.uuid(seed, 10, 0)
        s.version = Self.serverVersion(version)
        return s
    }

    // MARK: - Processed objects

    /// One object of an organization that a session can process.
    package struct ObjectEntry: Sendable, Hashable {
        /// `User`, `Group`, `Site` or `Team`.
        package var type: String
        package var id: String
        package var name: String
        /// The site's address (sites only).
        package var url: String?
        /// The organization the object belongs to.
        package var organizationID: EntityID

        /// Creates an entry.
        package init(type: String, id: String, name: String, url: String? = nil, organizationID: EntityID) {
            self.type = type
            self.id = id
            self.name = name
            self.url = url
            self.organizationID = organizationID
        }
    }

    static let people = [
        "Anna Berg", "Bola Okafor", "Chen Wei", "Dana Haddad", "Eva Novak", "Farid Rahimi", "Greta Lind", "Hugo Martin",
        "Ines Duarte", "Jon Park", "Kira Sato", "Leo Fischer",
    ]
    static let groups = ["Finance", "Sales", "Engineering", "Legal", "Marketing", "IT Operations"]

    /// The objects of organization `index`: users, groups, sites and teams.
    package func objects(ofOrganization index: Int) -> [ObjectEntry] {
        let org = organizations[index]
        let domain = org.officeName.map { String($0.split(separator: ".").first ?? "example") } ?? "example"
        var out: [ObjectEntry] = []
        for (k, person) in Self.people.enumerated() {
            out.append(
                ObjectEntry(
                    type: "User", id: SessionGenerator.uuid(seed, 15, index * 1000 + k).description, name: person,
                    organizationID: org.id))
        }
        for (k, group) in Self.groups.enumerated() {
            out.append(
                ObjectEntry(
                    type: "Group", id: SessionGenerator.uuid(seed, 16, index * 1000 + k).description, name: group,
                    organizationID: org.id))
            let site = group.replacingOccurrences(of: " ", with: "")
            out.append(
                ObjectEntry(
                    type: "Site", id: SessionGenerator.uuid(seed, 17, index * 1000 + k).description, name: group,
                    url: "https://\(domain).sharepoint.com/sites/\(site)", organizationID: org.id))
            if k < 4 {
                out.append(
                    ObjectEntry(
                        type: "Team", id: SessionGenerator.uuid(seed, 18, index * 1000 + k).description,
                        name: "\(group) team", organizationID: org.id))
            }
        }
        return out
    }

    /// The object with `id` of any organization.
    package func object(_ id: String) -> ObjectEntry? {
        for o in organizations.indices {
            if let found = objects(ofOrganization: o).first(where: { $0.id.lowercased() == id.lowercased() }) {
                return found
            }
        }
        return nil
    }

    /// The organization index of a session's job (0 when unknown).
    func organizationIndex(of session: JobSession) -> Int {
        let job = jobs.first { $0.id == session.jobID }
        return organizations.firstIndex { $0.id == job?.organizationID } ?? 0
    }

    /// The objects a session processed (v7+), for sessions that did not succeed; none for a
    /// successful one. Between 6 and 40 of the kinds its job backs up (users and groups for a
    /// mailbox job; sites, teams and users' OneDrives for a SharePoint job), mostly `Success`; a
    /// failed session has 1–3 `Failed` and some `Warning` ones, the first failed one the object its
    /// log names (`SessionGenerator.failure(ofJob:)`); a warned one 1–3 `Warning` ones.
    package func processedObjects(for session: JobSession) -> [(ProcessedObject, ObjectEntry)] {
        guard let status = session.status, status != .success, !organizations.isEmpty else { return [] }
        let mailboxes = jobs.first { $0.id == session.jobID }?.name?.hasPrefix("Exchange") ?? false
        let kinds: Set<String> = mailboxes ? ["User", "Group"] : ["Site", "Team", "User"]
        let pool = objects(ofOrganization: organizationIndex(of: session)).filter { kinds.contains($0.type) }
        let named = pool.firstIndex {
            mailboxes ? $0.name == Self.people[0] : $0.type == "Site" && $0.name == "Finance"
        }
        var rng = Random(seed: seed ^ 0x0B1E_C700 ^ UInt64(truncatingIfNeeded: session.id.description.hashValueFNV))
        let count = min(pool.count, 6 + Int(rng.uniform(0, 35)))
        // A deterministic shuffle: each object at most once.
        var order = Array(pool.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.uniform(0, Double(i + 1))))
        }
        let failed = status == .failed ? 1 + Int(rng.uniform(0, 3)) : 0
        if failed > 0, let named, let place = order.firstIndex(of: named) { order.swapAt(0, place) }
        let warned = status == .failed || status == .warning ? 1 + Int(rng.uniform(0, 3)) : 0
        return (0..<count).map { k in
            let entry = pool[order[k]]
            var o = ProcessedObject(sessionID: session.id, id: entry.id)
            o.type = entry.type
            o.status = k < failed ? .failed : k < failed + warned ? .warning : .success
            o.link = "Organizations/\(entry.organizationID)/\(entry.type)s/\(entry.id)"
            return (o, entry)
        }
    }

    // MARK: - Copy job

    /// A backup copy job of the first backup job, running 10 minutes after it.
    package var copyJob: Job? {
        guard let source = jobs.first else { return nil }
        var j = Job(id: SessionGenerator.uuid(seed, 11, 0))
        j.isCopyJob = true
        j.backupJobID = source.id
        j.name = "\(source.name ?? "Backup") (copy)"
        j.organizationID = source.organizationID
        j.backupType = "Copy"
        j.isEnabled = true
        var schedule = SchedulePolicy()
        schedule.type = "Immediate"
        j.schedule = schedule
        return j
    }

    /// The copy job's sessions: one after each finished successful or warned run of its
    /// backup job among `sessions`, ten minutes after it ended; a copy found running at `end`
    /// is running.
    package func copySessions(of sessions: [JobSession]) -> [JobSession] {
        guard let copy = copyJob, let source = copy.backupJobID else { return [] }
        var out: [JobSession] = []
        for s in sessions where s.jobID == source && (s.status == .success || s.status == .warning) {
            guard let sourceEnd = s.endTime else { continue }
            var c = s
            c.id = SessionGenerator.uuid(seed, 12, Int(truncatingIfNeeded: s.id.description.hashValueFNV & 0xFFFF_FFFF))
            c.jobID = copy.id
            c.jobType = .copy
            c.mainSessionID = nil
            c.retryCount = 0
            c.jobWillBeRetried = false
            c.configType = .incremental
            c.status = .success
            let start = sourceEnd.adding(seconds: 600)
            guard start <= end else { continue }
            let data = Double(s.statistics.transferredBytes ?? 0) * 0.9
            let rate = Double(s.statistics.processingRateBytesPerSecond ?? 1_048_576) * 1.5
            c.creationTime = start
            c.endTime = start.adding(seconds: data / max(1, rate) + 45)
            c.statistics.transferredBytes = Int64(data)
            c.statistics.processingRateBytesPerSecond = Int64(rate)
            c.repositoryID = repositoryID(organizations.count)
            c.details = "Copied \(Int64(data)) bytes to object storage"
            if let e = c.endTime, e > end {
                c.status = .running
                c.endTime = nil
                c.jobWillBeRetried = nil
                c.details = nil
            }
            out.append(c)
        }
        return out
    }
}

extension String {
    /// FNV-1a of the text's UTF-8 bytes: stable across runs and platforms, unlike `hashValue`.
    var hashValueFNV: UInt64 { FNV1a.hash(utf8) }
}
