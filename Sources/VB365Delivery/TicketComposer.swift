import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import XHTMLValidation

/// Sessions as two files each for a support ticket: a self-contained XHTML page (validated) and a
/// Markdown body, optionally redacted before anything is rendered.
package enum TicketComposer {
    /// The session of `input` whose id is `prefix` or starts with it (at least 8 characters);
    /// throws a usage failure (64) when none or several match.
    package static func session(_ prefix: String, in summary: Summary) throws(Failure) -> SessionFacts {
        let wanted = prefix.lowercased()
        let matches = (summary.history + summary.sessions).filter { $0.id.description.lowercased().hasPrefix(wanted) }
        guard matches.count == 1, let facts = matches.first else {
            throw matches.isEmpty
                ? Failure(
                    .usage, "no session \(prefix) was read (before the window's end)",
                    advice: "check the id and the inputs")
                : Failure(.usage, "\(matches.count) sessions start with \(prefix)", advice: "give more of the id")
        }
        return facts
    }

    /// The files of each session's ticket, XHTML first, redacted together (the same name has the
    /// same mask in each, and names are learned from every log read, though only these sessions'
    /// are kept); throws a validation failure (70) when a page is not valid XHTML 1.0 Strict, or
    /// a template error.
    package static func compose(
        _ sessions: [SessionFacts], input: ReportInput, templates: TemplateSet, validator: XHTMLValidator,
        redact: Bool
    ) throws -> [RenderedPage] {
        var input = input
        if redact {
            var redactor = Redactor()
            input = redactor.redact(input, keepingLogsOf: Set(sessions.map(\.id)))
        }
        let described = Dictionary(
            (input.summary.history + input.summary.sessions).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var files: [RenderedPage] = []
        for session in sessions {
            files += try compose(
                described[session.id] ?? session, input: input, templates: templates, validator: validator,
                redact: redact)
        }
        return files
    }

    /// One session's files, XHTML first.
    static func compose(
        _ facts: SessionFacts, input: ReportInput, templates: TemplateSet, validator: XHTMLValidator, redact: Bool
    ) throws -> [RenderedPage] {
        var files: [RenderedPage] = []
        for format in [OutputFormat.xhtml, .markdown] {
            let builder = ViewBuilder(input: input, format: format)
            let name = builder.ticketName(facts) + "." + format.fileExtension
            let text = try templates.render(builder.ticket(facts, redacted: redact), format: format)
            let bytes = Array(text.utf8)
            if format == .xhtml, let issue = validator.validate(bytes, name: name).first {
                throw Failure(.software, diagnostics: [issue.diagnostic(path: name, advice: "nothing was written")])
            }
            files.append(
                RenderedPage(path: name, bytes: bytes, template: PageKind.ticket.templateName(format), format: format))
        }
        return files
    }
}
