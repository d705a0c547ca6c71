import ArgumentParser
import VB365Pipeline

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
            written; 74 the disk is full (or failed); 78 a template cannot be used; with --server, the statuses of fetch.
            """)

    @Argument(help: "The session's id, or its first characters.")
    var session: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The folder to write the two files into (created when missing).")
    var out = "."

    @Flag(help: "Mask organization, user, host and server names and e-mail addresses.")
    var redact = false

    @OptionGroup var look: LookOptions

    public init() {}

    public func validate() throws {
        if session.count < 8 { throw ValidationError("Give the session id, or at least its first 8 characters.") }
    }

    public func run() async throws {
        let pipeline = report.pipeline(source.source, look: look.settings)
        for path in try await pipeline.ticket(session, folder: out, redact: redact) {
            StandardOutput.write(path + "\n")
        }
    }
}
