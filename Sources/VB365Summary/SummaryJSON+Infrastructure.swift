import VB365Model
import VB365Statistics
import VB365Text

extension SummaryJSON {
    /// The `infrastructure` member (schema version 3): the limits, what needs attention, and every
    /// repository, proxy, licence and organization's licensing figures as of the newest snapshot.
    static func infrastructure(_ s: Summary) -> JSONValue {
        let infra = s.infrastructure
        let t = s.options.infrastructure
        func time(_ t: Timestamp?) -> JSONValue { .optional(t) { .string($0.iso8601) } }
        func int(_ v: Int64?) -> JSONValue { .optional(v) { .int($0) } }
        func text(_ v: String?) -> JSONValue { .optional(v) { .string($0) } }
        func bool(_ v: Bool?) -> JSONValue { .optional(v) { .bool($0) } }
        func worst(_ v: Severity?) -> JSONValue { .optional(v) { .string($0.description) } }
        let day = { (t: Timestamp) in String(t.iso8601.prefix(10)) }
        return .object([
            ("newestSnapshot", time(infra.newestSnapshot)),
            ("staleSnapshotSeconds", .number(infra.staleSnapshotSeconds, places: 0)),
            ("worstStatus", worst(infra.worst)),
            (
                "thresholds",
                .object([
                    ("freeWarningPercent", .number(t.freeWarningPercent, places: 3)),
                    ("freeFailurePercent", .number(t.freeFailurePercent, places: 3)),
                    ("fullWarningDays", .number(t.fullWarningDays, places: 3)),
                    ("fullFailureDays", .number(t.fullFailureDays, places: 3)),
                    ("licenseWarningDays", .number(t.licenseWarningDays, places: 3)),
                    ("licenseFailureDays", .number(t.licenseFailureDays, places: 3)),
                    ("trendDays", .number(t.trendDays, places: 3)),
                ])
            ),
            (
                "findings",
                .array(
                    infra.findings.map { f in
                        let subject = InfrastructureText.subject(f, in: infra)
                        return .object([
                            (
                                "subject",
                                .string(subject.kind.lowercased() == "licence" ? "license" : subject.kind.lowercased())
                            ),
                            ("name", .string(subject.name)), ("server", text(subject.server)),
                            ("status", .string(f.severity.description)), ("kind", .string(kindName(f.kind))),
                            ("text", .string(InfrastructureText.finding(f.kind, thresholds: t, date: day))),
                        ])
                    })
            ),
            (
                "repositories",
                .array(
                    infra.repositories.map { r in
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
                    })
            ),
            (
                "proxies",
                .array(
                    infra.proxies.map { p in
                        .object([
                            ("id", .string(p.id.description)), ("name", .string(p.name)), ("server", text(p.server)),
                            ("snapshotTime", time(p.time)), ("status", text(p.status)),
                            ("maintenanceModeState", text(p.maintenanceModeState)),
                            ("cpuUsagePercent", .number(p.cpuUsagePercent, places: 3)),
                            ("memoryUsagePercent", .number(p.memoryUsagePercent, places: 3)),
                            ("version", text(p.version)), ("serverVersion", text(p.serverVersion)),
                            ("worstStatus", worst(p.worst)),
                        ])
                    })
            ),
            (
                "licenses",
                .array(
                    infra.licenses.map { l in
                        .object([
                            ("server", text(l.server)), ("snapshotTime", time(l.time)), ("status", text(l.status)),
                            ("type", text(l.type)), ("licensedTo", text(l.licensedTo)), ("expires", time(l.expires)),
                            ("expiryUnreadable", .bool(l.expiryUnreadable)),
                            ("gracePeriodExpires", time(l.gracePeriodExpires)),
                            ("daysLeft", .number(l.daysLeft, places: 3)), ("totalUsers", int(l.totalNumber)),
                            ("usedUsers", int(l.usedNumber)), ("newUsers", int(l.newNumber)),
                            ("worstStatus", worst(l.worst)),
                        ])
                    })
            ),
            (
                "organizationLicensing",
                .array(
                    infra.organizationLicensing.map { l in
                        .object([
                            (
                                "organization",
                                .object([("id", .string(l.organizationID.description)), ("name", .string(l.name))])
                            ),
                            ("server", text(l.server)), ("snapshotTime", time(l.time)),
                            ("licensedUsers", int(l.licensedUsers)), ("newUsers", int(l.newUsers)),
                        ])
                    })
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
