import VB365Model
import VB365Statistics
import VB365Support

/// The documented, stable JSON of `summary --format json` (`schemaVersion`; see docs/json-schema.md).
/// Members always appear, in a fixed order (but `protection`, only when a snapshot was found);
/// unknown values are `null`.
package enum SummaryJSON {
    /// The schema version; raised only when a member changes meaning or goes away.
    package static let schemaVersion: Int64 = 6

    /// The document for `summary`, as one value (small summaries and tests; `write` streams it).
    package static func document(_ summary: Summary, toolVersion: String) -> JSONValue {
        .object(
            header(summary, toolVersion: toolVersion) + [
                ("servers", .array(summary.servers.map { server($0, summary) })),
                ("organizations", .array(summary.organizations.map { organization($0, summary) })),
                ("jobs", .array(summary.jobs.map { job($0, summary) })),
                ("sessions", .array(summary.windowSessions.map { session($0, summary) })),
            ])
    }

    /// Writes the document for `summary` as it is produced, session by session: the same bytes as
    /// `document(_:toolVersion:).rendered(layout)`, without holding more than one session's value.
    package static func write(
        _ summary: Summary, toolVersion: String, layout: JSONLayout, to output: inout BufferedOutput
    ) {
        var w = JSONStreamWriter(BufferedOutput(), layout: layout)
        swap(&w.output, &output)
        defer { swap(&w.output, &output) }
        w.beginObject()
        for (name, value) in header(summary, toolVersion: toolVersion) { w.member(name, value) }
        w.key("servers")
        w.beginArray()
        for server in summary.servers where !w.failed { w.value(Self.server(server, summary)) }
        w.endArray()
        w.key("organizations")
        w.beginArray()
        for o in summary.organizations where !w.failed { w.value(organization(o, summary)) }
        w.endArray()
        w.key("jobs")
        w.beginArray()
        for j in summary.jobs where !w.failed {
            w.beginObject()
            for (name, value) in jobMembers(j, summary) { w.member(name, value) }
            w.key("sessions")
            w.beginArray()
            for index in j.sessionIndices { w.value(.string(summary.windowSessions.id(at: index).description)) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("sessions")
        w.beginArray()
        for f in summary.windowSessions where !w.failed { w.value(session(f, summary)) }
        w.endArray()
        w.endObject()
        w.newline()
    }

    /// Writes `summary` as NDJSON (see docs/json-schema.md): a compact line for the document's
    /// top-level members (`"type": "summary"`), then one per server, organization, job and session,
    /// each the document's object with `type` first; job lines leave out their session ids, since
    /// every session line names its job.
    package static func writeLines(_ summary: Summary, toolVersion: String, to output: inout BufferedOutput) {
        var w = JSONStreamWriter(BufferedOutput(), layout: .compact)
        swap(&w.output, &output)
        defer { swap(&w.output, &output) }
        func line(_ type: String, _ members: [(String, JSONValue)]) {
            w.beginObject()
            w.member("type", .string(type))
            for (name, value) in members { w.member(name, value) }
            w.endObject()
            w.newline()
        }
        func members(_ value: JSONValue) -> [(String, JSONValue)] {
            guard case .object(let members) = value else { return [] }
            return members
        }
        line("summary", header(summary, toolVersion: toolVersion))
        for server in summary.servers where !w.failed { line("server", members(Self.server(server, summary))) }
        for o in summary.organizations where !w.failed { line("organization", members(organization(o, summary))) }
        for j in summary.jobs where !w.failed { line("job", jobMembers(j, summary)) }
        for f in summary.windowSessions where !w.failed { line("session", members(session(f, summary))) }
    }

    /// The document's members before its four lists (servers, organizations, jobs, sessions);
    /// `protection` last, when there is one.
    static func header(_ summary: Summary, toolVersion: String) -> [(String, JSONValue)] {
        [
            ("schemaVersion", .int(schemaVersion)),
            ("tool", .object([("name", .string("vb365-report")), ("version", .string(toolVersion))])),
            ("now", .string(summary.options.now.iso8601)),
            ("newestSession", .optional(summary.newestSession) { .string($0.iso8601) }),
            ("dataAgeSeconds", .optional(summary.dataAgeSeconds) { .number($0, places: 0) }),
            (
                "window",
                .object([
                    ("start", .string(summary.window.start.iso8601)),
                    ("end", .string(summary.window.end.iso8601)),
                    ("startIncluded", .bool(summary.window.startIncluded)),
                    ("endIncluded", .bool(summary.window.endIncluded)),
                    ("default", .bool(summary.window.isDefault)),
                ])
            ),
            (
                "thresholds",
                .object([
                    ("baselineRuns", .int(Int64(summary.options.baselineRuns))),
                    ("rateDropPercent", .number(summary.options.rateDropPercent, places: 3)),
                    ("durationRisePercent", .number(summary.options.durationRisePercent, places: 3)),
                    ("hungFactor", .number(summary.options.hungFactor, places: 3)),
                    ("hungMinimumSeconds", .number(summary.options.hungMinimumSeconds, places: 0)),
                ])
            ),
            ("worstStatus", .optional(summary.worst) { .string($0.description) }),
            ("outcome", .string(summary.outcome.word)),
            ("missedJobs", .int(Int64(summary.missedJobs.count))),
            ("staleJobs", .int(Int64(summary.staleJobs.count))),
            ("hungJobs", .int(Int64(summary.hungJobs.count))),
            ("maximumAgeSeconds", .number(summary.options.maximumAgeSeconds, places: 0)),
            ("totals", group(summary.totals)),
            (
                "input",
                .object([
                    ("sessionsInWindow", .int(Int64(summary.windowSessions.count))),
                    ("sessionsBeforeWindow", .int(Int64(summary.sessionsBeforeWindow))),
                    ("sessionsAfterWindow", .int(Int64(summary.sessionsAfterWindow))),
                    ("duplicateSessionsMerged", .int(Int64(summary.duplicateSessions))),
                    ("logItemsOfUnreadSessions", .int(Int64(summary.unreadLogItems.items))),
                    ("unreadSessionsNamedByLogItems", .int(Int64(summary.unreadLogItems.sessions))),
                    (
                        "unreadableFiles",
                        .array(
                            summary.unreadableFiles.map { file in
                                .object([
                                    ("path", .string(file.path)),
                                    ("line", .optional(file.line) { .int(Int64($0)) }),
                                    ("column", .optional(file.column) { .int(Int64($0)) }),
                                    ("reason", .string(file.reason)),
                                ])
                            })
                    ),
                ])
            ),
            ("infrastructure", infrastructure(summary)),
            ("security", security(summary)),
        ] + protectionMember(summary)
    }

    static func server(_ server: ServerSummary, _ s: Summary) -> JSONValue {
        .object([
            ("name", .string(server.name)),
            ("address", .string(server.address)),
            ("lastFetched", .optional(server.lastFetched) { .string($0.iso8601) }),
            ("lastFetchError", .optional(server.lastFetchError) { .string($0) }),
            (
                "organizations",
                .array(
                    server.organizationIndices.map { index in
                        let o = s.organizations[index]
                        return .object([("id", .optional(o.id) { .string($0.description) }), ("name", .string(o.name))])
                    })
            ),
            ("jobs", .array(server.jobIndices.map { jobReference(s.jobs[$0]) })),
            ("statistics", group(server.statistics)),
            ("lastSuccess", .optional(server.lastSuccess, reference)),
            ("lastSuccessAgeSeconds", .number(server.lastSuccessAgeSeconds, places: 0)),
        ])
    }

    /// `{"name", "address"}` of the server at `index`, or null.
    static func serverReference(_ index: Int?, _ s: Summary) -> JSONValue {
        .optional(index) {
            .object([("name", .string(s.servers[$0].name)), ("address", .string(s.servers[$0].address))])
        }
    }

    static func organization(_ o: OrganizationSummary, _ s: Summary) -> JSONValue {
        .object([
            ("id", .optional(o.id) { .string($0.description) }),
            ("name", .string(o.name)),
            ("server", serverReference(o.serverIndex, s)),
            ("jobs", .array(o.jobIndices.map { jobReference(s.jobs[$0]) })),
            ("statistics", group(o.statistics)),
            ("lastSuccess", .optional(o.lastSuccess, reference)),
            ("lastSuccessAgeSeconds", .number(o.lastSuccessAgeSeconds, places: 0)),
        ])
    }

    static func jobReference(_ j: JobSummary) -> JSONValue {
        .object([("id", .optional(j.id) { .string($0.description) }), ("name", .string(j.name))])
    }

    static func job(_ j: JobSummary, _ s: Summary) -> JSONValue {
        .object(
            jobMembers(j, s) + [
                ("sessions", .array(j.sessionIndices.map { .string(s.windowSessions.id(at: $0).description) }))
            ])
    }

    /// A job's members but its session ids (the last member).
    static func jobMembers(_ j: JobSummary, _ s: Summary) -> [(String, JSONValue)] {
        let org = s.organizations[j.organizationIndex]
        return [
            ("id", .optional(j.id) { .string($0.description) }),
            ("name", .string(j.name)),
            ("nameKnown", .bool(j.isNamed)),
            (
                "organization",
                .object([("id", .optional(org.id) { .string($0.description) }), ("name", .string(org.name))])
            ),
            ("server", serverReference(j.serverIndex, s)),
            ("copyJob", .bool(j.isCopyJob)),
            ("enabled", .optional(j.isEnabled) { .bool($0) }),
            ("nextRun", .optional(j.nextRun) { .string($0.iso8601) }),
            ("statistics", group(j.statistics)),
            ("lastSession", .optional(j.lastSession, reference)),
            ("lastSuccess", .optional(j.lastSuccess, reference)),
            ("lastSuccessAgeSeconds", .number(j.lastSuccessAgeSeconds, places: 0)),
            ("historySessions", .int(Int64(j.historySessions))),
            ("outcome", .string(j.outcome.word)),
            (
                "missed",
                .optional(j.freshness.missed) { m in
                    .object([
                        ("lastRun", .optional(m.lastRun) { .string($0.iso8601) }),
                        ("due", .optional(m.due) { .string($0.iso8601) }),
                        ("expectedIntervalSeconds", .number(m.expectedInterval, places: 0)),
                        ("basis", .string(m.basis.rawValue)),
                    ])
                }
            ),
            (
                "stale",
                .optional(j.freshness.stale) { st in
                    .object([
                        ("lastSuccessAgeSeconds", .number(st.ageSeconds, places: 0)),
                        ("maximumAgeSeconds", .number(st.maximumAgeSeconds, places: 0)),
                    ])
                }
            ),
            ("hung", .optional(j.freshness.hung, hung)),
            (
                "streak",
                .optional(j.freshness.streak) { st in
                    .object([
                        ("status", .string(st.status.description)),
                        ("runs", .int(Int64(st.runs))),
                        ("since", .string(st.since.iso8601)),
                        ("countsAsFailed", .bool(st.escalates)),
                    ])
                }
            ),
            ("schedule", schedule(j.freshness.schedule)),
        ]
    }

    /// What is known of a job's schedule: `{"source": "jobs list"|"learned"|"unknown"|"not expected", …}`.
    static func schedule(_ s: Freshness.Schedule) -> JSONValue {
        switch s {
        case .notExpected: return .object([("source", .string("not expected"))])
        case .server(let seconds):
            return .object([("source", .string("jobs list")), ("intervalSeconds", .number(seconds, places: 0))])
        case .learned(let learned):
            let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
            return .object([
                ("source", .string("learned")), ("intervalSeconds", .number(learned.intervalSeconds, places: 0)),
                ("graceSeconds", .number(learned.graceSeconds, places: 0)),
                (
                    "weekdays",
                    .optional(learned.weekdays) { days in
                        .array((0..<7).filter { days[$0] == true }.map { .string(names[$0]) })
                    }
                ),
                (
                    "weekdaysNotSeen",
                    .optional(learned.weekdays) { days in
                        .array((0..<7).filter { days[$0] == nil }.map { .string(names[$0]) })
                    }
                ),
            ])
        case .unknown(.learning(let runs)):
            return .object([
                ("source", .string("unknown")), ("reason", .string("learning")), ("runs", .int(Int64(runs))),
            ])
        case .unknown(.irregular(let runs)):
            return .object([
                ("source", .string("unknown")), ("reason", .string("irregular")), ("runs", .int(Int64(runs))),
            ])
        }
    }

    static func hung(_ h: Freshness.Hung) -> JSONValue {
        .object([
            ("sessionId", .string(h.sessionID.description)),
            ("queued", .bool(h.queued)),
            ("started", .string(h.started.iso8601)),
            ("runningSeconds", .number(h.elapsedSeconds, places: 0)),
            ("usualSeconds", .number(h.usualSeconds, places: 0)),
            ("p95Seconds", .number(h.p95Seconds, places: 0)),
            ("completedRuns", .int(Int64(h.completedRuns))),
            ("thresholdSeconds", .number(h.thresholdSeconds, places: 0)),
        ])
    }

    static func partial(_ sum: PartialSum) -> JSONValue { .optional(sum.value) { .int($0) } }

    static func reference(_ r: SessionReference) -> JSONValue {
        .object([
            ("id", .string(r.id.description)),
            ("creationTime", .string(r.creationTime.iso8601)),
            ("endTime", .optional(r.endTime) { .string($0.iso8601) }),
            ("status", .string(r.status.description)),
        ])
    }

    static func group(_ g: GroupStatistics) -> JSONValue {
        .object([
            ("sessions", .int(Int64(g.sessions))),
            ("byStatus", .object(g.byStatus.map { ($0.status.description, .int(Int64($0.count))) })),
            (
                "runs",
                .object([
                    ("total", .int(Int64(g.runs.total))),
                    ("success", .int(Int64(g.runs.success))),
                    ("recovered", .int(Int64(g.runs.recovered))),
                    ("warning", .int(Int64(g.runs.warning))),
                    ("failed", .int(Int64(g.runs.failed))),
                    ("running", .int(Int64(g.runs.running))),
                    ("other", .int(Int64(g.runs.other))),
                    ("awaitingRetry", .int(Int64(g.runs.awaitingRetry))),
                    ("missed", .int(Int64(g.runs.missed))),
                    ("expected", .int(Int64(g.runs.expected))),
                ])
            ),
            ("successRate", .number(g.successRate, places: 4)),
            ("worstStatus", .optional(g.worst) { .string($0.description) }),
            (
                "durationSeconds",
                .optional(g.duration) { d in
                    .object([
                        ("count", .int(Int64(d.count))),
                        ("min", .number(d.minimum, places: 3)),
                        ("median", .number(d.median, places: 3)),
                        ("p95", .number(d.p95, places: 3)),
                        ("max", .number(d.maximum, places: 3)),
                    ])
                }
            ),
            (
                "transferredBytes",
                .object([
                    ("total", partial(g.transferredTotal)),
                    ("unknownSessions", .int(Int64(g.transferredTotal.unknownSessions))),
                    ("median", .number(g.transferredMedian, places: 0)),
                ])
            ),
            (
                "objects",
                .object([
                    ("total", partial(g.objectsTotal)),
                    ("unknownSessions", .int(Int64(g.objectsTotal.unknownSessions))),
                    ("median", .number(g.objectsMedian, places: 1)),
                ])
            ),
            (
                "medianRates",
                .object([
                    ("processingBytesPerSecond", .number(g.medianProcessingRate, places: 0)),
                    ("processingItemsPerSecond", .number(g.medianProcessingItemsRate, places: 1)),
                    ("readBytesPerSecond", .number(g.medianReadRate, places: 0)),
                    ("writeBytesPerSecond", .number(g.medianWriteRate, places: 0)),
                ])
            ),
            ("typicalBottleneck", .optional(g.typicalBottleneck) { .string($0.description) }),
            ("slowerSessions", .int(Int64(g.slower))),
            ("fasterSessions", .int(Int64(g.faster))),
        ])
    }

    static func session(_ f: SessionFacts, _ s: Summary) -> JSONValue {
        let job = s.jobs[f.jobIndex]
        let org = s.organizations[job.organizationIndex]
        func int(_ v: Int64?) -> JSONValue { .optional(v) { .int($0) } }
        return .object([
            ("id", .string(f.id.description)),
            ("job", jobReference(job)),
            (
                "organization",
                .object([("id", .optional(org.id) { .string($0.description) }), ("name", .string(org.name))])
            ),
            ("server", serverReference(job.serverIndex, s)),
            ("creationTime", .string(f.creationTime.iso8601)),
            ("endTime", .optional(f.endTime) { .string($0.iso8601) }),
            ("durationSeconds", .number(f.durationSeconds, places: 3)),
            ("runningSeconds", .number(f.runningSeconds, places: 0)),
            ("hung", .bool(f.hung != nil)),
            ("status", .string(f.status.description)),
            ("jobType", .optional(f.jobType) { .string($0.description) }),
            (
                "statistics",
                .object([
                    ("processingRateBytesPerSecond", int(f.processingRate)),
                    ("processingRateItemsPerSecond", int(f.processingItemsRate)),
                    ("readRateBytesPerSecond", int(f.readRate)),
                    ("writeRateBytesPerSecond", int(f.writeRate)),
                    ("transferredBytes", int(f.transferred)),
                    ("processedObjects", int(f.objects)),
                    ("bottleneck", .optional(f.bottleneck) { .string($0.description) }),
                    ("observedThroughputBytesPerSecond", .number(f.observedThroughput, places: 0)),
                ])
            ),
            (
                "readWrite",
                .optional(f.readWrite) { rw in
                    .object([
                        ("limitingSide", .string(rw.limitingSide.rawValue)),
                        ("readToWriteRatio", .number(rw.ratio, places: 3)),
                        ("consistentWithBottleneck", .optional(rw.consistentWithBottleneck) { .bool($0) }),
                    ])
                }
            ),
            (
                "retry",
                .object([
                    ("attempt", .int(Int64(f.retry.attempt))),
                    ("attempts", .int(Int64(f.retry.attempts))),
                    ("role", .string(f.retry.kind)),
                    ("final", .bool(f.retry.isFinal)),
                    ("mainSessionId", .optional(f.retry.mainSessionID) { .string($0.description) }),
                    ("jobWillBeRetried", .optional(f.retry.willBeRetried) { .bool($0) }),
                    ("description", .string(f.retry.description)),
                ])
            ),
            ("versusPrevious", .optional(f.versusPrevious, comparison)),
            ("versusMedian", .optional(f.versusMedian, comparison)),
            (
                "log",
                .object([
                    ("warnings", .int(Int64(f.logWarnings))),
                    ("errors", .int(Int64(f.logErrors))),
                    (
                        "attention",
                        .array(
                            f.attentionLog.map { line in
                                .object([
                                    ("severity", .string(line.severity.description)),
                                    ("message", .string(line.message)),
                                    ("time", .optional(line.creationTime) { .string($0.iso8601) }),
                                ])
                            })
                    ),
                ])
            ),
        ])
    }

    static func comparison(_ c: Comparison) -> JSONValue {
        let baseline: JSONValue
        switch c.baseline {
        case .previous(let id):
            baseline = .object([("kind", .string("previous")), ("sessionId", .string(id.description))])
        case .median(let runs): baseline = .object([("kind", .string("median")), ("runs", .int(Int64(runs)))])
        }
        return .object([
            ("baseline", baseline),
            ("verdict", .string(c.verdict.rawValue)),
            (
                "deltaPercent",
                .object(Comparison.Metric.allCases.map { ($0.rawValue, .number(c.deltas[$0], places: 1)) })
            ),
            (
                "baselineValues",
                .object(Comparison.Metric.allCases.map { ($0.rawValue, .number(c.baselineValues[$0], places: 3)) })
            ),
            (
                "findings",
                .array(
                    c.findings.map { f in
                        .object([
                            ("metric", .string(f.metric.rawValue)),
                            ("verdict", .string(f.verdict.rawValue)),
                            ("deltaPercent", .number(f.deltaPercent, places: 1)),
                        ])
                    })
            ),
        ])
    }
}
