import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Statistics
import VB365TestSupport
import VB365Text
import XHTMLValidation

@testable import VB365Rendering

/// The samples judged over November 2026 as `render --period 2026-11` judges them: the window and
/// the SLA period are the month, judged the morning after it.
enum MonthlyFixtures {
    static let month = Timestamp(year: 2026, month: 11, day: 1)..<Timestamp(year: 2026, month: 12, day: 1)

    /// The whole month's summary, with the protection of every organization.
    static func summary() async -> Summary {
        let result = await Fixtures.read([Fixtures.samples])
        var options = SummaryOptions(now: Timestamp(year: 2026, month: 12, day: 1, hour: 6))
        options.since = .absolute(month.lowerBound)
        options.until = .absolute(month.upperBound)
        var summary = Summarizer.summarize(result.inventory, options: options)
        summary.protection = ProtectionSummary.make(
            result.inventory, sessions: summary, settings: .standard, period: month,
            read: { try? ProtectionSnapshotFile.read($0.path).get() })
        return summary
    }

    /// One organization's input, as the pipeline makes it (`Summary.tenant`).
    static func input(_ own: Summary) -> ReportInput {
        ReportInput(summary: own, logItems: [:], time: .utc, toolVersion: "test")
    }
}

@Suite("The monthly customer report: one organization's month, its figures the summary's")
struct MonthlyReportTests {
    @Test("the SLA and the jobs' runs are the tenant summary's, and only its own")
    func figures() async throws {
        let whole = await MonthlyFixtures.summary()
        #expect(whole.organizations.filter { $0.id != nil }.count == 2)
        for index in whole.organizations.indices where whole.organizations[index].id != nil {
            let own = whole.tenant(index)
            let view = ViewBuilder(input: MonthlyFixtures.input(own), format: .xhtml)
                .monthlyReport(month: "November 2026")
            #expect(view.name == whole.organizations[index].name)
            #expect(view.period == "2026-11-01 to 2026-11-30")
            #expect(view.jobs.map(\.name) == own.jobs.map(\.name))
            #expect(view.jobs.map(\.runs) == own.jobs.map(\.statistics.runs.total))
            #expect(view.jobs.map(\.succeeded) == own.jobs.map(\.statistics.runs.succeeded))
            #expect(view.jobs.map(\.warned) == own.jobs.map(\.statistics.runs.warning))
            #expect(view.jobs.map(\.failed) == own.jobs.map(\.statistics.runs.failed))
            #expect(view.jobTotal.runs == own.totals.runs.total)
            #expect(view.jobTotal.runs == view.jobs.reduce(0) { $0 + $1.runs })
            #expect(view.jobTotal.share.text == HumanUnits.percent(try #require(own.totals.successRate)))
            let t = try #require(own.protection.tenants.first)
            let sla = try #require(t.sla)
            #expect(view.hasProtection)
            #expect(view.checks == sla.checks)
            #expect(view.slaTotal.met == sla.total.met && view.slaTotal.checks == sla.total.checks)
            #expect(view.slaTotal.share.text == ViewBuilder.shareText(sla.total.met, of: sla.total.checks))
            for row in view.slaByData {
                let data = try #require(ProtectedData.allCases.first { $0.word == row.label })
                #expect(row.met == sla.byData[data]?.met && row.checks == sla.byData[data]?.checks)
            }
            let problems = t.objects.filter(\.state.isProblem).prefix(ViewBuilder.monthlyObjectRows)
            #expect(view.objects.map(\.name) == problems.map(\.object.displayName))
            #expect(view.verdict.hasPrefix("Protected on \(view.slaTotal.share.text) of checks; "))
            #expect(view.hasStorage && view.hasLicences)
        }
    }

    @Test("without a snapshot the SLA is unknown and says so: never 0% or 100%")
    func notSnapshotted() async throws {
        let whole = await MonthlyFixtures.summary()
        var own = whole.tenant(0)
        own.protection.tenants = []
        let builder = ViewBuilder(input: MonthlyFixtures.input(own), format: .markdown)
        let view = builder.monthlyReport(month: "November 2026")
        #expect(!view.hasProtection && !view.hasSnapshot)
        #expect(view.slaTotal.share.text == "unknown")
        #expect(view.noProtection.hasPrefix("Not snapshotted: "))
        #expect(view.verdict.hasPrefix("Protection not snapshotted; "))
        let text = try TemplateSet().render(view, format: .markdown)
        let section = try #require(text.components(separatedBy: "## Backup jobs").first)
        #expect(section.contains("**Not snapshotted: no protection snapshot"))
        #expect(!section.contains("%"))
        #expect(text.contains("Unknown: no protection snapshot of this organization was read."))
    }

    @Test("at most 200 objects, then how many more")
    func manyObjects() async throws {
        let whole = await MonthlyFixtures.summary()
        var own = whole.tenant(0)
        own.protection.tenants = [ProtectionFixtures.large(260, breached: 230)]
        let view = ViewBuilder(input: MonthlyFixtures.input(own), format: .xhtml).monthlyReport(month: "November 2026")
        #expect(view.objects.count == ViewBuilder.monthlyObjectRows)
        #expect(view.moreObjects == "and 30 more (the protection page lists every one)")
        #expect(!view.hasProtection, "the fixture has no SLA")
    }

    @Test("hostile names are escaped in both formats; the XHTML is valid and made to print")
    func hostile() async throws {
        let whole = await MonthlyFixtures.summary()
        var own = whole.tenant(0)
        let evil = ProtectionFixtures.hostile
        own.organizations[0].name = evil
        own.jobs[0].name = evil
        var t = ProtectionFixtures.contoso
        let first = try #require(t.objects.firstIndex { $0.state.isProblem })
        t.objects[first].object.name = evil
        t.objects[first].reason = evil
        own.protection.tenants = [t]
        let input = MonthlyFixtures.input(own)
        let templates = try TemplateSet()
        let html = try templates.render(
            ViewBuilder(input: input, format: .xhtml).monthlyReport(month: "November 2026"), format: .xhtml)
        #expect(try XHTMLValidator().validate(Array(html.utf8)).isEmpty)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("@media print") && html.contains("@page { size: A4;"))
        #expect(html.contains("<thead>"), "table heads repeat on every printed page")
        let markdown = try templates.render(
            ViewBuilder(input: input, format: .markdown).monthlyReport(month: "November 2026"), format: .markdown)
        #expect(!markdown.contains("<script>"))
        // Each row of the objects' and the jobs' tables keeps its cells: no pipe of the names is bare.
        for line in markdown.split(separator: "\n") where line.contains("tick") && line.hasPrefix("|") {
            let bare = zip(line, line.dropFirst()).filter { $0.0 != "\\" && $0.1 == "|" }.count + 1
            #expect([6, 9].contains(bare), "the objects' table has 5 columns, the jobs' 8: \(line)")
        }
        #expect(markdown.contains("Evil \\| \\`tick\\`"))
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") && $0.contains("tick") }
        #expect(rows.count == 3, "the job's row, the object's and its repository's settings change: \(rows)")
        #expect(rows.contains { $0.contains("Retention shortened") })
    }
}
