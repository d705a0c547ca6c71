import Foundation
import VB365Model
import VB365Publishing
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text
import XHTMLValidation

/// A calendar month, as `--period` takes it: `2026-11`.
package struct ReportMonth: Sendable, Hashable, CustomStringConvertible {
    package var year: Int
    /// 1 to 12.
    package var month: Int

    /// Parses `YYYY-MM` (a year from 1970 to 9999, a month from 01 to 12); nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), (1970...9999).contains(year), (1...12).contains(month)
        else { return nil }
        self.year = year
        self.month = month
    }

    /// `2026-11`: how it is typed, and how the reports' file names end.
    package var description: String { "\(year)-\(Formatting.pad(month))" }

    /// `November 2026`.
    package var words: String { Self.names[month - 1] + " \(year)" }

    static let names = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// From the first instant of the month to the first of the next, midnight in `zone`.
    package func range(in zone: LocalTime) -> Range<Timestamp> {
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return Self.midnight(year, month, in: zone)..<Self.midnight(next.0, next.1, in: zone)
    }

    /// Midnight at the start of the first day of `month` in `zone` (the offset taken at that
    /// instant, so a zone that changes its offset in the night still starts the day at 00:00).
    static func midnight(_ year: Int, _ month: Int, in zone: LocalTime) -> Timestamp {
        let utc = Timestamp(year: year, month: month, day: 1)
        let guess = utc.adding(seconds: -Double(zone.offset(at: utc)))
        return utc.adding(seconds: -Double(zone.offset(at: guess)))
    }
}

// The monthly customer report (`render --period 2026-11`): per organization, one self-contained
// page of its month alone, made of `Summary.tenant` as every split output is, and an index for
// the provider; written as `render` writes its folder (validated, built beside, swapped in).
extension Pipeline {
    /// Reads, summarises `month` (the window and the SLA period are the month in the report's time
    /// zone, up to now when it is not over), renders one report per organization and the index in
    /// `formats`, validates every XHTML page, and replaces `folder` with them; returns the index's
    /// path. Throws 64 when the month has not begun, 70 when a page is not valid (nothing written).
    package func monthly(_ month: ReportMonth, to folder: String, formats: [OutputFormat]) async throws -> String {
        guard let first = formats.first else {
            throw Failure(.usage, "no format to render", advice: "name xhtml, markdown or both")
        }
        let templates = try templates()
        let validator = try validator()
        let range = month.range(in: configuration.look.timeZone)
        guard range.lowerBound < now else {
            throw Failure(
                .usage,
                "--period \(month) has not begun at \(now.iso8601) (--now, else the system clock)",
                advice: "name a month that has begun, such as the last one")
        }
        let result = try await read()
        let own = monthPipeline(range)
        let summary = try own.summarize(result.inventory)
        let whole = own.reportInput(summary, inventory: result.inventory)
        let pages = try monthlyPages(
            try own.tenants(of: whole), whole: whole, month: month, formats: formats, templates: templates)
        var invalid: [Diagnostic] = []
        for page in pages where page.format == .xhtml {
            invalid += validator.validate(page.bytes, name: page.path).prefix(5).map {
                var d = $0.diagnostic(path: folder + "/" + page.path)
                d.message += " (template \(page.template))"
                return d
            }
        }
        if !invalid.isEmpty {
            throw Failure(
                .software,
                diagnostics: invalid + [
                    Diagnostic(message: "a monthly report failed XHTML 1.0 Strict validation; nothing was written")
                ])
        }
        _ = try await ReportPublisher.publish([], to: folder, workers: configuration.workers, extras: pages)
        return URL(fileURLWithPath: folder).appendingPathComponent("index.\(first.fileExtension)").path
    }

    /// This pipeline judging the month `range`: the window is the month up to now (its end
    /// excluded), the SLA period the same (a snapshot taken now counts), and every organization
    /// a tenant.
    func monthPipeline(_ range: Range<Timestamp>) -> Pipeline {
        var c = configuration
        let end = min(range.upperBound, now)
        c.window.since = .absolute(range.lowerBound)
        c.window.until = .absolute(end)
        c.protectionPeriod = range.lowerBound..<min(range.upperBound, now.adding(seconds: 1))
        c.split = .organization
        return Pipeline(c)
    }

    /// Each tenant's monthly report in each of `formats` (`<tenant folder's name>-<yyyy-mm>`), each
    /// made of its own input alone (`TenantSplit.Tenant.input`), then the index that lists them,
    /// made of `whole` (the month's window, the time zone, the version; the rows carry the rest).
    func monthlyPages(
        _ tenants: [TenantSplit.Tenant], whole: ReportInput, month: ReportMonth, formats: [OutputFormat],
        templates: TemplateSet
    ) throws(TemplateError) -> [RenderedPage] {
        var pages: [RenderedPage] = []
        var rows: [[MonthlyIndexRowView]] = formats.map { _ in [] }
        for tenant in tenants {
            let input = tenant.input
            let name = (tenant.folder.split(separator: "/").last.map(String.init) ?? "organization") + "-\(month)"
            for (f, format) in formats.enumerated() {
                let view = ViewBuilder(input: input, format: format).monthlyReport(month: month.words)
                let path = name + "." + format.fileExtension
                pages.append(
                    RenderedPage(
                        path: path, bytes: try templates.renderBytes(view, format: format),
                        template: PageKind.monthly.templateName(format), format: format))
                rows[f].append(ViewBuilder.monthlyIndexRow(view, link: path))
            }
        }
        for (f, format) in formats.enumerated() {
            let index = ViewBuilder(input: whole, format: format).monthlyIndex(month: month.words, reports: rows[f])
            pages.append(
                RenderedPage(
                    path: "index." + format.fileExtension, bytes: try templates.renderBytes(index, format: format),
                    template: PageKind.monthlyIndex.templateName(format), format: format))
        }
        return pages
    }
}
