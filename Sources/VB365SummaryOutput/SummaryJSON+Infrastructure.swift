import VB365Model
import VB365Statistics
import VB365Text

extension SummaryJSON {
    /// The `infrastructure` member (schema version 3): the limits, what needs attention, and every
    /// repository, proxy, licence and organization's licensing figures as of the newest snapshot.
    static func infrastructure(_ s: Summary) -> JSONValue {
        let infra = s.infrastructure
        let t = s.options.infrastructure
        return .object([
            ("newestSnapshot", InfrastructureJSON.time(infra.newestSnapshot)),
            ("staleSnapshotSeconds", .number(infra.staleSnapshotSeconds, places: 0)),
            ("worstStatus", InfrastructureJSON.worst(infra.worst)),
            ("thresholds", InfrastructureJSON.thresholds(t)),
            ("findings", .array(infra.findings.map { InfrastructureJSON.finding($0, in: infra, thresholds: t) })),
            ("repositories", .array(infra.repositories.map(InfrastructureJSON.repository))),
            ("proxies", .array(infra.proxies.map(InfrastructureJSON.proxy))),
            ("licenses", .array(infra.licenses.map(InfrastructureJSON.license))),
            (
                "organizationLicensing",
                .array(infra.organizationLicensing.map(InfrastructureJSON.organizationLicensing))
            ),
        ])
    }

    /// The finding's kind as the JSON names it.
    static func kindName(_ kind: FindingKind) -> String {
        switch kind {
        case .lowFreeSpace: return "lowFreeSpace"
        case .fillsSoon: return "fillsSoon"
        case .outOfOrder: return "outOfOrder"
        case .outOfSync: return "outOfSync"
        case .outdated: return "outdated"
        case .offline: return "offline"
        case .maintenance: return "maintenance"
        case .versionMismatch: return "versionMismatch"
        case .expired: return "expired"
        case .expiresSoon: return "expiresSoon"
        case .overused: return "overused"
        }
    }
}

/// The parts of the `infrastructure` member: one object per row, and the values that may be null.
private enum InfrastructureJSON {
    /// An ISO 8601 time, or null.
    static func time(_ t: Timestamp?) -> JSONValue { .optional(t) { .string($0.iso8601) } }
    /// A whole number, or null.
    static func int(_ v: Int64?) -> JSONValue { .optional(v) { .int($0) } }
    /// A string, or null.
    static func text(_ v: String?) -> JSONValue { .optional(v) { .string($0) } }
    /// true or false, or null.
    static func bool(_ v: Bool?) -> JSONValue { .optional(v) { .bool($0) } }
    /// The worst status's name, or null when nothing needs attention.
    static func worst(_ v: Severity?) -> JSONValue { .optional(v) { .string($0.description) } }

    /// The limits the findings were judged by.
    static func thresholds(_ t: InfrastructureThresholds) -> JSONValue {
        .object([
            ("freeWarningPercent", .number(t.freeWarningPercent, places: 3)),
            ("freeFailurePercent", .number(t.freeFailurePercent, places: 3)),
            ("fullWarningDays", .number(t.fullWarningDays, places: 3)),
            ("fullFailureDays", .number(t.fullFailureDays, places: 3)),
            ("licenseWarningDays", .number(t.licenseWarningDays, places: 3)),
            ("licenseFailureDays", .number(t.licenseFailureDays, places: 3)),
            ("trendDays", .number(t.trendDays, places: 3)),
        ])
    }

    /// One finding: what it is about (a licence spelt `license`), its status, kind and sentence.
    static func finding(
        _ f: InfrastructureFinding, in infra: InfrastructureSummary, thresholds t: InfrastructureThresholds
    ) -> JSONValue {
        let day = { (t: Timestamp) in String(t.iso8601.prefix(10)) }
        let subject = InfrastructureText.subject(f, in: infra)
        return .object([
            (
                "subject",
                .string(subject.kind.lowercased() == "licence" ? "license" : subject.kind.lowercased())
            ),
            ("name", .string(subject.name)), ("server", text(subject.server)),
            ("status", .string(f.severity.description)), ("kind", .string(SummaryJSON.kindName(f.kind))),
            ("text", .string(InfrastructureText.finding(f.kind, thresholds: t, date: day))),
        ])
    }

    /// One repository: its figures, trend, forecast, flags and notes.
    static func repository(_ r: RepositoryState) -> JSONValue {
        .object([
            ("id", .string(r.id.description)), ("name", .string(r.name)), ("server", text(r.server)),
            ("snapshotTime", time(r.time)), ("objectStorage", .bool(r.isObjectStorage)),
            ("objectStorageType", text(r.objectStorageType)), ("capacityBytes", int(r.capacityBytes)),
            ("freeBytes", int(r.freeBytes)), ("usedBytes", int(r.usedBytes)),
            ("freePercent", .number(r.freePercent, places: 3)),
            ("growthBytesPerDay", .number(r.growthBytesPerDay, places: 0)),
            ("daysToFull", .number(r.daysToFull, places: 3)),
            ("trendSnapshots", .int(Int64(r.trendPoints))),
            ("trendDays", .number(r.trendDays, places: 3)),
            ("outOfSync", bool(r.isOutOfSync)), ("outdated", bool(r.isOutdated)),
            ("outOfOrder", bool(r.isOutOfOrder)), ("outOfOrderReason", text(r.outOfOrderReason)),
            ("notes", .array(r.notes.map { .string(InfrastructureText.note($0)) })),
            ("worstStatus", worst(r.worst)),
        ])
    }

    /// One proxy: its state, load and versions.
    static func proxy(_ p: ProxyState) -> JSONValue {
        .object([
            ("id", .string(p.id.description)), ("name", .string(p.name)), ("server", text(p.server)),
            ("snapshotTime", time(p.time)), ("status", text(p.status)),
            ("maintenanceModeState", text(p.maintenanceModeState)),
            ("cpuUsagePercent", .number(p.cpuUsagePercent, places: 3)),
            ("memoryUsagePercent", .number(p.memoryUsagePercent, places: 3)),
            ("version", text(p.version)), ("serverVersion", text(p.serverVersion)),
            ("worstStatus", worst(p.worst)),
        ])
    }

    /// One server's licence: its terms, expiry and users.
    static func license(_ l: LicenseState) -> JSONValue {
        .object([
            ("server", text(l.server)), ("snapshotTime", time(l.time)), ("status", text(l.status)),
            ("type", text(l.type)), ("licensedTo", text(l.licensedTo)), ("expires", time(l.expires)),
            ("expiryUnreadable", .bool(l.expiryUnreadable)),
            ("gracePeriodExpires", time(l.gracePeriodExpires)),
            ("daysLeft", .number(l.daysLeft, places: 3)), ("totalUsers", int(l.totalNumber)),
            ("usedUsers", int(l.usedNumber)), ("newUsers", int(l.newNumber)),
            ("worstStatus", worst(l.worst)),
        ])
    }

    /// One organization's licensing figures.
    static func organizationLicensing(_ l: OrganizationLicensingState) -> JSONValue {
        .object([
            (
                "organization",
                .object([("id", .string(l.organizationID.description)), ("name", .string(l.name))])
            ),
            ("server", text(l.server)), ("snapshotTime", time(l.time)),
            ("licensedUsers", int(l.licensedUsers)), ("newUsers", int(l.newUsers)),
        ])
    }
}
