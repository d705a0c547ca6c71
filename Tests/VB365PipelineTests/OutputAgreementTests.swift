import Foundation
import Testing
import VB365Calibration
import VB365Delivery
import VB365Generation
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365TestSupport
import VB365Text
import XHTMLValidation

/// One verdict in every output (issue 24): over the samples and over a generated estate (the
/// schedule world at several times, with and without the jobs list), every output says the same
/// word for each job, and `check` and `metrics` put it at the same level.
@Suite("Every output says the same word, at the same level, for every job")
struct OutputAgreementTests {
    /// The summaries judged: the samples at their morning, and the schedule world polled every
    /// 37 hours of its last two weeks and at its end, with the jobs list and without.
    static func estates() async -> [(name: String, summary: Summary)] {
        let read = await Fixtures.read([Fixtures.samples])
        var out = [
            ("samples", Summarizer.summarize(read.inventory, options: SummaryOptions(now: SampleSet.morningAfter)))
        ]
        out.append(("hand-made", handMade()))
        let world = ScheduleWorld()
        let polls = world.pollTimes()
        let times = stride(from: 0, to: polls.count, by: 37).map { polls[$0] } + [polls.last!]
        for t in times {
            for variant in [ScheduleWorldMeasurement.Variant.withJobsList, .sessionsOnly] {
                out.append(
                    (
                        "world at \(t.iso8601), \(variant)",
                        ScheduleWorldMeasurement.summarize(world, at: t, variant: variant)
                    ))
            }
        }
        return out
    }

    /// Jobs the world rarely shows at a poll: one stopped by hand two nights running (Stale), one
    /// whose run is going (Running), one that warned five nights running (Warning at the failed
    /// level), one that ended Stopped last night (another status), each after good nights.
    static func handMade() -> Summary {
        var inventory = Inventory()
        let start = Timestamp(year: 2026, month: 11, day: 2, hour: 22)
        func night(_ job: String, _ day: Int, _ status: SessionStatus, minutes: Double? = 20) {
            var s = JobSession(id: EntityID("\(job)-\(day)"))
            s.jobID = EntityID(job)
            s.creationTime = start.adding(seconds: Double(day) * 86_400)
            s.endTime = minutes.map { s.creationTime!.adding(seconds: $0 * 60) }
            s.status = status
            inventory.add(s)
        }
        // Night 17 is the last: judged half an hour after its runs started.
        for day in 0...17 {
            night("stale", day, day < 16 ? .success : .stopped)
            night("running", day, day < 17 ? .success : .running, minutes: day < 17 ? 20 : nil)
            night("streak", day, day < 13 ? .success : .warning)
            night("stopped", day, day < 17 ? .success : .stopped)
        }
        return Summarizer.summarize(
            inventory, options: SummaryOptions(now: start.adding(seconds: 17 * 86_400 + 1800)))
    }

    /// The words of the rows of the section that starts at `heading` (to the next `until`), each
    /// row's first match of `word`.
    static func words(in text: String, after heading: String, until: String, rows: String, word: String) -> [String] {
        guard let start = text.range(of: heading) else { return [] }
        let rest = text[start.upperBound...]
        let section = String(rest.range(of: until).map { rest[..<$0.lowerBound] } ?? rest)
        return matches(rows, in: section).compactMap { firstGroup(word, in: $0) }
    }

    /// Every match of `pattern` in `text` (`.` matches line breaks too).
    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// The first group of the first match of `pattern` in `text` (`^` at every line's start).
    static func firstGroup(_ pattern: String, in text: String) -> String? {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// The level `check` gives a job, as the policy documents it: CRITICAL for a missed, stale or
    /// failed job and a warning streak at the failed level; WARNING for a hung run, a warning, a run
    /// ended in another status; OK else.
    static func level(_ job: JobSummary) -> CheckState {
        let f = job.freshness
        let runs = job.statistics.runs
        if f.missed != nil || f.stale != nil || runs.failed > 0 || f.streak?.escalates == true { return .critical }
        if f.hung != nil || runs.warning > 0 || runs.other > 0 { return .warning }
        return .ok
    }

    @Test("text, JSON, digest and job pages (XHTML and Markdown), e-mail, check and metrics agree job by job")
    func agree() async throws {
        let validator = try XHTMLValidator()
        var compared = 0
        var seen = Set<String>()
        var escalated = 0
        for (name, summary) in await Self.estates() {
            let expected = summary.jobs.map(\.outcome.word)
            seen.formUnion(expected)
            escalated += summary.escalatedJobs.count
            // Text: the JOBS table, a line per job in order, the outcome in its second column.
            let text = SummaryText.render(summary)
            let jobLines = text.components(separatedBy: "\nJOBS\n").last!.split(separator: "\n").dropFirst()
                .prefix(summary.jobs.count)
            let textWords = jobLines.map { line in
                String(line.dropFirst(2 + 44 + 1).prefix(10)).trimmingCharacters(in: .whitespaces)
            }
            #expect(textWords == expected, "text, \(name)")
            // JSON.
            var buffer = BufferedOutput()
            SummaryJSON.write(summary, toolVersion: "test", layout: .compact, to: &buffer)
            let document = try JSONSerialization.jsonObject(with: Data(buffer.text.utf8)) as? [String: Any]
            let jsonWords = (document?["jobs"] as? [[String: Any]])?.map { $0["outcome"] as? String ?? "" }
            #expect(jsonWords == expected, "JSON, \(name)")
            // The digest lists the jobs that need action first, then the rest.
            let listed =
                summary.jobs.indices.filter { summary.jobs[$0].needsAction }
                + summary.jobs.indices.filter { !summary.jobs[$0].needsAction }
            let digestExpected = listed.map { expected[$0] }
            // The digest and each job's page, in both formats.
            let input = ReportInput(summary: summary, logItems: [:], time: .utc, toolVersion: "test")
            let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: [.xhtml, .markdown])
            for index in 0..<renderer.unitCount {
                let pages = try renderer.pages(unit: index)
                for page in pages {
                    let body = String(decoding: page.bytes, as: UTF8.self)
                    switch (renderer.unit(index), page.format) {
                    case (.digest, _) where !page.path.hasPrefix("index."): break  // the infrastructure page
                    case (.digest, .xhtml):
                        let words = Self.words(
                            in: body, after: "<h2 id=\"jobs\">Jobs</h2>", until: "<h2", rows: "<tr>\\s*<td>.*?</tr>",
                            word: "class=\"badge [^\"]*\"[^>]*>([^<]*)</span>")
                        #expect(words == digestExpected, "digest XHTML, \(name)")
                    case (.digest, .markdown):
                        let words = Self.words(
                            in: body, after: "\n## Jobs\n", until: "\n## ", rows: "\n\\| [^\\n]*",
                            word: "\\*\\*([^*]+)\\*\\*")
                        #expect(words == digestExpected, "digest Markdown, \(name)")
                    case (.job(let job), .xhtml):
                        let word = Self.firstGroup("class=\"badge [^\"]*\"[^>]*>([^<]*)</span>", in: body)
                        #expect(word == expected[job], "job page XHTML, \(name), \(summary.jobs[job].name)")
                    case (.job(let job), .markdown):
                        let word = Self.firstGroup("^# \\S+ \\*\\*([^*]+)\\*\\*", in: body)
                        #expect(word == expected[job], "job page Markdown, \(name), \(summary.jobs[job].name)")
                    default: break
                    }
                }
            }
            // The e-mail's HTML part: its Jobs table.
            var options = EmailOptions(from: MailAddress("reports@example.com")!, to: [MailAddress("ops@example.com")!])
            options.maximumHTMLBytes = 10_000_000
            let mail = try EmailComposer.compose(
                input, templates: try TemplateSet(), options: options, validator: validator)
            let mailWords = Self.words(
                in: mail.message.html, after: ">Jobs</td>", until: "</table>", rows: "<tr>\\s*<td.*?</tr>",
                word: "font-size: 12px;\">([^<]*)</span>")
            #expect(mailWords == digestExpected, "e-mail, \(name)")
            // The site's badges: the word, in the colour of the digest's badge.
            let listedBadges = ViewBuilder(input: input, format: .xhtml).digest().jobs.map(\.badge)
            var digestBadges = listedBadges
            for (place, job) in listed.enumerated() { digestBadges[job] = listedBadges[place] }
            for (index, page) in SiteExtras.badges(input).enumerated() {
                let svg = String(decoding: page.bytes, as: UTF8.self)
                #expect(svg.contains(">\(expected[index])</text>"), "badge, \(name), \(summary.jobs[index].name)")
                #expect(
                    svg.contains("fill=\"\(digestBadges[index].color)\"/>"),
                    "badge colour, \(name), \(summary.jobs[index].name): \(digestBadges[index].cssClass)")
            }
            // check: each job at the level the policy gives its findings, led by its word.
            let check = MonitoringCheck.evaluate(summary, policy: CheckPolicy())
            let byLabel = Dictionary(grouping: check.jobs, by: \.label)
            #expect(byLabel.count == summary.jobs.count, "one check line per job, \(name)")
            for (index, job) in summary.jobs.enumerated() {
                let candidates = check.jobs.filter { $0.label == job.name || $0.label.hasPrefix(job.name + " (") }
                let organization = summary.organizations[job.organizationIndex].name
                let line = try #require(
                    candidates.count == 1 ? candidates.first : candidates.first { $0.label.contains(organization) },
                    "\(name): no check line for \(job.name)")
                #expect(line.state == Self.level(job), "check level, \(name), \(job.name): \(line.reasons)")
                let first = line.reasons.first?.lowercased() ?? ""
                let word = expected[index].lowercased()
                let led = first.hasPrefix(word) || (first.hasPrefix("ended ") && first.contains(word))
                #expect(led, "check word, \(name), \(job.name): \(line.reasons) for \(expected[index])")
                compared += 1
            }
            // metrics: the outcome state set says the word, and needs-action the headline's count.
            let metrics = PrometheusText.render(summary)
            let outcomes = metrics.split(separator: "\n").filter {
                $0.hasPrefix("vb365_job_outcome{") && $0.hasSuffix(" 1")
            }
            #expect(outcomes.count == summary.jobs.count, "one outcome per job, \(name)")
            // In the summary's order, a job's series together.
            for (job, line) in zip(summary.jobs, outcomes) {
                #expect(line.contains("outcome=\"\(job.outcome.word)\""), "metrics, \(name), \(job.name): \(line)")
            }
            let needing = metrics.split(separator: "\n").filter {
                $0.hasPrefix("vb365_job_needs_action{") && $0.hasSuffix(" 1")
            }.count
            #expect(needing == summary.jobs.filter(\.needsAction).count, "needs action, \(name)")
        }
        #expect(compared > 300)
        #expect(escalated > 0, "a warning streak at the failed level is among them")
        // The estate covers the words that matter.
        for word in ["Success", "Recovered", "Warning", "Failed", "Missed", "Stale", "Hung", "Running", "Stopped"] {
            #expect(seen.contains(word), "no job reads \(word)")
        }
    }

    @Test("a warning streak at the failed level keeps its word in the failed colour, marked where there is none")
    func escalatedBadge() throws {
        // Five good nights, then `warnings` warnings, judged half a day after the last.
        func badge(warnings: Int) throws -> (Summary, BadgeView) {
            var inventory = Inventory()
            let start = Timestamp(year: 2026, month: 11, day: 2, hour: 22)
            for day in 0..<(5 + warnings) {
                var s = JobSession(id: EntityID("s\(day)"))
                s.jobID = EntityID("job")
                s.creationTime = start.adding(seconds: Double(day) * 86_400)
                s.endTime = s.creationTime!.adding(seconds: 600)
                s.status = day < 5 ? .success : .warning
                inventory.add(s)
            }
            let now = start.adding(seconds: (Double(4 + warnings) + 0.5) * 86_400)
            let summary = Summarizer.summarize(inventory, options: SummaryOptions(now: now))
            let input = ReportInput(summary: summary, logItems: [:], time: .utc, toolVersion: "test")
            return (summary, try #require(ViewBuilder(input: input, format: .xhtml).digest().jobs.first).badge)
        }
        let (summary, html) = try badge(warnings: 5)
        let job = try #require(summary.jobs.first)
        #expect(job.outcome == .warning && job.freshness.streak?.escalates == true)
        #expect(html.word == "Warning" && html.cssClass == "failed" && html.emoji == "❗", "\(html)")
        #expect(html.detail.contains("5 runs in a row: at the failed level from 3"), "\(html.detail)")
        #expect(MonitoringCheck.evaluate(summary, policy: CheckPolicy()).state == .critical)
        // Two warnings in a row are below the limit: the usual badge.
        let (_, calm) = try badge(warnings: 2)
        #expect(calm.cssClass == "warning" && calm.emoji == "⚠️")
    }
}
