import ArgumentParser
import Foundation
import VB365Delivery
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import XHTMLValidation

/// `vb365-report ticket`: one session as a self-contained XHTML file and a Markdown file, for a
/// support ticket.
public struct TicketCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Write one session as a self-contained XHTML file and a Markdown file to attach to a ticket.",
        discussion: """
            SESSION is a session id, or the start of one (at least 8 characters). The files are \
            named <job>-<date>-<status>-<short id>.html and .md: the session's facts, its comparison \
            with the previous run and the job's median, the job's recent sessions, and the warning \
            and error lines of its log. --redact masks organization, user, host and server names and \
            e-mail addresses, the same name always with the same mask, before anything is written.

            Exit status: 0 written; 64 bad usage or no such session; 65 an input could not be read; \
            69 the XHTML DTDs are missing; 70 the page is not valid XHTML; 73 the folder cannot be \
            written; 78 a template cannot be used; with --server, the statuses of fetch.
            """)

    @Argument(help: "The session's id, or its first characters.")
    var session: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The folder to write the two files into.")
    var out = "."

    @Flag(help: "Mask organization, user, host and server names and e-mail addresses.")
    var redact = false

    @OptionGroup var look: LookOptions

    public init() {}

    public func validate() throws {
        if session.count < 8 { throw ValidationError("Give the session id, or at least its first 8 characters.") }
    }

    public func run() async throws {
        let templateSet = try look.templateSet()
        let validator = try look.validator()
        let result = try await source.read(report: report)
        let summary = try report.summarize(result.inventory, includeHistory: true)
        let wanted = session.lowercased()
        let matches = (summary.history + summary.sessions).filter { $0.id.description.lowercased().hasPrefix(wanted) }
        guard matches.count == 1, let facts = matches.first else {
            Diagnostics.printLine(
                matches.isEmpty
                    ? "vb365-report: no session \(session) was read (before the window's end); check the id and the inputs."
                    : "vb365-report: \(matches.count) sessions start with \(session); give more of the id.")
            throw ExitCode(64)
        }
        var input = ReportInput(
            summary: summary, logItems: result.inventory.logItems, time: look.time,
            toolVersion: ReportCommand.toolVersion)
        if redact {
            var redactor = Redactor()
            input = redactor.redact(input)
        }
        var files: [(String, String)] = []
        for format in [OutputFormat.xhtml, .markdown] {
            let builder = ViewBuilder(input: input, format: format)
            let name = builder.ticketName(facts) + "." + format.fileExtension
            let text = templateSet.render(
                builder.ticket(facts, redacted: redact), with: "ticket.\(format.fileExtension)")
            if format == .xhtml, let issue = validator.validate(Array(text.utf8), name: name).first {
                Diagnostics.printLine("vb365-report: \(issue); nothing was written.")
                throw ExitCode(70)
            }
            files.append((name, text))
        }
        for (name, text) in files {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
            do {
                try ReportPublisher.writeAtomically(Array(text.utf8), to: path)
            } catch {
                throw LookOptions.cannotWrite(error)
            }
            Output.write(path + "\n")
        }
    }
}
