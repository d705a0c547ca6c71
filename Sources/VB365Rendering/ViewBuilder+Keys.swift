import Crypto
import VB365Model
import VB365Statistics
import VB365Support

extension ViewBuilder {
    /// The key of a site's session page (`stableSessionPages`) from what the page is built from,
    /// without building it: the session's facts, its log lines, its job's name, organization and
    /// page, its retry chain, the previous run's time, and the builder's settings. A site's
    /// session page reads nothing else (`sessionPage` must keep it so: a new input of that page
    /// belongs here too). Nil for pages that show the run's window and time (not stable): their
    /// key is their view's.
    ///
    /// `SessionFactsKeyTests` holds every stored property of the facts' types to this walk, so a
    /// property added to them without being added here fails the tests.
    func sessionInputKey(_ f: SessionFacts, templates: TemplateSet) -> PageKey? {
        guard stableSessionPages else { return nil }
        let template = PageKind.session.templateName(format)
        var walk = ViewWalk()
        walk.string(PageKey.revision + " session inputs")
        walk.string(templates.digests[template] ?? templates.digest)
        walk.string(format.rawValue)
        walk.string(input.toolVersion)
        // A build from another commit may build pages otherwise: it renders every page again.
        walk.string(BuildInfo.commit ?? "")
        walk.string(input.time.name)
        walk.flag(input.time.isUTC)
        walk.optional(linkBase) { $0.string($1) }
        let job = summary.jobs[f.jobIndex]
        walk.string(job.name)
        walk.string(organizationLabel(job))
        walk.string(jobLink(f.jobIndex, root: "../"))
        walk.facts(f)
        let lines = input.logItems[f.id] ?? []
        walk.integer(lines.count)
        for line in lines { walk.logItem(line) }
        guard walk.view(ChainView(items: chainItems(f))) else { return nil }
        if case .previous(let id)? = f.versusPrevious?.baseline {
            walk.optional(creationTimes[id]) { $0.timestamp($1) }
        }
        return PageKey(digest: SHA256.hash(data: walk.bytes))
    }
}

/// A session's retry chain as a view, to be walked like one.
private struct ChainView: TemplateView {
    var items: [ChainItemView]
    static let fields: [(String, @Sendable (Self) -> Any?)] = [("items", { $0.items })]
    static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

extension ViewWalk {
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

    mutating func id(_ id: EntityID) { string(id.description) }

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
