import Foundation
import Testing
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365TestSupport
import VB365Text

/// The samples' report in one format, and its pages rendered with the default templates.
struct SamplePages {
    let input: ReportInput
    let builder: ViewBuilder
    let templates: TemplateSet

    init(_ format: OutputFormat) async throws {
        input = await Fixtures.reportInput([Fixtures.samples])
        builder = ViewBuilder(input: input, format: format)
        templates = try TemplateSet(overrides: nil)
    }

    func digest() throws -> String { try templates.render(builder.digest(), format: builder.format) }
    func job(_ index: Int) throws -> String { try templates.render(builder.jobPage(index), format: builder.format) }
    func session(_ f: SessionFacts) throws -> String {
        try templates.render(builder.sessionPage(f), format: builder.format)
    }

    /// Every session described, oldest first.
    var facts: [SessionFacts] { input.summary.history + input.summary.sessions }
}

/// The declarations of each selector of a page's style sheet (`.h-failed` → `background` → `#cf222e`).
func styleRules(_ page: String) throws -> [String: [String: String]] {
    let start = try #require(page.range(of: "<style type=\"text/css\">"))
    let end = try #require(page.range(of: "</style>"))
    var rules: [String: [String: String]] = [:]
    for line in page[start.upperBound..<end.lowerBound].split(separator: "\n") {
        let parts = line.split(separator: "{", maxSplits: 1)
        guard parts.count == 2 else { continue }
        var declarations: [String: String] = [:]
        for declaration in parts[1].replacingOccurrences(of: "}", with: "").split(separator: ";") {
            let pair = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2 { declarations[pair[0]] = pair[1] }
        }
        for selector in parts[0].split(separator: ",") {
            rules[selector.trimmingCharacters(in: .whitespaces), default: [:]].merge(declarations) { _, new in new }
        }
    }
    return rules
}

@Suite("Pages that read at a glance: the header's badge, the trends' scales, the rate bars")
struct GlanceTests {
    static let outcomeClasses = ["success", "warning", "failed", "running", "other", "missed"]

    @Test("the digest's header shows its outcome as a badge, not as bracketed text")
    func digestHeaderBadge() async throws {
        let pages = try await SamplePages(.xhtml)
        let page = try pages.digest()
        let header = try #require(page.range(of: "<div class=\"header").map { page[$0.lowerBound...] })
        let h1 = try #require(
            header.range(of: "<h1>").flatMap { open in
                header.range(of: "</h1>").map { header[open.upperBound..<$0.lowerBound] }
            })
        let badge = pages.builder.digest().badge
        #expect(
            h1.hasPrefix("<span class=\"badge b-\(badge.cssClass)\" title=\"\(badge.detail)\">\(badge.word)</span> "))
        #expect(!h1.contains("[\(badge.word)]"))
        #expect(page.contains("<title>[\(badge.word)] VB365 report 2026-11-23</title>"))
    }

    @Test("a badge in a header is filled unlike every header and keeps its outcome's colour")
    func headerBadgeContrast() async throws {
        let rules = try styleRules(try await SamplePages(.xhtml).digest())
        let fill = try #require(rules[".header .badge"]?["background"], "no rule for a badge in a header")
        for outcome in Self.outcomeClasses {
            let header = try #require(rules[".h-\(outcome)"]?["background"], ".h-\(outcome)")
            #expect(fill != header, "a \(outcome) badge disappears into a \(outcome) header")
            let word = try #require(rules[".header .b-\(outcome)"]?["color"], ".header .b-\(outcome)")
            #expect(word == rules[".b-\(outcome)"]?["background"], "a \(outcome) badge in a header")
            #expect(word != fill)
        }
    }

    @Test("each trend chart has a scale: zero and the tallest bar's value with units, the first and last dates")
    func trendScales() async throws {
        let pages = try await SamplePages(.xhtml)
        let markdown = try await SamplePages(.markdown)
        let summary = pages.input.summary
        for (index, job) in summary.jobs.enumerated() {
            let all = job.historyIndices.map { summary.history[$0] } + job.sessionIndices.map { summary.sessions[$0] }
            let recent = all.suffix(30)
            let first = try #require(recent.first).creationTime
            let last = try #require(recent.last).creationTime
            let dates =
                "<span class=\"x-start\">\(pages.input.time.date(first))</span>"
                + "<span class=\"x-end\">\(pages.input.time.date(last))</span>"
            let longest = try #require(recent.compactMap(\.durationSeconds).max())
            let fastest = try #require(recent.compactMap(\.processingRate).max())
            let page = try pages.job(index)
            #expect(page.components(separatedBy: dates).count == 3, "\(job.name): the dates under both trends")
            #expect(
                page.contains(
                    "<span class=\"y-max\"><span title=\"\(HumanUnits.fixed(longest, 3)) s\">"
                        + "\(HumanUnits.duration(longest))</span></span><span class=\"y-min\">0 s</span>"),
                "\(job.name): the duration scale")
            #expect(
                page.contains(
                    "<span class=\"y-max\"><span title=\"\(HumanUnits.count(fastest)) B/s\">"
                        + "\(HumanUnits.rate(Double(fastest)))</span></span><span class=\"y-min\">0 B/s</span>"),
                "\(job.name): the rate scale")
            let text = try markdown.job(index)
            let span = "\(pages.input.time.date(first)) to \(pages.input.time.date(last))"
            #expect(text.contains("Duration, oldest first (\(span); 0 s to \(HumanUnits.duration(longest))): `"))
            #expect(
                text.contains("Processing rate, oldest first (\(span); 0 B/s to \(HumanUnits.rate(Double(fastest))))"))
        }
    }

    @Test("the observed throughput is a bar on the same scale as the processing, read and write rates")
    func observedBar() async throws {
        let pages = try await SamplePages(.xhtml)
        let markdown = try await SamplePages(.markdown)
        let measured = pages.facts.filter { $0.observedThroughput != nil && $0.processingRate != nil }
        #expect(measured.count > 10)
        for f in measured {
            let observed = try #require(f.observedThroughput)
            let rates = [f.processingRate, f.readRate, f.writeRate].compactMap { $0.map(Double.init) }
            let top = (rates + [observed]).max()!
            let percent = Int((observed / top * 100).rounded())
            let page = try pages.session(f)
            #expect(
                page.contains(
                    "<tr><th>Observed (transferred ÷ duration)</th><td class=\"barcell\">"
                        + "<div class=\"bar bar-observed\" style=\"width: \(percent)%\"></div></td>"),
                "\(f.id)")
            let processing = Int((Double(f.processingRate!) / top * 100).rounded())
            #expect(page.contains("<div class=\"bar bar-processing\" style=\"width: \(processing)%\"></div>"))
            let filled = Int((Double(percent) / 100 * 20).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
            #expect(try markdown.session(f).contains("| Observed (transferred ÷ duration) | \(bar) |"))
        }
    }
}
