import Crypto
import VB365Model
import VB365Statistics
import VB365Support

extension ViewBuilder {
    /// What a site's session page is built from, whatever the format: the session's facts, its
    /// log lines, its processed objects and their names (and how many are listed), its job's
    /// names and page, the facts of the other sessions of its retry chain,
    /// and the previous run's time. A site's session page reads nothing else (`sessionPage` must
    /// keep it so: a new input of that page belongs here too); its key (`sessionKey`) adds the
    /// format and the builder's settings. A site's month page is built from its sessions' rows,
    /// which read a subset of the same, so its key (`jobMonthKey`) takes in its sessions' digests.
    ///
    /// `SessionFactsKeyTests` holds every stored property of the facts' types to this walk, so a
    /// property added to them without being added here fails the tests.
    func sessionDigest(_ f: SessionFacts) -> SHA256.Digest {
        var walk = ViewWalk()
        walk.string("session inputs")
        walk.job(f.jobIndex, of: self)
        walk.facts(f)
        let lines = input.logItems[f.id] ?? []
        walk.integer(lines.count)
        for line in lines { walk.logItem(line) }
        let objects = input.processedObjects[f.id] ?? []
        walk.integer(objects.count)
        if !objects.isEmpty { walk.integer(input.objectsShown) }
        for object in objects { walk.processedObject(object) }
        // The chain's items show each member's time, status and page (`chainItems`).
        let members = f.retry.attempts > 1 ? chains[f.retry.mainSessionID ?? f.id] ?? [] : []
        walk.integer(members.count)
        for m in members { walk.facts(m) }
        if case .previous(let id)? = f.versusPrevious?.baseline {
            walk.optional(creationTimes[id]) { $0.timestamp($1) }
        }
        return SHA256.hash(data: walk.bytes)
    }

    /// The settings every page of `kind` this builder makes is built with: its template and the
    /// partials it includes, the format, the version and build, the time zone and the links.
    func keySettings(_ kind: PageKind, templates: TemplateSet) -> [UInt8] {
        let template = kind.templateName(format)
        var walk = ViewWalk()
        walk.string(PageKey.revision + " " + kind.rawValue)
        walk.string(templates.digests[template] ?? templates.digest)
        walk.string(format.rawValue)
        walk.string(input.toolVersion)
        // A build from another commit may build pages otherwise: it renders every page again.
        walk.string(BuildInfo.commit ?? "")
        walk.string(input.time.name)
        walk.flag(input.time.isUTC)
        walk.optional(linkBase) { $0.string($1) }
        return walk.bytes
    }

    /// The key of a site's session page: its `sessionDigest` under `settings`
    /// (`keySettings(.session, ...)`).
    static func sessionKey(_ digest: SHA256.Digest, settings: [UInt8]) -> PageKey {
        var hash = SHA256()
        hash.update(data: settings)
        hash.update(data: Array(digest))
        return PageKey(digest: hash.finalize())
    }

    /// The key of page `at` of job `index`'s `months` on a site (`jobMonthPage`), from the
    /// digests of the month's sessions, in its order, under `settings` (`keySettings(.jobMonth,
    /// ...)`).
    func jobMonthKey(
        _ index: Int, months: [JobMonth], at: Int, digests: [SHA256.Digest], settings: [UInt8]
    ) -> PageKey {
        var walk = ViewWalk()
        walk.job(index, of: self)
        for neighbour in [at - 1, at, at + 1] {
            walk.string(months.indices.contains(neighbour) ? months[neighbour].month : "")
        }
        walk.integer(digests.count)
        var hash = SHA256()
        hash.update(data: settings)
        hash.update(data: walk.bytes)
        for digest in digests { hash.update(data: Array(digest)) }
        return PageKey(digest: hash.finalize())
    }
}

extension ViewWalk {
    /// What a page shows of job `index`: its name, its organization's and server's names, and
    /// where its pages are.
    mutating func job(_ index: Int, of builder: ViewBuilder) {
        let summary = builder.input.summary
        let job = summary.jobs[index]
        string(job.name)
        // Its sessions are marked as copies.
        flag(job.isCopyJob)
        string(summary.organizations[job.organizationIndex].name)
        flag(summary.servers.count > 1)
        optional(job.serverIndex) { $0.string(summary.servers[$1].name) }
        string(builder.input.pagePrefix(job: index))
        string(builder.jobFiles[index])
    }

    mutating func flag(_ value: Bool) {
        bytes.append(2)
        bytes.append(value ? 1 : 0)
    }

    mutating func double(_ value: Double) {
        bytes.append(4)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func optional<T>(_ value: T?, _ body: (inout ViewWalk, T) -> Void) {
        guard let value else {
            bytes.append(0)
            return
        }
        bytes.append(7)
        body(&self, value)
    }

    mutating func timestamp(_ t: Timestamp) { integer(Int(truncatingIfNeeded: t.ticks)) }

    /// A UUID as its 128 bits (tagged 8), any other id as its text.
    mutating func id(_ id: EntityID) {
        switch id {
        case .uuid(let hi, let lo):
            bytes.append(8)
            integer(Int(truncatingIfNeeded: hi))
            integer(Int(truncatingIfNeeded: lo))
        case .text(let text): string(text)
        }
    }

    /// A value of an enumeration whose unknown values are kept as sent: a known value by its
    /// description, an unknown one marked, so that `.success` and `.other("Success")` differ.
    mutating func described(_ value: some CustomStringConvertible, other: String?) {
        if let other {
            string("\u{0}" + other)
        } else {
            string(value.description)
        }
    }

    /// Every stored property of `f` (`SessionFactsKeyTests` lists them).
    mutating func facts(_ f: SessionFacts) {
        id(f.id)
        integer(f.jobIndex)
        timestamp(f.creationTime)
        optional(f.endTime) { $0.timestamp($1) }
        optional(f.durationSeconds) { $0.double($1) }
        if case .other(let text) = f.status {
            described(f.status, other: text)
        } else {
            described(f.status, other: nil)
        }
        optional(f.bottleneck) { walk, b in
            if case .other(let text) = b { walk.described(b, other: text) } else { walk.described(b, other: nil) }
        }
        optional(f.jobType) { walk, t in
            if case .other(let text) = t { walk.described(t, other: text) } else { walk.described(t, other: nil) }
        }
        for value in [f.processingRate, f.processingItemsRate, f.readRate, f.writeRate, f.transferred, f.objects] {
            optional(value) { $0.integer(Int(truncatingIfNeeded: $1)) }
        }
        optional(f.observedThroughput) { $0.double($1) }
        integer(f.retry.attempt)
        integer(f.retry.attempts)
        flag(f.retry.isFinal)
        optional(f.retry.mainSessionID) { $0.id($1) }
        optional(f.retry.willBeRetried) { $0.flag($1) }
        optional(f.retry.retriesAllowed) { $0.integer($1) }
        optional(f.readWrite) { walk, rw in
            walk.string(rw.limitingSide.rawValue)
            walk.double(rw.ratio)
            walk.optional(rw.consistentWithBottleneck) { $0.flag($1) }
        }
        optional(f.versusPrevious) { $0.comparison($1) }
        optional(f.versusMedian) { $0.comparison($1) }
        integer(f.attentionLog.count)
        for item in f.attentionLog { logItem(item) }
        integer(f.logWarnings)
        integer(f.logErrors)
        optional(f.runningSeconds) { $0.double($1) }
        optional(f.hung) { walk, h in
            walk.id(h.sessionID)
            walk.flag(h.queued)
            walk.timestamp(h.started)
            walk.double(h.elapsedSeconds)
            walk.optional(h.usualSeconds) { $0.double($1) }
            walk.optional(h.p95Seconds) { $0.double($1) }
            walk.integer(h.completedRuns)
            walk.double(h.thresholdSeconds)
            walk.double(h.factor)
            walk.double(h.minimumSeconds)
        }
    }

    /// A comparison, its values in the metrics' order.
    mutating func comparison(_ c: Comparison) {
        switch c.baseline {
        case .previous(let id): string("previous " + id.description)
        case .median(let runs): string("median \(runs)")
        }
        for metric in Comparison.Metric.allCases {
            optional(c.baselineValues[metric]) { $0.double($1) }
            optional(c.deltas[metric]) { $0.double($1) }
        }
        integer(c.findings.count)
        for finding in c.findings {
            string(finding.metric.rawValue)
            string(finding.verdict.rawValue)
            double(finding.deltaPercent)
        }
        string(c.verdict.rawValue)
    }

    /// Every stored property of a processed object.
    mutating func processedObject(_ object: ProcessedObject) {
        id(object.sessionID)
        string(object.id)
        optional(object.type) { $0.string($1) }
        optional(object.status) { walk, s in
            if case .other(let text) = s { walk.described(s, other: text) } else { walk.described(s, other: nil) }
        }
        optional(object.name) { $0.string($1) }
        optional(object.link) { $0.string($1) }
    }

    /// Every stored property of a log line.
    mutating func logItem(_ item: LogItem) {
        optional(item.id) { $0.id($1) }
        id(item.sessionID)
        optional(item.usn) { $0.integer(Int(truncatingIfNeeded: $1)) }
        if case .other(let text) = item.severity {
            described(item.severity, other: text)
        } else {
            described(item.severity, other: nil)
        }
        string(item.message)
        optional(item.creationTime) { $0.timestamp($1) }
        optional(item.endTime) { $0.timestamp($1) }
    }
}
