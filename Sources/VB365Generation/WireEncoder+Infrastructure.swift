import VB365Model
import VB365Support

extension WireEncoder {
    // MARK: - Infrastructure documents

    /// A `/BackupRepositories` response: an array (v1–v7) or a page (v8).
    package func repositories(_ repositories: [Repository]) -> [UInt8] {
        wholeList(.repositories(repositories), path: "BackupRepositories", count: repositories.count)
    }

    /// A `/Proxies` response: an array (v1–v7) or a page (v8).
    package func proxies(_ proxies: [BackupProxy]) -> [UInt8] {
        wholeList(.proxies(proxies), path: "Proxies", count: proxies.count)
    }

    /// A `/CopyJobs` response (v6+): an array (v6–v7) or a page (v8).
    package func copyJobs(_ jobs: [Job]) -> [UInt8] {
        wholeList(.jobs(jobs), path: "CopyJobs", count: jobs.count)
    }

    /// A `/JobSessions/{id}/ProcessedObjects` response (v7+): always a page.
    package func processedObjects(_ objects: [ProcessedObject], session: EntityID) -> [UInt8] {
        wholeList(
            .processedObjects(objects, session: session), path: "JobSessions/\(session)/ProcessedObjects",
            count: objects.count)
    }

    private func wholeList(_ content: ListContent, path: String, count: Int) -> [UInt8] {
        let limit = max(30, count)
        return page(
            content, offset: 0, limit: limit, selfPath: "\(collection(path))?offset=0&limit=\(limit)", nextPath: nil)
    }

    /// The `/License` response.
    package func license(_ l: License) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        w.beginObject()
        w.string("licenseID", l.id)
        w.string("email", "licensing@example.com")
        w.string("status", l.status)
        if version >= .v7 {
            w.string("licenseExpires", time(l.expires))
            w.string("gracePeriodExpires", time(l.gracePeriodExpires))
        } else {
            w.string("expirationDate", time(l.expires))
        }
        w.string("type", l.type)
        if version >= .v7 { w.string("package", l.package) }
        w.string("licensedTo", l.licensedTo)
        if version == .v6 { w.string("contactPerson", "Backup Admin") }
        if let n = l.totalNumber { w.number("totalNumber", n) }
        if let n = l.usedNumber { w.number("usedNumber", n) }
        if let n = l.newNumber { w.number("newNumber", n) }
        w.string("supportID", "01234567")
        if version == .v6 { w.string("supportExpirationDate", time(l.supportExpires)) }
        w.endObject()
        return w.bytes
    }

    /// An `/Organizations/{id}/LicensingInformation` response (it does not name the organization).
    package func licensing(_ l: OrganizationLicensing) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        w.beginObject()
        w.number("licensedUsers", l.licensedUsers ?? 0)
        w.number("newUsers", l.newUsers ?? 0)
        w.endObject()
        return w.bytes
    }

    /// The `/ServiceInstance` response (v6+).
    package func serviceInstance(_ s: ServiceInstance) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        w.beginObject()
        w.string("installationId", s.installationID?.description)
        w.string("version", s.version)
        w.endObject()
        return w.bytes
    }

    /// A user, group, site or team as `/Organizations/{id}/Users/{userId}` (and the like)
    /// returns it: `displayName` for users, groups and teams; `name`, `title` and `url` for sites.
    package func object(_ o: InfrastructureGenerator.ObjectEntry) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        w.beginObject()
        w.string("id", o.id)
        switch o.type {
        case "Site":
            w.string("url", o.url)
            w.string("name", o.name)
            w.string("title", o.name)
        case "User":
            w.string("displayName", o.name)
            w.string("name", o.name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com")
            w.string("type", "User")
        default:
            w.string("displayName", o.name)
        }
        links(&w, [("self", "\(collection("Organizations"))/\(o.organizationID)/\(o.type)s/\(o.id)")])
        w.endObject()
        return w.bytes
    }

    // MARK: - Objects

    func repository(_ w: inout WireJSONWriter, _ r: Repository) {
        w.beginObject()
        if version >= .v6 && r.isObjectStorage && version < .v8 {
            w.string("objectStorageId", objectStorageID(of: r).description)
        }
        if version >= .v6 {
            w.bool("objectStorageEncryptionEnabled", false)
            w.bool("isOutOfSync", r.isOutOfSync ?? false)
        }
        if !r.isObjectStorage {
            if version <= .v3 {
                if let c = r.capacityBytes { w.number("capacity", c) }
                if let f = r.freeSpaceBytes { w.number("freeSpace", f) }
            } else {
                if let c = r.capacityBytes { w.number("capacityBytes", c) }
                if let f = r.freeSpaceBytes { w.number("freeSpaceBytes", f) }
            }
        }
        w.string("id", r.id.description)
        w.string("name", r.name ?? "")
        w.string("description", r.description ?? "")
        w.string("path", r.path)
        w.string("retentionType", r.retentionType)
        if let retention = r.retention { self.retention(&w, retention) }
        if let p = r.proxyID { w.string("proxyId", p.description) }
        if version >= .v8 {
            if let o = r.organizationID { w.string("organizationId", o.description) }
        }
        if version >= .v6 { w.bool("isLongTerm", r.isLongTerm ?? false) }
        if version >= .v8 {
            w.bool("isOutdated", r.isOutdated ?? false)
            w.bool("isIndexed", true)
            w.bool("isMigrationLocked", false)
            w.bool("isOutOfOrder", r.isOutOfOrder ?? false)
            if let reason = r.outOfOrderReason { w.string("outOfOrderReason", reason) }
        }
        links(&w, [("self", "\(collection("BackupRepositories"))/\(r.id)")])
        if version >= .v8 && r.isObjectStorage {
            w.beginObject("objectStorage")
            w.string("id", objectStorageID(of: r).description)
            w.string("type", r.objectStorageType ?? "AzureBlob")
            w.bool("sizeLimitEnabled", false)
            if let used = r.usedSpaceBytes { w.number("usedSpaceBytes", used) }
            if let enabled = r.immutabilityEnabled { w.bool("enableImmutability", enabled) }
            if let days = r.immutabilityDays { w.number("immutabilityPeriodDays", days) }
            w.endObject()
        }
        w.endObject()
    }

    /// A repository's retention and its daily clean-up at 18:00, in every version (the v1.5, v2,
    /// v3 and v5 docs list them on `GET /BackupRepositories`): `retentionPeriodType` with
    /// `dailyRetentionPeriod` or `monthlyRetentionPeriod` (strings such as `"14"` up to v3, as the
    /// docs' examples write them; integers later) or `yearlyRetentionPeriod` (`Year1`,
    /// `Years2` … `Keep`; `KeepForever` in v1).
    func retention(_ w: inout WireJSONWriter, _ retention: RetentionPeriod) {
        func count(_ name: String, _ n: Int) {
            if version <= .v3 { w.string(name, String(n)) } else { w.number(name, Int64(n)) }
        }
        switch retention {
        case .days(let n):
            w.string("retentionPeriodType", "Daily")
            count("dailyRetentionPeriod", n)
        case .months(let n):
            w.string("retentionPeriodType", "Monthly")
            count("monthlyRetentionPeriod", n)
        case .years(let n):
            w.string("retentionPeriodType", "Yearly")
            w.string("yearlyRetentionPeriod", n == 1 ? "Year1" : "Years\(n)")
        case .forever:
            w.string("retentionPeriodType", "Yearly")
            w.string("yearlyRetentionPeriod", version == .v1 ? "KeepForever" : "Keep")
        }
        w.string("retentionFrequencyType", "Daily")
        w.string("dailyTime", "18:00:00")
        w.string("dailyType", "Everyday")
    }

    /// The id of a repository's object storage, derived from the repository's.
    func objectStorageID(of r: Repository) -> EntityID {
        SessionGenerator.uuid(FNV1a.hash(r.id.description.utf8), 13, 0)
    }

    func proxy(_ w: inout WireJSONWriter, _ p: BackupProxy) {
        w.beginObject()
        w.string("type", "Local")
        w.bool("useInternetProxy", false)
        if version >= .v8, let os = p.operatingSystem { w.string("operatingSystem", os) }
        w.string("id", p.id.description)
        w.string("hostName", p.hostName)
        if version >= .v7, let fqdn = p.fqdn { w.string("fqdn", fqdn) }
        w.string("description", p.description ?? "")
        w.number("port", p.port ?? 9193)
        if version < .v8 { w.number("threadsNumber", 64) }
        w.bool("enableNetworkThrottling", false)
        w.string("status", p.status)
        if version >= .v8 {
            w.string("maintenanceModeState", p.maintenanceModeState)
            if let cpu = p.cpuUsagePercent { w.real("cpuUsagePercent", cpu) } else { w.null("cpuUsagePercent") }
            if let memory = p.memoryUsagePercent {
                w.real("memoryUsagePercent", memory)
            } else {
                w.null("memoryUsagePercent")
            }
            w.string("version", p.version)
        }
        links(&w, [("self", "\(collection("Proxies"))/\(p.id)")])
        w.endObject()
    }

    func processedObject(_ w: inout WireJSONWriter, _ o: ProcessedObject) {
        w.beginObject()
        w.string("id", o.id)
        w.string("type", o.type)
        w.string("status", (o.status ?? .success).description)
        let relation = (o.type ?? "object").lowercased()
        guard linksProcessedObjects else { return w.endObject() }
        links(
            &w,
            [
                ("self", "\(collection("JobSessions"))/\(o.sessionID)/ProcessedObjects/\(o.id)"),
                ("jobSession", "\(collection("JobSessions"))/\(o.sessionID)"),
                o.link.map { (relation, Self.resourcePath($0)) },
            ])
        w.endObject()
    }

    /// A link as a saved response wrote it (`/v7/Organizations/…`, `https://host:4443/v5/…`) or as
    /// the generator makes it (`Organizations/…`), without its host and version, so that it is
    /// written again in this encoder's version (never `/v8//v7/…`).
    static func resourcePath(_ href: String) -> String {
        var parts = href.split(separator: "/", omittingEmptySubsequences: true)
        if let index = parts.firstIndex(where: { p in
            p.count >= 2 && (p.first == "v" || p.first == "V") && p.dropFirst().allSatisfy(\.isNumber)
        }) {
            parts = Array(parts[(index + 1)...])
        }
        return parts.joined(separator: "/")
    }

    /// A backup copy job as `/CopyJobs` lists it.
    func copyJob(_ w: inout WireJSONWriter, _ j: Job) {
        w.beginObject()
        w.string("backupJobId", j.backupJobID?.description)
        w.beginObject("schedulePolicy")
        w.string("type", j.schedule?.type ?? "Immediate")
        w.endObject()
        w.string("id", j.id.description)
        if version >= .v8 { w.string("organizationId", j.organizationID?.description) }
        w.string("name", j.name ?? "")
        w.string("lastRun", time(j.lastRun))
        w.string("nextRun", time(j.nextRun))
        if version >= .v7 { w.string("lastBackup", time(j.lastBackup)) }
        w.bool("isEnabled", j.isEnabled ?? true)
        w.string("lastStatus", j.lastStatus?.description)
        if version >= .v8 { w.number("eTag", j.eTag ?? 1) }
        links(
            &w,
            [
                ("self", "\(collection("CopyJobs"))/\(j.id)"),
                j.backupJobID.map { ("backupJob", "\(collection("Jobs"))/\($0)") },
                j.organizationID.map { ("organization", "\(collection("Organizations"))/\($0)") },
            ])
        w.endObject()
    }
}
