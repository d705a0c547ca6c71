import VB365Model
import VB365Statistics
import VB365Text

/// What a report is made from: the summary, the log lines, and the injected settings.
package struct ReportInput: Sendable {
    package var summary: Summary
    /// Every log line read, by session.
    package var logItems: [EntityID: [LogItem]]
    /// The objects each unsuccessful session processed (v7+), by session id, their names resolved
    /// (`Infrastructure.namedProcessedObjects`).
    package var processedObjects: [EntityID: [ProcessedObject]] = [:]
    /// How many failed or warned objects a session page or ticket lists before `and N more`.
    package var objectsShown = ReportInput.defaultObjectsShown
    package var time: LocalTime
    package var toolVersion: String
    /// Restore operators' names and hosts shown as `an operator` (a tenant's outputs, when the
    /// provider keeps its staff's names to itself).
    package var maskOperators = false
    /// Restore sessions' client hosts (the VB365 server's address, as documented) shown as
    /// `(masked)`: a tenant's outputs, unless the provider names its hosts (`tenant-proxy-names`).
    package var maskHosts = false
    /// How many restore sessions the input holds, in the window or not; nil when not known. Known,
    /// the report has a restore activity page even when the window holds no restore, saying why
    /// it lists none (`ViewBuilder.hasRestorePage`).
    package var restoreSessionsRead: Int? = nil
    /// What the reader must know about the data itself before trusting it, one sentence each:
    /// a server whose fetch failed, so that its jobs show what an earlier fetch brought.
    package var notices: [String]
    /// With `--split organization`, the folder of each tenant's report (`TenantSplit.folders`) by
    /// index into `summary.organizations`: the overview links each organization to it.
    package var tenantFolders: [Int: String] = [:]
    /// An organization of `summary.protection.tenants` with every object's verdict
    /// (`ProtectionSummary.detail`), for its protection pages and CSV file, when the summary keeps
    /// fewer; nil (or a nil answer) uses the summary's.
    package var protectionDetail: (@Sendable (TenantProtection) -> TenantProtection?)?

    /// The default of `objectsShown`.
    package static let defaultObjectsShown = 20

    /// Where the pages of job `index` (and its sessions) are, relative to the report: the folder
    /// of its tenant (`tenants/contoso-1a2b3c4d/`) when the report is split, else the report
    /// itself (empty).
    package func pagePrefix(job index: Int) -> String {
        guard !tenantFolders.isEmpty, let folder = tenantFolders[summary.jobs[index].organizationIndex] else {
            return ""
        }
        return folder + "/"
    }

    /// Creates an input.
    package init(
        summary: Summary, logItems: [EntityID: [LogItem]], processedObjects: [EntityID: [ProcessedObject]] = [:],
        time: LocalTime, toolVersion: String, notices: [String] = []
    ) {
        self.summary = summary
        self.logItems = logItems
        self.processedObjects = processedObjects
        self.time = time
        self.toolVersion = toolVersion
        self.notices = notices
    }
}

/// Turns the summary into view models for one format. Every piece of text from the input goes
/// through `user(_:)`, the one place where it is cleaned (and, for Markdown, escaped).
package struct ViewBuilder: Sendable {
    package let input: ReportInput
    package let format: OutputFormat
    /// File names (without extension) by job index.
    package let jobFiles: [String]
    /// When set, links are this address plus the page's path in the report (`https://…/jobs/x.html`)
    /// instead of relative ones: for pages read away from the report folder, such as an e-mail.
    package var linkBase: String?
    /// Session pages leave out what changes from run to run (a published site, whose unchanged
    /// pages must stay byte for byte the same).
    package var stableSessionPages = false
    /// Creation times of every described session, for naming the previous run.
    let creationTimes: [EntityID: Timestamp]
    /// The sessions of each retry chain with more than one attempt, by main session id, in order.
    let chains: [EntityID: [SessionFacts]]
    /// The index of each job with an id, by id.
    let jobIndices: [EntityID: Int]

    /// Creates a builder.
    package init(input: ReportInput, format: OutputFormat) {
        self.init(input: input, format: format, lookups: Lookups(input))
    }

    /// Creates a builder with `lookups` made for `input` (shared by the builders of every format).
    init(input: ReportInput, format: OutputFormat, lookups: Lookups) {
        self.input = input
        self.format = format
        self.jobFiles = lookups.jobFiles
        self.creationTimes = lookups.creationTimes
        self.chains = lookups.chains
        self.jobIndices = lookups.jobIndices
    }

    /// What a builder looks up, made once for an input whatever the format.
    struct Lookups: Sendable {
        let jobFiles: [String]
        let creationTimes: [EntityID: Timestamp]
        let chains: [EntityID: [SessionFacts]]
        let jobIndices: [EntityID: Int]

        init(_ input: ReportInput) {
            jobFiles = input.summary.jobs.indices.map { FileNames.job($0, of: input.summary) }
            var indices: [EntityID: Int] = [:]
            for (index, job) in input.summary.jobs.enumerated() {
                if let id = job.id, indices[id] == nil { indices[id] = index }
            }
            jobIndices = indices
            var times: [EntityID: Timestamp] = [:]
            times.reserveCapacity(input.summary.history.count + input.summary.sessions.count)
            var chains: [EntityID: [SessionFacts]] = [:]
            for part in [input.summary.history, input.summary.sessions] {
                for f in part {
                    times[f.id] = f.creationTime
                    guard f.retry.attempts > 1 else { continue }
                    chains[f.retry.mainSessionID ?? f.id, default: []].append(f)
                }
            }
            creationTimes = times
            self.chains = chains.mapValues {
                $0.sorted { ($0.creationTime, $0.retry.attempt) < ($1.creationTime, $1.retry.attempt) }
            }
        }
    }

    var summary: Summary { input.summary }
    var ext: String { format.fileExtension }

    // MARK: - Text

    /// Untrusted text, made safe for the format.
    func user(_ text: String) -> String {
        format == .markdown ? DisplayText.markdown(text) : DisplayText.clean(text)
    }

    func time(_ t: Timestamp?) -> String { t.map { input.time.format($0) } ?? "" }

    func age(_ seconds: Double?) -> String { seconds.map { HumanUnits.duration($0) + " ago" } ?? "never" }

    func sessionLink(_ f: SessionFacts, root: String) -> String {
        (linkBase ?? root) + input.pagePrefix(job: f.jobIndex) + FileNames.session(f.id) + "." + ext
    }

    func jobLink(_ index: Int, root: String) -> String {
        (linkBase ?? root) + input.pagePrefix(job: index) + jobFiles[index] + "." + ext
    }

    // MARK: - Pieces

    func page(title: String, root: String, status: String) -> PageView {
        let s = summary
        return PageView(
            title: user(title), root: root, indexFile: "index." + ext, windowStart: time(s.window.start),
            windowEnd: time(s.window.end),
            windowDescription: s.windowDescription,
            generatedAt: time(s.options.now), timeZone: input.time.name, toolVersion: input.toolVersion,
            statusClass: status)
    }

    func badge(_ status: SessionStatus) -> BadgeView {
        switch status {
        case .success:
            return BadgeView(word: "Success", style: .success, emoji: "✅", detail: "The session succeeded")
        case .warning:
            return BadgeView(
                word: "Warning", style: .warning, emoji: "⚠️", detail: "The session finished with warnings")
        case .failed: return BadgeView(word: "Failed", style: .failed, emoji: "❌", detail: "The session failed")
        case .running, .queued:
            return BadgeView(
                word: status.description, style: .running, emoji: "🔄", detail: "The session has not finished")
        case .stopped:
            return BadgeView(word: "Stopped", style: .other, emoji: "⏹️", detail: "The session was stopped")
        default:
            return BadgeView(
                word: user(status.description), style: .other, emoji: "❔",
                detail: user("VB365 reported the status \(status.description)"))
        }
    }

    /// A session's badge: its status, or `Hung` for its job's hung run (a hang is not "running").
    func badge(session f: SessionFacts) -> BadgeView {
        guard let h = f.hung else { return badge(f.status) }
        var b = badge(GroupOutcome.hung)
        b.detail = "Hung: " + FreshnessText.hungShort(h)
        return b
    }

    func badge(_ severity: LogSeverity) -> BadgeView {
        switch severity {
        case .error: return BadgeView(word: "Error", style: .failed, emoji: "❌", detail: "Error")
        case .warning: return BadgeView(word: "Warning", style: .warning, emoji: "⚠️", detail: "Warning")
        case .success: return BadgeView(word: "Success", style: .success, emoji: "✅", detail: "Success")
        case .running: return BadgeView(word: "Running", style: .running, emoji: "🔄", detail: "Running")
        case .stop: return BadgeView(word: "Stop", style: .other, emoji: "⏹️", detail: "Stop")
        case .other(let text): return BadgeView(word: user(text), style: .other, emoji: "❔", detail: user(text))
        }
    }

    /// The final outcome of a group's runs.
    func outcome(_ g: GroupStatistics, last: SessionReference?) -> BadgeView {
        badge(g.outcome(lastStatus: last?.status))
    }

    /// The badge of an outcome.
    func badge(_ outcome: GroupOutcome) -> BadgeView {
        switch outcome {
        case .missed:
            return BadgeView(
                word: "Missed", style: .missed, emoji: "🚫", detail: "No run started when one was due")
        case .stale:
            return BadgeView(
                word: "Stale", style: .missed, emoji: "⏰", detail: "The last success is older than the maximum age")
        case .hung:
            return BadgeView(
                word: "Hung", style: .missed, emoji: "⏳",
                detail: "A run has gone on far longer than the job's runs take")
        case .none:
            return BadgeView(word: "No runs", style: .other, emoji: "➖", detail: "No run ended in the window")
        case .noData:
            return BadgeView(
                word: "No data", style: .other, emoji: "❔",
                detail: "The window holds no session: nothing to judge, which is not success")
        case .failed:
            return BadgeView(
                word: "Failed", style: .failed, emoji: "❌", detail: "A run failed and was not fixed by a retry")
        case .recovered:
            return BadgeView(
                word: "Recovered", style: .warning, emoji: "🔁",
                detail: "A run failed or warned, then a retry succeeded")
        case .warning:
            return BadgeView(word: "Warning", style: .warning, emoji: "⚠️", detail: "A run finished with warnings")
        case .running: return badge(SessionStatus.running)
        case .other(let status): return badge(status)
        case .success: return BadgeView(word: "Success", style: .success, emoji: "✅", detail: "Every run succeeded")
        }
    }

    /// The badge of a job's outcome, its detail naming what the word leaves unsaid (`Failed`,
    /// and stale: `…; no completed backup for 38 h`). A warning streak at the failed level keeps
    /// its word (the runs warned) in the failed colour, marked ❗ where there is no colour, as
    /// `--fail-on`, `check` and the headline count it: `Warning` in red, `5 runs in a row; …`.
    func badge(_ job: JobSummary) -> BadgeView {
        var b = badge(job.outcome)
        let rest = job.outcomeDetail.dropFirst(job.outcome.word.count)
        if !rest.isEmpty { b.detail += user(String(rest)) }
        if job.outcome == .warning, let streak = job.freshness.streak, streak.escalates {
            b.style = .failed
            b.emoji = "❗"
            b.detail +=
                "; \(streak.runs) runs in a row: at the failed level from \(streak.limit) warnings in a row"
        }
        return b
    }

    /// The page header's class: `missed` for a missed, hung or stale job, `failed` for a failed
    /// one, else the worst status's.
    func headerClass(_ outcome: GroupOutcome, worst: Severity?) -> String {
        switch outcome {
        case .missed, .stale, .hung: return "missed"
        case .failed: return "failed"
        case .noData: return "other"
        default: return worstClass(worst)
        }
    }

    func worstClass(_ severity: Severity?) -> String {
        switch severity {
        case .failed?: return "failed"
        case .warning?: return "warning"
        case .success?: return "success"
        default: return "other"
        }
    }

    /// A total over sessions some of which may not say: `≥ 4.1 GB (2 sessions unknown)` (or
    /// `≥ 4.1 GB` in a narrow `cell`), `unknown` when none did.
    func bytes(_ sum: PartialSum, cell: Bool = false) -> QuantityView {
        partial(sum, cell: cell, text: HumanUnits.bytes, exact: { HumanUnits.count($0) + " B" })
    }

    /// A count over sessions some of which may not say (see `bytes(_:cell:)`).
    func count(_ sum: PartialSum, cell: Bool = false) -> QuantityView {
        partial(sum, cell: cell, text: HumanUnits.count, exact: { String($0) })
    }

    func partial(_ sum: PartialSum, cell: Bool, text: (Int64) -> String, exact: (Int64) -> String) -> QuantityView {
        guard let value = sum.value else { return QuantityView(text: "unknown", exact: "unknown", known: false) }
        guard sum.isLowerBound else { return QuantityView(text: text(value), exact: exact(value), known: true) }
        let unknown =
            sum.unknownSessions > 0
            ? "; \(sum.unknownSessions) session\(sum.unknownSessions == 1 ? "" : "s") unknown" : ""
        return QuantityView(
            text: cell ? sum.cell(text) : sum.phrase(text), exact: "at least \(exact(value))\(unknown)", known: true)
    }

    func bytes(_ v: Int64?) -> QuantityView {
        guard let v else { return unknown }
        return QuantityView(text: HumanUnits.bytes(v), exact: HumanUnits.count(v) + " B", known: true)
    }

    func bytes(_ v: Double?) -> QuantityView {
        guard let v, v.isFinite else { return unknown }
        return QuantityView(text: HumanUnits.bytes(v), exact: HumanUnits.wholeNumber(v) + " B", known: true)
    }

    func rate(_ v: Double?) -> QuantityView {
        guard let v, v.isFinite else { return unknown }
        return QuantityView(text: HumanUnits.rate(v), exact: HumanUnits.wholeNumber(v) + " B/s", known: true)
    }

    func rate(_ v: Int64?) -> QuantityView { rate(v.map(Double.init)) }

    func duration(_ v: Double?) -> QuantityView {
        guard let v, v.isFinite else { return unknown }
        return QuantityView(text: HumanUnits.duration(v), exact: HumanUnits.fixed(v, 3) + " s", known: true)
    }

    func count(_ v: Int64?, unit: String = "") -> QuantityView {
        guard let v else { return unknown }
        return QuantityView(text: HumanUnits.count(v) + unit, exact: String(v) + unit, known: true)
    }

    func count(_ v: Double?, unit: String = "") -> QuantityView {
        guard let v, v.isFinite else { return unknown }
        let rounded = (v * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? HumanUnits.wholeNumber(rounded) : HumanUnits.fixed(rounded, 1)
        return QuantityView(text: text + unit, exact: HumanUnits.fixed(v, 3) + unit, known: true)
    }

    func percent(_ v: Double?) -> QuantityView {
        guard let v, v.isFinite else { return unknown }
        return QuantityView(text: HumanUnits.percent(v), exact: HumanUnits.fixed(v * 100, 2) + "%", known: true)
    }

    var unknown: QuantityView { QuantityView(text: "–", exact: "unknown", known: false) }

    static func label(_ metric: Comparison.Metric) -> String {
        switch metric {
        case .duration: return "Duration"
        case .transferred: return "Transferred"
        case .processingRate: return "Processing rate"
        case .readRate: return "Read rate"
        case .writeRate: return "Write rate"
        }
    }

    func quantity(_ metric: Comparison.Metric, _ value: Double?) -> QuantityView {
        switch metric {
        case .duration: return duration(value)
        case .transferred: return bytes(value)
        default: return rate(value)
        }
    }

    func baselineWords(_ c: Comparison) -> String {
        switch c.baseline {
        case .previous: return "the previous run"
        case .median(let runs): return "the median of \(runs) run\(runs == 1 ? "" : "s")"
        }
    }

    func delta(_ c: Comparison?, _ metric: Comparison.Metric) -> DeltaView? {
        guard let c, let d = c.deltas[metric] else { return nil }
        let finding = c.findings.first { $0.metric == metric }
        let base = quantity(metric, c.baselineValues[metric]).text
        return DeltaView(
            text: HumanUnits.delta(d), arrow: d > 0.05 ? "▲" : d < -0.05 ? "▼" : "▬",
            verdict: finding?.verdict.rawValue ?? "steady", detail: "against \(base), \(baselineWords(c))",
            isFinding: finding != nil)
    }

    func findings(_ f: SessionFacts) -> [String] {
        var out: [String] = []
        for c in [f.versusPrevious, f.versusMedian].compactMap({ $0 }) where !c.findings.isEmpty {
            let words = c.findings.map {
                "\(ViewBuilder.label($0.metric).lowercased()) \(HumanUnits.delta($0.deltaPercent))"
            }
            let verdict = c.verdict == .slower ? "Slower" : c.verdict == .faster ? "Faster" : "Changed"
            out.append("\(verdict) than \(baselineWords(c)): " + words.joined(separator: ", "))
        }
        return out
    }

    func logLine(_ item: LogItem) -> LogLineView {
        LogLineView(badge: badge(item.severity), time: time(item.creationTime), message: user(item.message))
    }

    func sessionsByStatus(_ g: GroupStatistics) -> String {
        g.byStatus.isEmpty
            ? "no sessions" : g.byStatus.map { "\($0.count) \(user($0.status.description))" }.joined(separator: ", ")
    }

    /// A bar of `width` blocks for Markdown.
    static func textBar(_ percent: Int, width: Int = 20) -> String {
        let filled = max(0, min(width, Int((Double(percent) / 100 * Double(width)).rounded())))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    static func sparkline(_ values: [Double?]) -> String {
        let known = values.compactMap { $0 }
        guard let top = known.max(), top > 0 else { return "" }
        let levels = Array("▁▂▃▄▅▆▇█")
        return String(values.map { v in v.map { levels[min(7, Int(($0 / top) * 7.999))] } ?? " " })
    }
}

extension PageView {
    /// The page without what changes from run to run (the window and the run's time), so that a
    /// site's session and month pages, and their keys, stay the same.
    func withoutRunDetails() -> PageView {
        var page = self
        page.stable = true
        page.windowStart = ""
        page.windowEnd = ""
        page.windowDescription = ""
        page.generatedAt = ""
        return page
    }
}
