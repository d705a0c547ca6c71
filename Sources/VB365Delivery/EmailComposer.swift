import Foundation
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text
import XHTMLValidation

/// What a daily e-mail says and to whom.
package struct EmailOptions: Sendable {
    package var from: MailAddress
    package var to: [MailAddress]
    /// Copy recipients (`Cc`).
    package var cc: [MailAddress] = []
    /// Blind-copy recipients, in the SMTP envelope only (sendmail, `.eml` files and standard
    /// output never see them).
    package var bcc: [MailAddress] = []
    /// The subject, with Veeam's variables (`EmailComposer.subjectVariables`).
    package var subject: String = EmailComposer.defaultSubject
    /// The published site (`https://reports.example.com/vb365`): links point there; without it
    /// the HTML part has no links at all.
    package var siteURL: String?
    /// The HTML part is cut down until it is this small (Gmail clips messages above 102 KB).
    package var maximumHTMLBytes = EmailOptions.defaultMaximumHTMLBytes
    /// Above this many jobs the message is short: both parts list only the jobs (and, in the
    /// text, the organizations) that need action or are worth knowing about, without log lines,
    /// and say where the rest is (the site, with `siteURL`); 0: never short.
    package var shortAboveJobs = EmailOptions.defaultShortAboveJobs

    /// The default of `shortAboveJobs`: 30 jobs, about the longest table that is read whole.
    package static let defaultShortAboveJobs = 30

    /// The default of `maximumHTMLBytes`: a round figure below the 102 KB above which Gmail clips
    /// a message, so that a part cut to it is shown whole.
    static let defaultMaximumHTMLBytes = 100_000

    /// Creates options.
    package init(from: MailAddress, to: [MailAddress]) {
        self.from = from
        self.to = to
    }
}

/// A composed message and what was cut to keep it small.
package struct ComposedEmail: Sendable {
    package var message: MailMessage
    /// The HTML part's size in bytes, before transfer encoding.
    package var htmlBytes: Int
    /// What was left out of the HTML part, if anything.
    package var omitted: String?
}

/// A problem that stops a message from being composed (its HTML part is not valid XHTML): 70.
package struct EmailError: ReportableError, Sendable {
    /// The first problem of the HTML part, at its line and column.
    package var issue: ValidationIssue
    package var exitStatus: ExitStatus { .software }
    package var diagnostics: [Diagnostic] {
        [
            issue.diagnostic(
                path: "the e-mail's HTML part",
                advice: "it is not valid XHTML 1.0 Strict; check templates/email.html.mustache or its override")
        ]
    }
}

/// Builds the daily e-mail from a report's input: the Markdown digest as the plain-text part,
/// the digest restyled for mail (inline styles, tables, no images, no scripts, no links but to
/// the published site) as the HTML part, validated as XHTML 1.0 Strict and cut down to size.
package enum EmailComposer {
    /// `[Failed] 3 of 42 jobs need action – VB365 daily report 2026-11-23`.
    package static let defaultSubject = "[%JobResult%] %Issues% – VB365 daily report %Time%"

    /// The subject variables, as in Veeam's own notification settings.
    package static let subjectVariables: [(name: String, meaning: String)] = [
        (
            "%JobResult%",
            "the report's outcome: Missed, Failed, Hung, Stale, Warning, Recovered, Running, Success or No data"
        ),
        (
            "%Issues%",
            "`3 of 42 jobs need action; 2 for information`, `All 42 jobs backed up` or `No sessions in the window`"
        ),
        ("%OrgName%", "the organization's name, or `2 organizations`"),
        ("%JobName%", "the job's name, or `42 jobs`"),
        ("%ObjectCount%", "items processed in the window (VB365's statistics)"),
        ("%Time%", "the date of the window's end in the report's time zone: the date the body shows"),
    ]

    /// Names in `template` that look like variables but are not.
    package static func unknownVariables(in template: String) -> [String] {
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
    package static func subject(_ template: String, input: ReportInput, digest: DigestView) -> String {
        let s = input.summary
        let organization =
            s.organizations.count == 1 ? s.organizations[0].name : "\(s.organizations.count) organizations"
        let job = s.jobs.count == 1 ? s.jobs[0].name : "\(s.jobs.count) jobs"
        let values: [String: String] = [
            "%JobResult%": s.headlineWord, "%Issues%": digest.headline, "%OrgName%": organization, "%JobName%": job,
            "%ObjectCount%": s.totals.objectsTotal.phrase(HumanUnits.count),
            "%Time%": input.time.date(s.window.lastInstant),
        ]
        var out = template
        for (name, value) in values { out = out.replacingOccurrences(of: name, with: MailMessage.oneLine(value)) }
        return out
    }

    /// Composes the message; the HTML part is validated with `validator`. Throws an
    /// `EmailError` for an invalid HTML part, a `TemplateError` for a template that cannot render.
    package static func compose(
        _ input: ReportInput, templates: TemplateSet, options: EmailOptions, validator: XHTMLValidator
    ) throws -> ComposedEmail {
        let base = options.siteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        var markdown = ViewBuilder(input: input, format: .markdown)
        markdown.linkBase = base
        var textDigest = markdown.digest()
        // Links to places in a page mean nothing in a message's text.
        textDigest.contents = []
        let short = options.shortAboveJobs > 0 && textDigest.jobs.count > options.shortAboveJobs
        if short { textDigest = shortened(textDigest, site: base) }
        var text = try templates.render(textDigest, format: .markdown)
        if base == nil { text = withoutRelativeLinks(text) }
        var xhtml = ViewBuilder(input: input, format: .xhtml)
        xhtml.linkBase = base
        let full = xhtml.digest()

        var html = ""
        var omitted: String?
        // A short message starts where jobs that succeeded are left out.
        for level in cutLevels where !short || level >= succeededJobsCutLevel {
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
            throw EmailError(issue: first)
        }
        var message = MailMessage(
            from: options.from, to: options.to, subject: subject(options.subject, input: input, digest: full),
            date: input.summary.options.now, text: text, html: html)
        message.extraHeaders = [("X-Mailer", "vb365-report \(input.toolVersion)")]
        message.cc = options.cc
        message.bcc = options.bcc
        return ComposedEmail(message: message, htmlBytes: html.utf8.count, omitted: omitted)
    }

    /// Markdown links to pages of a report that the reader does not have become plain text.
    static func withoutRelativeLinks(_ markdown: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?<!\\)\[((?:[^\]\\\n]|\\.)*)\]\((?![a-z]+://)[^)\s]*\)"#)
        let range = NSRange(markdown.startIndex..., in: markdown)
        return pattern.stringByReplacingMatches(in: markdown, range: range, withTemplate: "$1")
    }

    // MARK: Cutting the HTML part

    /// The levels `compose` tries in turn until the HTML part is small enough: 0 leaves the
    /// digest whole; each level leaves out what the one before did, and more (`cut`). The last
    /// is the level at which the last cap (`overdueCap`) tightens to its last limit.
    static let cutLevels = 0...6
    /// From this level on, log lines are left out: they are the bulk of a long digest, and the
    /// site has them.
    static let logLinesCutLevel = 1
    /// From this level on, jobs that succeeded are left out: the reader needs the others.
    static let succeededJobsCutLevel = 2
    /// Sessions that need attention, newest first: 25, then 10, then none (the count stays).
    static let attentionCap = CutCap(firstLevel: 3, limits: [25, 10, 0])
    /// Rows of the job table, once succeeded jobs are gone: 50, then 20, then none.
    static let jobsCap = CutCap(firstLevel: 4, limits: [50, 20, 0])
    /// Missed and stale jobs go last, and never all: 100, then 30; the count stays in the headline.
    static let overdueCap = CutCap(firstLevel: 5, limits: [100, 30])

    /// A limit on one list of the digest that tightens level by level.
    struct CutCap {
        /// The first cut level that limits the list.
        var firstLevel: Int
        /// The most items kept at `firstLevel`, `firstLevel + 1`, …; the last holds for deeper levels.
        var limits: [Int]

        /// The most items kept at `level`; nil below `firstLevel`, where the list is whole.
        func limit(at level: Int) -> Int? {
            guard level >= firstLevel else { return nil }
            return limits[min(level - firstLevel, limits.count - 1)]
        }
    }

    /// The text part's digest of a short message (`EmailOptions.shortAboveJobs`): without log
    /// lines, jobs that succeeded and organizations whose jobs all did, saying so and where the
    /// full report is.
    static func shortened(_ digest: DigestView, site: String?) -> DigestView {
        var (d, note) = cut(digest, level: succeededJobsCutLevel)
        let kept = d.organizations.filter { $0.badge.kind != .success }
        let dropped = d.organizations.count - kept.count
        d.organizations = kept
        var notes = note.map { [$0] } ?? []
        if dropped > 0 {
            if notes.isEmpty { notes.append("To keep this message short:") }
            notes.append(
                "\(dropped) organization\(dropped == 1 ? "" : "s") whose jobs all succeeded \(dropped == 1 ? "is" : "are") left out."
            )
        }
        // Nothing left out (every job needs action or is worth knowing about): nothing to say.
        guard !notes.isEmpty else { return d }
        notes.append(
            site.map { "The full report: <\(DisplayText.clean($0))>" }
                ?? "The full report is in the site or report folder.")
        d.leftOut = notes.joined(separator: " ")
        return d
    }

    /// The digest with less in it, step by step: log lines, then jobs that succeeded, then
    /// older sessions that need attention.
    static func cut(_ digest: DigestView, level: Int) -> (DigestView, String?) {
        var d = digest
        var notes: [String] = []
        if level >= logLinesCutLevel {
            let lines = d.attention.reduce(0) { $0 + $1.logLines.count }
            for i in d.attention.indices {
                d.attention[i].moreLogLines += d.attention[i].logLines.count
                d.attention[i].hasMoreLogLines = d.attention[i].moreLogLines > 0
                d.attention[i].logLines = []
                d.attention[i].hasLogLines = false
            }
            if lines > 0 { notes.append("Log lines are left out.") }
        }
        if level >= succeededJobsCutLevel {
            let kept = d.jobs.filter { $0.badge.kind != .success }
            let dropped = d.jobs.count - kept.count
            d.jobs = kept
            if dropped > 0 {
                notes.append(
                    "\(dropped) job\(dropped == 1 ? "" : "s") that succeeded \(dropped == 1 ? "is" : "are") left out.")
            }
        }
        if let limit = attentionCap.limit(at: level) {
            if d.attention.count > limit {
                notes.append("\(d.attention.count - limit) sessions that need attention are left out.")
                d.attention = Array(d.attention.prefix(limit))
                d.hasAttention = !d.attention.isEmpty
            }
        }
        if let limit = jobsCap.limit(at: level) {
            if d.jobs.count > limit {
                notes.append("\(d.jobs.count - limit) more jobs are left out.")
                d.jobs = Array(d.jobs.prefix(limit))
            }
        }
        if let limit = overdueCap.limit(at: level) {
            if d.overdue.count > limit {
                notes.append("\(d.overdue.count - limit) more missed or stale jobs are left out.")
                d.overdue = Array(d.overdue.prefix(limit))
            }
        }
        guard !notes.isEmpty else { return (d, nil) }
        return (d, "To keep this message short: " + notes.joined(separator: " "))
    }
}
