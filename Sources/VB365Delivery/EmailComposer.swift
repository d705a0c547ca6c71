import Foundation
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text
import XHTMLValidation

/// What a daily e-mail says and to whom.
public struct EmailOptions: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    /// The subject, with Veeam's variables (`EmailComposer.subjectVariables`).
    public var subject: String = EmailComposer.defaultSubject
    /// The published site (`https://reports.example.com/vb365`): links point there; without it
    /// the HTML part has no links at all.
    public var siteURL: String?
    /// The HTML part is cut down until it is this small (Gmail clips messages above 102 KB).
    public var maximumHTMLBytes = 100_000

    /// Creates options.
    public init(from: MailAddress, to: [MailAddress]) {
        self.from = from
        self.to = to
    }
}

/// A composed message and what was cut to keep it small.
public struct ComposedEmail: Sendable {
    public var message: MailMessage
    /// The HTML part's size in bytes, before transfer encoding.
    public var htmlBytes: Int
    /// What was left out of the HTML part, if anything.
    public var omitted: String?
}

/// A problem that stops a message from being composed (its HTML part is not valid XHTML): 70.
public struct EmailError: ReportableError, Sendable {
    public var message: String
    public var exitStatus: ExitStatus { .software }
    public var diagnostics: [Diagnostic] { [Diagnostic(message: message)] }
}

/// Builds the daily e-mail from a report's input: the Markdown digest as the plain-text part,
/// the digest restyled for mail (inline styles, tables, no images, no scripts, no links but to
/// the published site) as the HTML part, validated as XHTML 1.0 Strict and cut down to size.
public enum EmailComposer {
    /// `[Failed] 3 of 42 jobs need attention – VB365 daily report 2026-11-23`.
    public static let defaultSubject = "[%JobResult%] %Issues% – VB365 daily report %Time%"

    /// The subject variables, as in Veeam's own notification settings.
    public static let subjectVariables: [(name: String, meaning: String)] = [
        ("%JobResult%", "the worst outcome: Missed, Stale, Failed, Warning, Success or No sessions"),
        ("%Issues%", "`3 of 42 jobs need attention`, `All 42 jobs succeeded` or `No sessions in the window`"),
        ("%OrgName%", "the organization's name, or `2 organizations`"),
        ("%JobName%", "the job's name, or `42 jobs`"),
        ("%ObjectCount%", "objects processed in the window"),
        ("%Time%", "the report's date (--now) in the report's time zone"),
    ]

    /// Names in `template` that look like variables but are not.
    public static func unknownVariables(in template: String) -> [String] {
        let known = Set(subjectVariables.map(\.name))
        var found: [String] = []
        var rest = Substring(template)
        while let start = rest.firstIndex(of: "%") {
            let after = rest[rest.index(after: start)...]
            guard let end = after.firstIndex(of: "%") else { break }
            let name = "%" + after[..<end] + "%"
            if !after[..<end].isEmpty, after[..<end].allSatisfy({ $0.isLetter }) {
                if !known.contains(name) { found.append(name) }
                rest = after[after.index(after: end)...]
            } else {
                rest = after
            }
        }
        return found
    }

    /// The subject for `summary`, the variables filled in (every value on one line).
    public static func subject(_ template: String, input: ReportInput, digest: DigestView) -> String {
        let s = input.summary
        let organization =
            s.organizations.count == 1 ? s.organizations[0].name : "\(s.organizations.count) organizations"
        let job = s.jobs.count == 1 ? s.jobs[0].name : "\(s.jobs.count) jobs"
        let values: [String: String] = [
            "%JobResult%": s.headlineWord, "%Issues%": digest.headline, "%OrgName%": organization, "%JobName%": job,
            "%ObjectCount%": HumanUnits.count(s.totals.objectsTotal),
            "%Time%": input.time.date(s.options.now),
        ]
        var out = template
        for (name, value) in values { out = out.replacingOccurrences(of: name, with: MailMessage.oneLine(value)) }
        return out
    }

    /// Composes the message; the HTML part is validated with `validator`. Throws an
    /// `EmailError` for an invalid HTML part, a `TemplateError` for a template that cannot render.
    public static func compose(
        _ input: ReportInput, templates: TemplateSet, options: EmailOptions, validator: XHTMLValidator
    ) throws -> ComposedEmail {
        let base = options.siteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        var markdown = ViewBuilder(input: input, format: .markdown)
        markdown.linkBase = base
        var text = try templates.render(markdown.digest(), format: .markdown)
        if base == nil { text = withoutRelativeLinks(text) }
        var xhtml = ViewBuilder(input: input, format: .xhtml)
        xhtml.linkBase = base
        let full = xhtml.digest()

        var html = ""
        var omitted: String?
        for level in 0...6 {
            let (digest, note) = cut(full, level: level)
            let view = EmailView(
                digest: digest, links: base != nil, hasSite: base != nil, siteURL: base.map(DisplayText.clean) ?? "",
                omitted: note ?? "", hasOmitted: note != nil)
            html = try templates.render(view, format: .xhtml)
            omitted = note
            // Measured as sent (quoted-printable), which is what mail clients count.
            if MailMessage.quotedPrintable(html).utf8.count <= options.maximumHTMLBytes { break }
        }
        let issues = validator.validate(Array(html.utf8), name: "the e-mail's HTML part")
        if let first = issues.first {
            throw EmailError(
                message:
                    "\(first); the e-mail's HTML part is not valid XHTML 1.0 Strict (check templates/email.html.mustache)"
            )
        }
        var message = MailMessage(
            from: options.from, to: options.to, subject: subject(options.subject, input: input, digest: full),
            date: input.summary.options.now, text: text, html: html)
        message.extraHeaders = [("X-Mailer", "vb365-report \(input.toolVersion)")]
        return ComposedEmail(message: message, htmlBytes: html.utf8.count, omitted: omitted)
    }

    /// Markdown links to pages of a report that the reader does not have become plain text.
    static func withoutRelativeLinks(_ markdown: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?<!\\)\[((?:[^\]\\\n]|\\.)*)\]\((?![a-z]+://)[^)\s]*\)"#)
        let range = NSRange(markdown.startIndex..., in: markdown)
        return pattern.stringByReplacingMatches(in: markdown, range: range, withTemplate: "$1")
    }

    /// The digest with less in it, step by step: log lines, then jobs that succeeded, then
    /// older sessions that need attention.
    static func cut(_ digest: DigestView, level: Int) -> (DigestView, String?) {
        var d = digest
        var notes: [String] = []
        if level >= 1 {
            let lines = d.attention.reduce(0) { $0 + $1.logLines.count }
            for i in d.attention.indices {
                d.attention[i].moreLogLines += d.attention[i].logLines.count
                d.attention[i].hasMoreLogLines = d.attention[i].moreLogLines > 0
                d.attention[i].logLines = []
                d.attention[i].hasLogLines = false
            }
            if lines > 0 { notes.append("Log lines are left out.") }
        }
        if level >= 2 {
            let kept = d.jobs.filter { $0.badge.cssClass != "success" }
            let dropped = d.jobs.count - kept.count
            d.jobs = kept
            if dropped > 0 {
                notes.append(
                    "\(dropped) job\(dropped == 1 ? "" : "s") that succeeded \(dropped == 1 ? "is" : "are") left out.")
            }
        }
        if level >= 3 {
            let limit = level == 3 ? 25 : level == 4 ? 10 : 0
            if d.attention.count > limit {
                notes.append("\(d.attention.count - limit) sessions that need attention are left out.")
                d.attention = Array(d.attention.prefix(limit))
                d.hasAttention = !d.attention.isEmpty
            }
        }
        if level >= 4 {
            let limit = level == 4 ? 50 : level == 5 ? 20 : 0
            if d.jobs.count > limit {
                notes.append("\(d.jobs.count - limit) more jobs are left out.")
                d.jobs = Array(d.jobs.prefix(limit))
            }
        }
        if level >= 5 {
            // Missed and stale jobs go last, and never all: the count stays in the headline.
            let limit = level == 5 ? 100 : 30
            if d.overdue.count > limit {
                notes.append("\(d.overdue.count - limit) more missed or stale jobs are left out.")
                d.overdue = Array(d.overdue.prefix(limit))
            }
        }
        guard !notes.isEmpty else { return (d, nil) }
        return (d, "To keep this message short: " + notes.joined(separator: " "))
    }
}
