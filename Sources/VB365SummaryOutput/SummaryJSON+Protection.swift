import VB365Model
import VB365Statistics

extension SummaryJSON {
    /// The `protection` member when a protection snapshot was found, else no member: without a
    /// snapshot protection is not known, so the member is left out rather than saying zero objects.
    static func protectionMember(_ s: Summary) -> [(String, JSONValue)] {
        s.protection.isEmpty ? [] : [("protection", protection(s))]
    }

    /// Each organization's protection as of its newest snapshot: its counts, its share protected,
    /// its SLA over the period, and the objects that need action (never every object).
    static func protection(_ s: Summary) -> JSONValue {
        let p = s.protection
        return .object([
            (
                "period",
                .optional(p.period) {
                    .object([("start", .string($0.lowerBound.iso8601)), ("end", .string($0.upperBound.iso8601))])
                }
            ),
            ("tenantsWithProblems", .int(Int64(p.tenantsWithProblems.count))),
            ("tenants", .array(p.tenants.map { ProtectionJSON.tenant($0, s) })),
        ])
    }
}

/// The parts of the `protection` member.
private enum ProtectionJSON {
    /// One organization's protection.
    static func tenant(_ t: TenantProtection, _ s: Summary) -> JSONValue {
        let licensesKnown = !t.incompleteSources.contains(.licensedUsers)
        return .object([
            (
                "organization",
                .object([("id", .string(t.organizationID.description)), ("name", .string(t.displayName))])
            ),
            ("server", SummaryJSON.serverReference(t.serverIndex(in: s), s)),
            ("taken", .string(t.taken.iso8601)),
            ("rpoSeconds", .number(t.rpoSeconds, places: 0)),
            ("coverageUnknown", .bool(t.coverageUnknown)),
            ("staleSnapshotSeconds", t.staleSnapshotSeconds.map { .number($0, places: 0) } ?? .null),
            ("incompleteSources", .array(t.incompleteSources.map { .string(name($0.rawValue)) })),
            ("totals", counts(t.totals)),
            (
                "byKind",
                .object(
                    ProtectedObjectKind.allCases.map { kind in
                        let known = t.byKind[kind] != nil || !t.incompleteSources.contains(.directory(kind))
                        return (kind.rawValue, known ? counts(t.byKind[kind] ?? StateCounts()) : .null)
                    })
            ),
            (
                "byData",
                .object(ProtectedData.allCases.compactMap { d in t.byData[d].map { (dataName(d), counts($0)) } })
            ),
            ("protectedShare", t.coverageUnknown ? .null : .number(t.totals.protectedShare, places: 6)),
            ("licenseExceeded", licensesKnown ? .int(Int64(t.licenceExceeded.count)) : .null),
            ("sla", .optional(t.sla, sla)),
            ("problems", .array(t.objects.filter { $0.state.isProblem }.map(problem))),
        ])
    }

    /// Counts by state, then the objects in scope (all but excluded), those needing action, and all.
    static func counts(_ c: StateCounts) -> JSONValue {
        .object(
            ProtectionState.allCases.map { (name($0.rawValue), .int(Int64(c[$0]))) } + [
                ("inScope", .int(Int64(c.inScope))), ("problems", .int(Int64(c.problems))),
                ("total", .int(Int64(c.total))),
            ])
    }

    /// The SLA over the period: every object's checks, and per kind of data and of object.
    static func sla(_ sla: ProtectionSLA) -> JSONValue {
        .object([
            ("start", .string(sla.start.iso8601)), ("end", .string(sla.end.iso8601)),
            ("checks", .int(Int64(sla.checks))), ("estimatedChecks", .int(Int64(sla.estimatedChecks))),
            ("total", share(sla.total)),
            (
                "byData",
                .object(ProtectedData.allCases.compactMap { d in sla.byData[d].map { (dataName(d), share($0)) } })
            ),
            (
                "byKind",
                .object(ProtectedObjectKind.allCases.compactMap { k in sla.byKind[k].map { (k.rawValue, share($0)) } })
            ),
        ])
    }

    /// `{"met", "checks", "share"}`; the share is null when nothing counted.
    static func share(_ s: SLAShare) -> JSONValue {
        .object([
            ("met", .int(Int64(s.met))), ("checks", .int(Int64(s.checks))), ("share", .number(s.share, places: 6)),
        ])
    }

    /// One object that needs action.
    static func problem(_ v: ObjectProtection) -> JSONValue {
        .object([
            ("kind", .string(v.object.kind.rawValue)), ("id", .string(v.object.id)),
            ("name", .optional(v.object.name) { .string($0) }),
            ("address", .optional(v.object.address) { .string($0) }),
            ("state", .string(name(v.state.rawValue))), ("reason", .string(v.reason)),
            ("required", .array(v.required.map { .string(dataName($0)) })),
            ("lastBackup", .optional(v.lastBackup) { .string($0.iso8601) }),
            ("overdueSeconds", .number(v.overdueSeconds, places: 0)),
            ("jobs", .array(v.jobs.map { .string($0.description) })),
            ("firstSeen", .optional(v.firstSeen) { .string($0.iso8601) }),
        ])
    }

    /// A kind of data as the JSON names it: `mailbox`, `oneDrive`, `groupMailbox`, ...
    static func dataName(_ d: ProtectedData) -> String { d == .oneDrive ? "oneDrive" : name(d.rawValue) }

    /// A word of the protection's wire (`never-backed-up`, `backup-data`) in the JSON's lower
    /// camel case (`neverBackedUp`, `backupData`).
    static func name(_ word: String) -> String {
        var out = ""
        var upper = false
        for c in word {
            if c == "-" {
                upper = true
            } else {
                out += upper ? c.uppercased() : String(c)
                upper = false
            }
        }
        return out
    }
}
