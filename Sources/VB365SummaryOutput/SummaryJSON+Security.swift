import VB365Model
import VB365Statistics
import VB365Text

extension SummaryJSON {
    /// The `security` member: the settings its findings were judged by, and every finding of the
    /// window, worst first, with the same words as the reports.
    static func security(_ s: Summary) -> JSONValue {
        let v = s.options.changeVolume
        let findings = s.securityFindings
        return .object([
            ("worstStatus", .optional(findings.first?.level) { .string($0.description) }),
            (
                "changeVolume",
                .object([
                    ("enabled", .bool(v.enabled)),
                    ("runs", .int(Int64(v.runs))),
                    ("minimumRuns", .int(Int64(v.minimumRuns))),
                    ("aboveFactor", .number(v.aboveFactor, places: 3)),
                    ("monthEndFactor", .number(v.monthEndFactor, places: 3)),
                    ("deviations", .number(v.deviations, places: 3)),
                    ("minimumBytes", .number(v.minimumBytes, places: 0)),
                    ("minimumItems", .number(v.minimumItems, places: 0)),
                    ("belowShare", .number(v.belowShare, places: 3)),
                    ("minimumObjectDrop", .number(v.minimumObjectDrop, places: 0)),
                    (
                        "ignored",
                        .array(
                            v.ignored.map { period in
                                var members: [(String, JSONValue)] = [
                                    ("from", .string(period.from.iso8601)), ("to", .string(period.to.iso8601)),
                                ]
                                switch period.subject {
                                case .job(let name): members.append(("job", .string(name)))
                                case .organization(let name): members.append(("organization", .string(name)))
                                case nil: break
                                }
                                members.append(("reason", .string(period.reason)))
                                return .object(members)
                            })
                    ),
                ])
            ),
            ("findings", .array(findings.map { securityFinding($0, s) })),
        ])
    }

    /// One finding: its kind, level and time, what it is about, its words and its numbers.
    static func securityFinding(_ f: SecurityFinding, _ s: Summary) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("kind", .string(f.kind.rawValue)),
            ("level", .string(f.level.description)),
            ("time", .string(f.time.iso8601)),
        ]
        if let index = f.jobIndex {
            let job = s.jobs[index]
            let organization = s.organizations[job.organizationIndex]
            members += [
                ("server", .optional(job.serverIndex) { .string(s.servers[$0].name) }),
                ("organization", .string(organization.name)),
                ("organizationId", .optional(organization.id) { .string($0.description) }),
                ("job", .string(job.name)),
                ("jobId", .optional(job.id) { .string($0.description) }),
            ]
        }
        switch f.subject {
        case .change(_, let change):
            members += [
                ("session", .string(change.session.description)),
                ("status", .string(change.status.description)),
                ("baselineRuns", .int(Int64(change.runs))),
                (
                    "measures",
                    .array(
                        change.deviations.map { d in
                            .object([
                                ("measure", .string(d.measure.rawValue)),
                                ("value", .number(d.value, places: 0)),
                                ("usual", .number(d.usual, places: 0)),
                                ("factor", .number(d.factor, places: 3)),
                            ])
                        })
                ),
            ]
        case .restore(let index):
            let a = s.restores[index]
            members += [
                ("also", .array(f.also.map { .string($0.rawValue) })),
                ("server", .optional(a.serverIndex) { .string(s.servers[$0].name) }),
                ("organization", .string(a.organizationIndex.map { s.organizations[$0].name } ?? a.organizationName)),
                ("restoreSession", restoreSession(a)),
            ]
        case .setting(let index):
            let c = s.settingChanges[index]
            members += [
                ("server", .optional(c.serverIndex) { .string(s.servers[$0].name) }),
                ("organization", .optional(c.organizationIndex) { .string(s.organizations[$0].name) }),
                (
                    "organizationId",
                    .optional(c.organizationIndex.flatMap { s.organizations[$0].id }) {
                        .string($0.description)
                    }
                ),
                ("setting", settingChange(c)),
            ]
        }
        members += [
            ("text", .string(SecurityText.detail(f, in: s, zone: .utc))),
            ("advice", .string(SecurityText.advice(f.kind))),
        ]
        return .object(members)
    }

    /// A settings change: what, where it was read, when, before and after.
    static func settingChange(_ c: SettingChange) -> JSONValue {
        .object([
            (c.isRepository ? "repository" : "job", .string(c.name)),
            (c.isRepository ? "repositoryId" : "jobId", .string(c.id)),
            ("source", .string(c.source.rawValue)),
            ("firstSeen", .string(c.firstSeen.iso8601)),
            ("lastSeenBefore", .optional(c.lastSeenBefore) { .string($0.iso8601) }),
            ("before", .string(c.before)),
            ("after", .string(c.after)),
            ("items", .array(c.items.map { .string($0) })),
            ("itemCount", .int(Int64(c.itemCount))),
        ])
    }

    /// A restore session: who, from where, why, when, and what it did.
    static func restoreSession(_ a: RestoreActivity) -> JSONValue {
        let session = a.session
        return .object([
            ("id", .string(session.id.description)),
            ("type", .optional(session.type) { .string($0.word) }),
            ("initiatedBy", .optional(session.initiatedBy) { .string($0) }),
            ("clientHost", .optional(session.clientHost) { .string($0) }),
            ("reason", .optional(session.reason) { .string($0) }),
            ("scopeName", .optional(session.scopeName) { .string($0) }),
            ("state", .optional(session.state) { .string($0.wire) }),
            ("result", .optional(session.result) { .string($0.wire) }),
            ("creationTime", .optional(session.creationTime) { .string($0.iso8601) }),
            ("endTime", .optional(session.endTime) { .string($0.iso8601) }),
            ("itemsTakenOut", .int(Int64(a.takenOut.items))),
            ("bytesTakenOut", .int(a.takenOut.bytes)),
            ("itemsRestored", .int(Int64(a.restored.items))),
            ("itemsElsewhere", .int(Int64(a.elsewhereCount))),
            ("itemsViewed", .int(Int64(a.viewed))),
            ("itemsFailed", .int(Int64(a.failedItems))),
        ])
    }
}
