import Foundation
import Testing
import VB365Delivery
import VB365Generation
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text
import XHTMLValidation

/// A digest that scales (issue 25): an MSP's 90 jobs read at a glance, in the pages and the mail.
@Suite("A digest of 90 jobs: what needs action first, anchors and contents, a short e-mail")
struct LargeDigestTests {
    /// `organizations` × `jobs` generated jobs over `nights` nights, judged the morning after.
    static func estate(organizations: Int = 30, jobs: Int = 3, nights: Int = 8) -> ReportInput {
        let start = Timestamp(year: 2026, month: 11, day: 1, hour: 22)
        let generator = SessionGenerator(
            settings: .init(seed: 11, organizations: organizations, jobsPerOrganization: jobs, start: start))
        var inventory = Inventory()
        for o in generator.organizations { inventory.add(o) }
        for j in generator.jobs { inventory.add(j) }
        for i in 0..<(generator.jobs.count * nights) {
            let s = generator.session(i)
            _ = inventory.add(s)
            if s.status != .success { inventory.add(generator.logItems(for: s, index: i)) }
        }
        let newest = inventory.sessions.map(\.creation).max().map(Timestamp.init(ticks:))!
        let summary = Summarizer.summarize(inventory, options: SummaryOptions(now: newest.adding(seconds: 3 * 3600)))
        return ReportInput(
            summary: summary, logItems: inventory.logItems, time: LocalTime(identifier: "UTC")!, toolVersion: "test")
    }

    @Test(
        "the page: jobs that need action head the table, a line of contents with counts, an anchor for every section and organization, each job linking to its organization's row"
    )
    func page() throws {
        let input = Self.estate()
        let summary = input.summary
        #expect(summary.jobs.count == 90)
        let digest = ViewBuilder(input: input, format: .xhtml).digest()
        // Need action first (some do, some do not), each part in organization order.
        let needing = summary.jobs.indices.filter { summary.jobs[$0].needsAction }
        #expect(!needing.isEmpty && needing.count < 90, "the estate has both")
        let listed = digest.jobs.map { $0.organization + " / " + $0.name }
        let expected = (needing + summary.jobs.indices.filter { !summary.jobs[$0].needsAction }).map {
            summary.organizations[summary.jobs[$0].organizationIndex].name + " / " + summary.jobs[$0].name
        }
        #expect(listed == expected)
        #expect(digest.contents.map(\.anchor).last == "organizations")
        #expect(digest.contents.contains { $0.label == "Jobs (90)" })
        #expect(digest.contents.contains { $0.label == "Organizations (30)" })
        let anchors = digest.organizations.map(\.anchor)
        #expect(Set(anchors).count == 30 && anchors.allSatisfy { $0.hasPrefix("organization-") })

        // In the page: every in-page link has its anchor, exactly once.
        let page = try TemplateSet().render(digest, format: .xhtml)
        #expect(try XHTMLValidator().validate(Array(page.utf8), name: "digest").isEmpty)
        let ids = page.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "ids are unique")
        let targets = Set(page.matches(of: #/href="#([^"]+)"/#).map { String($0.1) })
        #expect(targets.count >= 30 + 4)
        #expect(targets.isSubset(of: Set(ids)), "\(targets.subtracting(ids))")
        #expect(page.contains(##"<p class="contents"><a href="#missed-or-overdue">"##) || !digest.hasOverdue)

        // A few jobs fit a screen: no contents.
        let small = ViewBuilder(input: Self.estate(organizations: 4), format: .xhtml).digest()
        #expect(small.jobs.count == 12 && !small.hasContents)
    }

    @Test(
        "above 30 jobs the e-mail is short: only what needs action or is worth knowing, no log lines, where the rest is; --short-above 0 keeps every job"
    )
    func shortEmail() throws {
        let input = Self.estate()
        func compose(_ shortAbove: Int, site: String? = "https://reports.example.com/vb365") throws -> ParsedMail {
            var options = EmailOptions(
                from: MailAddress("Reports <reports@example.com>")!, to: [MailAddress("ops@example.com")!])
            options.siteURL = site
            options.shortAboveJobs = shortAbove
            let email = try EmailComposer.compose(
                input, templates: try TemplateSet(), options: options, validator: try XHTMLValidator())
            return try ParsedMail(email.message.render())
        }
        let summary = input.summary
        let quiet = summary.jobs.count - summary.jobs.filter { $0.outcome != .success }.count
        #expect(quiet > 0 && quiet < summary.jobs.count, "the estate has both")
        let short = try compose(EmailOptions.defaultShortAboveJobs)
        #expect(short.text.contains("To keep this message short: "), "\(short.text.prefix(2000))")
        #expect(short.text.contains("\(quiet) jobs that succeeded are left out."))
        #expect(short.text.contains("The full report: <https://reports.example.com/vb365/>"))
        #expect(!short.text.contains("❌ **Error** "), "no log lines")
        #expect(!short.text.contains("Contents: "), "no in-page links in a message")
        #expect(short.html.contains("\(quiet) jobs that succeeded are left out."))
        // The text part's job table: exactly the jobs that are not a plain success, each once.
        func rows(_ text: String) -> [String] {
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            let table =
                lines.components(separatedBy: "\n## Jobs\n").dropFirst().first?
                .components(separatedBy: "\n## ").first ?? ""
            return table.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Outcome") }.map(
                String.init)
        }
        func listed(_ rows: [String], _ job: JobSummary) -> Bool {
            let name = job.name.replacingOccurrences(of: "&", with: "\\&")
            let organization = summary.organizations[job.organizationIndex].name
            return rows.contains { $0.contains("[\(name)](") && $0.contains("| \(organization) |") }
        }
        let shortRows = rows(short.text)
        #expect(shortRows.count == summary.jobs.count - quiet)
        for job in summary.jobs {
            #expect(listed(shortRows, job) == (job.outcome != .success), "\(job.name): \(job.outcome.word)")
        }
        let whole = try compose(0)
        #expect(!whole.text.contains("To keep this message short"))
        #expect(rows(whole.text).count == summary.jobs.count)
        #expect(summary.jobs.allSatisfy { listed(rows(whole.text), $0) })
        // Without a site, the message says where else the rest is.
        #expect(try compose(30, site: nil).text.contains("The full report is in the site or report folder."))
    }
}
